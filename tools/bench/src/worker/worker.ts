import { performance } from 'node:perf_hooks';
import { BenchClient } from '../client/bench-client';
import { createPublishEncoder } from '../client/publish-encoder';
import { connectIdle } from '../load/idle-connector';
import { Publisher } from '../load/publisher';
import { Subscriber } from '../load/subscriber';
import type {
  DrainCommand,
  IdleCommand,
  Mark,
  SetupCommand,
  StartCommand,
  WorkerCommand,
  WorkerReply,
} from './messages';
import { sleep } from '../sys/sleep';

/** Keepalive long enough that no PINGREQ is due during a run. */
const KEEPALIVE_S = 300;
/**
 * Bytes all publishers of this process write per event-loop turn (QoS 0). Node reads at most
 * 64 KiB per socket per turn, so keeping the writes of a turn well below that leaves a
 * subscriber in the same process able to read faster than its publishers write.
 */
const TURN_BYTES = 16 * 1024;

interface PublisherEntry {
  readonly pubId: number;
  readonly publisher: Publisher;
}

/**
 * A load worker process: holds the clients of one scenario (or of one half of it), driven by
 * the orchestrator over IPC. Holding no timers of its own between commands, it spends its CPU
 * on the sockets only.
 */
export class LoadWorker {
  private clients: BenchClient[] = [];
  private publishers: PublisherEntry[] = [];
  private subscribers: Subscriber[] = [];

  constructor(private readonly reply: (message: WorkerReply) => void) {}

  handle(command: WorkerCommand): void {
    this.run(command).then(
      (message) => {
        if (message) this.reply(message);
      },
      (e: unknown) =>
        this.reply({ reply: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  }

  private async run(command: WorkerCommand): Promise<WorkerReply | undefined> {
    switch (command.cmd) {
      case 'setup':
        await this.setup(command);
        return { reply: 'ready' };
      case 'start':
        return this.start(command);
      case 'drain':
        return this.drain(command);
      case 'idle':
        return this.idle(command);
      case 'teardown':
        this.teardown();
        return undefined;
    }
  }

  private async setup(cmd: SetupCommand): Promise<void> {
    const open = (clientId: string, target = cmd.target): Promise<BenchClient> =>
      BenchClient.connect({
        host: target.host,
        port: target.port,
        clientId,
        keepAlive: KEEPALIVE_S,
        decoder: cmd.client,
        timeoutMs: 10_000,
      }).then((c) => {
        this.clients.push(c);
        return c;
      });
    // Subscribers first, so that no message of the run precedes a subscription.
    this.subscribers = await Promise.all(
      cmd.subscribers.map(async (plan) => {
        const client = await open(plan.clientId, cmd.subscriberTarget);
        const granted = await client.subscribe(plan.filter, plan.qos);
        if (granted !== plan.qos) {
          throw new Error(`${plan.filter}: QoS ${plan.qos} requested, ${granted} granted`);
        }
        return new Subscriber(client, plan.expectFrom, plan.latency);
      }),
    );
    this.publishers = await Promise.all(
      cmd.publishers.map(async (plan) => {
        const client = await open(plan.clientId);
        const encoder = createPublishEncoder(
          cmd.client,
          plan.topic,
          plan.qos,
          plan.pubId,
          cmd.payloadSize,
        );
        encoder.begin(1);
        encoder.add(0, 1, 0);
        const frameSize = encoder.end().length;
        const publisher = new Publisher(client, encoder, {
          qos: plan.qos,
          window: cmd.window,
          rate: plan.rate,
          batchBytes: Math.floor(TURN_BYTES / cmd.publishers.length),
          frameSize,
        });
        return { pubId: plan.pubId, publisher };
      }),
    );
  }

  private async start(cmd: StartCommand): Promise<WorkerReply> {
    for (const { publisher } of this.publishers) publisher.start();
    await sleep(cmd.warmupMs);
    const from = this.mark();
    for (const s of this.subscribers) s.latency?.window(from.time, from.time + cmd.durationMs);
    await sleep(cmd.durationMs);
    const to = this.mark();
    await Promise.all(this.publishers.map(({ publisher }) => publisher.stop(cmd.settleTimeoutMs)));
    return {
      reply: 'stopped',
      from,
      to,
      publishers: this.publishers.map(({ pubId, publisher }) => ({ pubId, ...publisher.stats() })),
    };
  }

  private async drain(cmd: DrainCommand): Promise<WorkerReply> {
    const started = performance.now();
    let last = this.received();
    let lastChange = started;
    let complete = this.subscribers.every((s) => s.complete(cmd.expected));
    while (!complete) {
      await sleep(20);
      const now = performance.now();
      const received = this.received();
      if (received !== last) {
        last = received;
        lastChange = now;
      }
      complete = this.subscribers.every((s) => s.complete(cmd.expected));
      if (now - lastChange >= cmd.quietMs || now - started >= cmd.timeoutMs) break;
    }
    const latency = this.subscribers.find((s) => s.latency)?.latency?.summary();
    return {
      reply: 'drained',
      subscribers: this.subscribers.map((s) => s.stats(cmd.expected)),
      complete,
      ...(latency ? { latency } : {}),
      drainMs: performance.now() - started,
    };
  }

  private async idle(cmd: IdleCommand): Promise<WorkerReply> {
    const outcome = await connectIdle(cmd);
    this.clients.push(...outcome.clients);
    return {
      reply: 'idle',
      connected: cmd.count - outcome.failed,
      failed: outcome.failed,
      ...(outcome.firstError !== undefined ? { firstError: outcome.firstError } : {}),
    };
  }

  private teardown(): void {
    for (const c of this.clients) c.destroy();
    this.clients = [];
    process.exit(0);
  }

  private mark(): Mark {
    const cpu = process.cpuUsage();
    let sent = 0;
    for (const { publisher } of this.publishers) sent += publisher.sentCount;
    return {
      time: performance.now(),
      sent,
      received: this.received(),
      cpuMicros: cpu.user + cpu.system,
    };
  }

  private received(): number {
    let n = 0;
    for (const s of this.subscribers) n += s.received;
    return n;
  }
}

/** Entry of a worker process (`main.js --role worker`, forked with an IPC channel). */
export function runWorker(): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the load worker must be started with an IPC channel (fork)');
  const worker = new LoadWorker((message) => send(message));
  process.on('message', (message: WorkerCommand) => worker.handle(message));
  // The orchestrator going away ends the worker too.
  process.on('disconnect', () => process.exit(0));
}
