import type { DrainWaiter, Session } from '@mithqtt/protocol';
import type { ClusterPort } from './ports/cluster.port';

/** The local publisher shape flow control pauses (see Broker's FlowControlledPublisher). */
interface Pausable extends DrainWaiter {
  waitForDrain(): void;
}

/** A pause not refreshed for this long is over (the node that asked may have died). */
const PAUSE_TTL_MS = 3000;
/** A congested node repeats its pause this often, so that it does not expire meanwhile. */
const REFRESH_MS = 1000;

/**
 * Publisher flow control across nodes (decision 0004). Local flow control pauses a publisher
 * whose message leaves a subscriber's queue half full; a message from another node has no
 * local publisher, so the subscriber's node asks the origin node to pause instead
 * (`ClusterPort.flowPause`), and the origin node holds every local publisher after its next
 * message until all nodes that asked have resumed it (or their pause expired).
 *
 * Coarse on purpose: the origin pauses all its publishers, not only those reaching the slow
 * session (it does not know which remote sessions a topic reaches). It is what keeps the
 * cluster from acknowledging messages that a remote queue would then drop.
 */
export class RemoteFlow {
  /** Subscriber side: one waiter per origin node, registered on each congested session. */
  private readonly waiters = new Map<string, OriginWaiter>();
  /** Origin side: nodes that asked this node to pause, with when their pause expires. */
  private readonly pausedBy = new Map<string, number>();
  private gate: Pausable[] = [];
  private gateTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cluster: ClusterPort,
    private readonly now: () => number,
  ) {}

  /** A message from node `origin` left `session`'s queue past its mark. */
  congestedBy(session: Session, origin: string): void {
    let waiter = this.waiters.get(origin);
    if (!waiter) {
      waiter = new OriginWaiter(origin, this.cluster, () => this.waiters.delete(origin));
      this.waiters.set(origin, waiter);
    }
    const list = (session.drainWaiters ??= []);
    if (list.includes(waiter)) return;
    list.push(waiter);
    waiter.hold();
  }

  /** Node `by` asks this node to pause its publishers (or renews that request). */
  pause(by: string): void {
    this.pausedBy.set(by, this.now() + PAUSE_TTL_MS);
  }

  resume(by: string): void {
    this.pausedBy.delete(by);
    if (this.pausedBy.size === 0) this.openGate();
  }

  /** A local publisher just published: hold it while any node asks for a pause. */
  hold(publisher: Pausable): void {
    if (this.pausedBy.size === 0 || !this.stillPaused()) return;
    if (this.gate.includes(publisher)) return;
    this.gate.push(publisher);
    publisher.waitForDrain();
    this.gateTimer ??= setTimeout(() => this.recheck(), PAUSE_TTL_MS).unref();
  }

  /** Drops expired pauses; true while one is left. */
  private stillPaused(): boolean {
    const now = this.now();
    for (const [node, until] of this.pausedBy) if (until <= now) this.pausedBy.delete(node);
    if (this.pausedBy.size > 0) return true;
    this.openGate();
    return false;
  }

  private recheck(): void {
    this.gateTimer = undefined;
    if (this.stillPaused() && this.gate.length > 0) {
      this.gateTimer = setTimeout(() => this.recheck(), PAUSE_TTL_MS).unref();
    }
  }

  private openGate(): void {
    clearTimeout(this.gateTimer);
    this.gateTimer = undefined;
    const gate = this.gate;
    this.gate = [];
    for (const publisher of gate) publisher.drained();
  }
}

/** Registered on the sessions an origin node congests; counts them, tells the origin. */
class OriginWaiter implements DrainWaiter {
  private holds = 0;
  private refresh: NodeJS.Timeout | undefined;

  constructor(
    private readonly origin: string,
    private readonly cluster: ClusterPort,
    private readonly onIdle: () => void,
  ) {}

  hold(): void {
    if (this.holds++ > 0) return;
    this.cluster.flowPause(this.origin);
    this.refresh = setInterval(() => this.cluster.flowPause(this.origin), REFRESH_MS).unref();
  }

  drained(): void {
    if (this.holds === 0 || --this.holds > 0) return;
    clearInterval(this.refresh);
    this.cluster.flowResume(this.origin);
    this.onIdle();
  }
}
