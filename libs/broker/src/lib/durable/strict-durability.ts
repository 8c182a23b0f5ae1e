import type { QoS } from '@mithqtt/codec';
import type { Message, Session, SubscriptionOptions } from '@mithqtt/protocol';
import { SubscriptionIndex } from '@mithqtt/topic';
import type { ClusterPort } from '../ports/cluster.port';
import type { DurableLog, NodeCheckpoint } from '../ports/durable-log.port';
import type { SessionStore } from '../ports/session.port';
import type { BrokerStats } from '../stats';
import { type Deferred, deferred } from './deferred';
import { compareLogIds, laterLogId, logIdAt } from './log-id';

/** What strict durability needs of the broker. */
export interface StrictHost {
  /** Deliver an accepted message to this node's sessions (publisher flow control applies). */
  routeLocal(message: Message, publisher: unknown): void;
  /** Hand an accepted message to the other nodes. */
  publishCluster(message: Message): void;
  /** Deliver to one session at `qos` (goes through `admit` again: duplicates are skipped). */
  deliver(session: Session, message: Message, qos: QoS): void;
  /** Resolves once other nodes route these sessions' filters here (bounded; never rejects). */
  interestReady(sessions: readonly Session[]): Promise<void>;
  /** Whether the broker still holds this session object (not taken over, not discarded). */
  holds(session: Session): boolean;
}

/** A session whose missed messages are looked up in the durable logs. */
export interface ReplayTarget {
  readonly session: Session;
  /**
   * Entries logged before this time (ms) are not considered: its previous holder had them,
   * or the session did not exist yet. Checkpoints raise it per node.
   */
  readonly floorMs: number;
  /**
   * The node that held the session before (dead, or unknown) and when it got it: that node's
   * checkpoint raises the floor if it was taken while it held the session.
   */
  readonly holder?: string;
  readonly since?: number;
}

interface Pending {
  readonly message: Message;
  /** The log write it waits for; undefined for QoS 0 (nothing to wait for but its turn). */
  readonly group: AppendGroup | undefined;
}

/** The messages of one log write (one event-loop turn): settled and acknowledged together. */
interface AppendGroup {
  settled: boolean;
  failed: boolean;
  readonly ack: Deferred;
}

/** Entries read from a log per round trip during a replay. */
const REPLAY_BATCH = 1000;
/** How often this node records its checkpoint (bounds how much of a log a replay reads). */
const CHECKPOINT_MS = 500;

/**
 * Strict durability (DURABILITY=strict, decision 0008): no acknowledged QoS 1/2 message is
 * lost when a gateway dies.
 *
 * - Publish: a QoS 1/2 message is delivered to this node's sessions at once (so publisher
 *   flow control acts as in `fast` mode) and appended to this node's durable log (Redis); only
 *   once logged is it handed to NATS, so that a node that finds it missing from a session
 *   (replay, after its interest is set up) also finds it in the log. Its PUBACK/PUBREC waits
 *   until the log write and a NATS flush are done. Messages go to NATS in arrival order (QoS
 *   0 ones wait behind pending QoS 1/2 ones): per-publisher order holds [MQTT-4.6.0-6].
 *   A message routed here whose log write then fails was not acknowledged: the client
 *   re-sends it, as after any lost connection.
 * - Delivery: a persistent session records, per origin node, the last log id it took
 *   (`admit`), stored with its journal; a message at or below it is a duplicate and skipped.
 * - Replay: a session this node takes from a dead node (adoption, or a CONNECT whose owner is
 *   gone) or from a live one (hand-over) reads every node's log from its checkpoint and
 *   delivers what matches its subscriptions and it has not taken. Live messages for it wait
 *   until the replay is done, then go through the same duplicate check.
 */
export class StrictDurability {
  private readonly fifo: Pending[] = [];
  private readonly checkpoints = new WeakMap<Session, Map<string, string>>();
  /** Sessions being replayed: live deliveries for them wait here, in order. */
  private readonly replaying = new Map<Session, { message: Message; qos: QoS }[]>();
  private readonly replays = new Map<Session, Promise<void>>();
  private replayDelivering = false;
  /** The group of the log write being filled (same `stored` promise), if any. */
  private filling: { readonly stored: Promise<void>; readonly group: AppendGroup } | undefined;
  private toAck: AppendGroup[] = [];
  private ackScheduled = false;
  /** Per origin node: the last logged message routed here (this node's checkpoint). */
  private readonly routed = new Map<string, string>();
  private routedChanged = false;
  private savingCheckpoint = false;
  private readonly checkpointTimer: NodeJS.Timeout;

  constructor(
    private readonly log: DurableLog,
    private readonly node: string,
    private readonly host: StrictHost,
    private readonly stats: BrokerStats,
    private readonly store: SessionStore | undefined,
    private readonly cluster: ClusterPort | undefined,
    private readonly onError: (context: string, error: unknown) => void,
  ) {
    this.checkpointTimer = setInterval(() => void this.saveCheckpoint(), CHECKPOINT_MS);
    this.checkpointTimer.unref();
  }

  /** Stop recording checkpoints (shutdown). */
  close(): void {
    clearInterval(this.checkpointTimer);
  }

  /** A logged message was routed here (from another node, or this node's own). */
  noteRouted(message: Message): void {
    this.routed.set(message.node as string, message.logId as string);
    this.routedChanged = true;
  }

  /**
   * Record this node's checkpoint: what was routed here so far, once the session store holds
   * every journal write made for it. Skipped while a replay is pending or running: its
   * session may still lack messages older than the marks.
   */
  private async saveCheckpoint(): Promise<void> {
    if (!this.routedChanged || this.savingCheckpoint || this.replaying.size > 0) return;
    this.savingCheckpoint = true;
    this.routedChanged = false;
    const marks = new Map(this.routed);
    const at = Date.now();
    try {
      await this.store?.flush();
      await this.log.saveCheckpoint(marks, at);
    } catch (e: unknown) {
      this.routedChanged = true;
      this.onError('durable.checkpoint', e);
    } finally {
      this.savingCheckpoint = false;
    }
  }

  /**
   * Accept a message: QoS 1/2 is logged, then routed. Returns what the PUBACK/PUBREC must wait
   * for (rejected if the log write failed: the message is then not acknowledged).
   */
  publish(message: Message, publisher: unknown): Promise<void> | undefined {
    if (message.qos === 0) {
      this.host.routeLocal(message, publisher);
      if (this.fifo.length === 0) this.host.publishCluster(message);
      else this.fifo.push({ message, group: undefined });
      return undefined;
    }
    const { id, stored } = this.log.append(message);
    let filling = this.filling;
    if (filling?.stored !== stored) {
      // The first message of a log write: one handler and one acknowledgement for all of it.
      const group: AppendGroup = { settled: false, failed: false, ack: deferred() };
      // Callers that do not wait (a will, a backend publish) must not leave it unhandled.
      group.ack.promise.catch(() => undefined);
      filling = { stored, group };
      this.filling = filling;
      stored.then(
        () => this.settle(group, false),
        (e: unknown) => {
          this.stats.durableLogFailures++;
          this.onError('durable.append', e);
          this.settle(group, true);
        },
      );
    }
    const group = filling.group;
    const logged: Message = { ...message, logId: id, node: this.node };
    this.host.routeLocal(logged, publisher);
    this.noteRouted(logged);
    this.fifo.push({ message: logged, group });
    return group.ack.promise;
  }

  /**
   * A delivery of a logged message to a persistent session at QoS 1/2: false if the session
   * already took it, or if a replay of the session runs (the delivery is kept for after it);
   * otherwise the session's checkpoint moves to it and the caller delivers.
   */
  admit(session: Session, message: Message, qos: QoS): boolean {
    if (!this.replayDelivering) {
      const waiting = this.replaying.get(session);
      if (waiting !== undefined) {
        waiting.push({ message, qos });
        return false;
      }
    }
    const node = message.node as string;
    const id = message.logId as string;
    let marks = this.checkpoints.get(session);
    const last = marks?.get(node);
    if (last !== undefined && compareLogIds(id, last) <= 0) {
      this.stats.replayDuplicatesSkipped++;
      return false;
    }
    if (!marks) {
      marks = new Map();
      this.checkpoints.set(session, marks);
    }
    marks.set(node, id);
    this.store?.checkpoint(session.clientId, node, id);
    return true;
  }

  /** Checkpoints of a session restored from the store. */
  restore(session: Session, checkpoints: ReadonlyMap<string, string> | undefined): void {
    if (checkpoints && checkpoints.size > 0) this.checkpoints.set(session, new Map(checkpoints));
  }

  /** Start holding live deliveries for `session` until its replay (`replay`) has run. */
  hold(session: Session): void {
    if (!this.replaying.has(session)) this.replaying.set(session, []);
  }

  /** Resolves when a replay of `session` running now is over (at once if none). */
  replayOf(session: Session): Promise<void> {
    return this.replays.get(session) ?? Promise.resolve();
  }

  /** Deliver to these sessions what the durable logs hold for them and they did not take. */
  replay(targets: readonly ReplayTarget[]): Promise<void> {
    for (const t of targets) this.hold(t.session);
    const run = this.run(targets).finally(() => {
      for (const t of targets) {
        if (this.replays.get(t.session) === run) this.replays.delete(t.session);
      }
    });
    for (const t of targets) this.replays.set(t.session, run);
    return run;
  }

  private async run(targets: readonly ReplayTarget[]): Promise<void> {
    try {
      await this.host.interestReady(targets.map((t) => t.session));
      const index = new SubscriptionIndex<ReplayTarget, SubscriptionOptions>();
      for (const t of targets) {
        for (const [filter, options] of t.session.subscriptions) index.add(filter, t, options);
      }
      const holders = new Map<string, NodeCheckpoint | undefined>();
      for (const t of targets) {
        if (t.holder !== undefined && !holders.has(t.holder)) {
          holders.set(t.holder, await this.log.checkpointOf(t.holder));
        }
      }
      for (const node of await this.log.origins()) {
        await this.replayFrom(node, targets, index, holders);
      }
    } catch (e: unknown) {
      this.onError('durable.replay', e);
    } finally {
      // Live deliveries held meanwhile, in order; `admit` drops what the replay delivered.
      for (const t of targets) {
        const waiting = this.replaying.get(t.session);
        this.replaying.delete(t.session);
        if (!waiting || !this.host.holds(t.session)) continue;
        for (const w of waiting) this.host.deliver(t.session, w.message, w.qos);
      }
    }
  }

  private async replayFrom(
    node: string,
    targets: readonly ReplayTarget[],
    index: SubscriptionIndex<ReplayTarget, SubscriptionOptions>,
    holders: ReadonlyMap<string, NodeCheckpoint | undefined>,
  ): Promise<void> {
    const floors = new Map<ReplayTarget, string>();
    let after: string | undefined;
    for (const t of targets) {
      let floor = laterLogId(logIdAt(t.floorMs), this.checkpoints.get(t.session)?.get(node));
      // The old holder had routed and journaled everything up to its mark while it held the
      // session (taken after the session came to it, so its arrival replay was done).
      const held = t.holder === undefined ? undefined : holders.get(t.holder);
      if (held && t.since !== undefined && t.since < held.at) {
        floor = laterLogId(floor, held.marks.get(node));
      }
      floors.set(t, floor);
      if (after === undefined || compareLogIds(floor, after) < 0) after = floor;
    }
    if (after === undefined) return;
    const granted = new Map<ReplayTarget, QoS>();
    for (;;) {
      const entries = await this.log.read(node, after, REPLAY_BATCH);
      for (const entry of entries) {
        const message = entry.message;
        granted.clear();
        index.match(message.topic, (t, options) => {
          if ((granted.get(t) ?? -1) < options.qos) granted.set(t, options.qos);
        });
        this.replayDelivering = true;
        try {
          for (const [t, g] of granted) {
            const qos = g < message.qos ? g : message.qos;
            const floor = floors.get(t) as string;
            if (qos === 0 || compareLogIds(entry.id, floor) <= 0 || !this.host.holds(t.session))
              continue;
            const before = this.stats.replayDuplicatesSkipped;
            this.host.deliver(t.session, message, qos);
            if (this.stats.replayDuplicatesSkipped === before) this.stats.replayed++;
          }
        } finally {
          this.replayDelivering = false;
        }
      }
      const last = entries.at(-1);
      if (entries.length < REPLAY_BATCH || !last) return;
      after = last.id;
    }
  }

  private settle(group: AppendGroup, failed: boolean): void {
    group.settled = true;
    group.failed = failed;
    if (this.filling?.group === group) this.filling = undefined;
    // Route what can go, in arrival order (a group settles after every earlier one: the log
    // writes are pipelined in order).
    let head = 0;
    for (; head < this.fifo.length; head++) {
      const next = this.fifo[head] as Pending;
      if (next.group !== undefined && !next.group.settled) break;
      this.host.publishCluster(next.message);
    }
    this.fifo.splice(0, head);
    this.toAck.push(group);
    if (!this.ackScheduled) {
      this.ackScheduled = true;
      queueMicrotask(() => this.acknowledge());
    }
  }

  /** One NATS flush for everything routed in this turn, then the PUBACKs may go. */
  private acknowledge(): void {
    const groups = this.toAck;
    this.toAck = [];
    this.ackScheduled = false;
    const sent = this.cluster ? this.cluster.flush() : Promise.resolve();
    void sent.then(() => {
      for (const group of groups) {
        if (group.failed) group.ack.reject(new Error('durable log write failed'));
        else group.ack.resolve();
      }
    });
  }
}
