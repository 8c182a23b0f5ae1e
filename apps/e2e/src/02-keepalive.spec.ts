import { describe, expect, it } from 'vitest';
import { useBroker } from './support/broker';
import { RawClient } from './support/raw-client';

describe('keepalive', () => {
  const broker = useBroker();

  it('[MQTT-3.1.2-24] a client silent for 1.5 x its keepalive is disconnected', async () => {
    const { client } = await RawClient.connected(broker.port, { keepalive: 1 });
    const connectedAt = Date.now();
    const elapsed = await client.expectClosed(5000, connectedAt);
    // 1.5 s is the rule; the sweep runs every 250 ms, and the rest of the upper bound is
    // room for timer lateness on a busy 2-core machine.
    expect(elapsed).toBeGreaterThanOrEqual(1300);
    expect(elapsed).toBeLessThanOrEqual(2600);
  });

  it('[MQTT-3.1.2-24] any control packet within the keepalive keeps the connection open', async () => {
    const { client } = await RawClient.connected(broker.port, { keepalive: 1 });
    // Three PINGREQs 700 ms apart: 2.1 s in all, well past the 1.5 s a silent client gets.
    for (let i = 0; i < 3; i++) {
      await client.expectOpen(700);
      client.send({ cmd: 'pingreq' });
      await client.expect('pingresp');
    }
    expect(client.isClosed).toBe(false);
  });

  it('[MQTT 3.1.2.10] a keepalive of 0 turns the mechanism off: a silent client stays', async () => {
    const { client } = await RawClient.connected(broker.port, { keepalive: 0 });
    await client.expectOpen(3000);
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp');
  });

  it('[MQTT-3.12.4-1] PINGREQ is answered with PINGRESP', async () => {
    const { client } = await RawClient.connected(broker.port, { keepalive: 30 });
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp');
    client.send({ cmd: 'pingreq' });
    await client.expect('pingresp');
  });
});

describe('MQTT_MAX_KEEPALIVE', () => {
  const broker = useBroker({ MQTT_MAX_KEEPALIVE: '30' });

  it('[MQTT-3.2.2-4] [MQTT-3.2.2-5] a keepalive above the maximum is refused with CONNACK 0x02, session present 0, then the close', async () => {
    const raw = await RawClient.open(broker.port);
    const connack = await raw.handshake({ keepalive: 60 });
    expect(connack.returnCode).toBe(0x02);
    expect(connack.sessionPresent).toBe(false);
    await raw.expectClosed();
  });

  it('[MQTT-3.2.2-4] [MQTT-3.2.2-5] with a maximum set, keepalive 0 (never time out) is refused too', async () => {
    const raw = await RawClient.open(broker.port);
    const connack = await raw.handshake({ keepalive: 0 });
    expect(connack.returnCode).toBe(0x02);
    await raw.expectClosed();
  });

  it('[MQTT-3.2.2-3] a keepalive up to the maximum is accepted', async () => {
    const { connack } = await RawClient.connected(broker.port, { keepalive: 30 });
    expect(connack.returnCode).toBe(0);
  });
});
