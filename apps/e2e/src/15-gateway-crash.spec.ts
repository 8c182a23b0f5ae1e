import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS } from './support/app-process';
import { count, sleep, until, useCrashCluster } from './support/crash';
import { uniqueId, uniqueTopic } from './support/names';
import { RawClient } from './support/raw-client';

/**
 * kill -9 of a gateway process under load, in a two-node cluster (real nats-server and
 * redis-server, each node a real `node dist/apps/embedded/main.js`): what happens to the
 * persistent sessions of its clients, counted message by message. See docs/decisions/0008.
 */
const { clients, node, subscriber } = useCrashCluster();

describe('a gateway killed with SIGKILL under load', () => {
  it(
    'its persistent-session client resumes on the other gateway: in-flight and queued messages redelivered, what follows delivered once',
    async () => {
      const a = await node('crash-a');
      const b = await node('crash-b');
      const topic = uniqueTopic();
      const clientId = uniqueId('crash-sub');
      const received: number[] = [];
      const first = await subscriber(a.mqttPort, clientId, received);
      await first.client.subscribeAsync(`${topic}/#`, { qos: 1 });
      await sleep(200); // NATS interest reaches node B

      const publisher = mqtt.connect({ host: '127.0.0.1', port: b.mqttPort, reconnectPeriod: 0 });
      clients.push(publisher);
      await new Promise((resolve) => publisher.once('connect', resolve));
      let acked = -1;
      let stop = false;
      const publishing = (async () => {
        for (let n = 0; !stop; n++) {
          await publisher.publishAsync(`${topic}/${n % 4}`, String(n), { qos: 1 });
          acked = n; // PUBACK: the cluster has accepted message n
          if (n % 50 === 0) await sleep(1); // a steady stream, not a burst
        }
      })();

      await until(() => received.length >= 300, 20_000);
      a.child.kill('SIGKILL');
      const killedAfter = acked;
      await a.child.waitForExit(10_000);
      const second = await subscriber(b.mqttPort, clientId, received);
      const resumedAfter = acked;
      expect(second.sessionPresent).toBe(true);
      await sleep(1500);
      stop = true;
      await publishing;
      await until(() => received.length > 0 && received.at(-1) === acked, 10_000);
      await sleep(300);

      const beforeKill = count(received, 0, killedAfter);
      const gap = count(received, killedAfter + 1, resumedAfter);
      const afterResume = count(received, resumedAfter + 1, acked);
      // The measurement, for docs/performance.md and the issue note.
      console.log(
        JSON.stringify({
          scenario: 'kill -9 under load',
          acked: acked + 1,
          beforeKill,
          gapUntilResume: { messages: resumedAfter - killedAfter, ...gap },
          afterResume,
        }),
      );
      // Before the kill, what node A had journaled is redelivered by node B (DUP re-sends may
      // duplicate, as QoS 1 allows); messages still travelling to A when it died, and those
      // published before the client came back, are lost: measured above, not asserted (the
      // quiesced test below asserts the journaled part exactly). Published once the client
      // was back: exactly once.
      expect(afterResume).toEqual({ lost: 0, duplicates: 0 });
    },
    PROCESS_TEST_TIMEOUT_MS * 2,
  );

  it(
    'in-flight and queued messages of a killed gateway are all redelivered on the other one, in-flight first with DUP',
    async () => {
      const a = await node('quiet-a');
      const b = await node('quiet-b');
      const topic = uniqueTopic();
      const clientId = uniqueId('quiet-sub');
      // Receives but never acknowledges: the in-flight window fills, the rest is queued.
      const { client: silent } = await RawClient.connected(a.mqttPort, { clientId, clean: false });
      silent.send({
        cmd: 'subscribe',
        messageId: 1,
        subscriptions: [{ topic: `${topic}/#`, qos: 1 }],
      });
      await silent.expect('suback');
      await sleep(200);
      const publisher = await mqtt.connectAsync({
        host: '127.0.0.1',
        port: b.mqttPort,
        reconnectPeriod: 0,
      });
      clients.push(publisher);
      for (let n = 0; n < 200; n++)
        await publisher.publishAsync(`${topic}/x`, String(n), { qos: 1 });
      const first = 32; // the default in-flight window
      for (let n = 0; n < first; n++)
        expect(String((await silent.expect('publish')).payload)).toBe(String(n));
      await sleep(300); // everything is journaled
      a.child.kill('SIGKILL');
      await a.child.waitForExit(10_000);
      const received: number[] = [];
      const dups: boolean[] = [];
      const back = await subscriber(b.mqttPort, clientId, received, dups);
      expect(back.sessionPresent).toBe(true);
      await until(() => received.length >= 200, 10_000);
      expect(received).toEqual(Array.from({ length: 200 }, (_, n) => n));
      expect(dups.slice(0, first)).toEqual(Array.from({ length: first }, () => true));
      expect(dups.slice(first).every((d) => !d)).toBe(true);
    },
    PROCESS_TEST_TIMEOUT_MS * 2,
  );

  it(
    'a client that stays away longer: a surviving node adopts its session and queues for it',
    async () => {
      const a = await node('adopt-a');
      const b = await node('adopt-b');
      const topic = uniqueTopic();
      const clientId = uniqueId('adopt-sub');
      const first = await subscriber(a.mqttPort, clientId, []);
      await first.client.subscribeAsync(`${topic}/#`, { qos: 1 });
      a.child.kill('SIGKILL');
      await a.child.waitForExit(10_000);
      await sleep(2500); // past the lease (1 s) and a check: node B adopted the session
      const publisher = await mqtt.connectAsync({
        host: '127.0.0.1',
        port: b.mqttPort,
        reconnectPeriod: 0,
      });
      clients.push(publisher);
      for (let n = 0; n < 50; n++)
        await publisher.publishAsync(`${topic}/x`, String(n), { qos: 1 });
      const received: number[] = [];
      const back = await subscriber(b.mqttPort, clientId, received);
      expect(back.sessionPresent).toBe(true);
      await until(() => received.length >= 50, 10_000);
      expect(received).toEqual(Array.from({ length: 50 }, (_, n) => n));
    },
    PROCESS_TEST_TIMEOUT_MS * 2,
  );
});
