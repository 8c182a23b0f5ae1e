// Starts a local distributed deployment on this machine: nats-server, redis-server, two
// replicas of the auth service, two of the retain service, one session service, and two
// gateways (broker nodes) using them. Ctrl-C stops everything. Ports can be moved with BASE_PORT.
//   npm run start:cluster     (builds the apps, then runs this file)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = Number(process.env.BASE_PORT ?? 11883);
const ports = {
  mqttA: base,
  mqttB: base + 1,
  httpA: base + 2,
  httpB: base + 3,
  nats: base + 4,
  redis: base + 5,
  api: base + 6,
  // The services' health/metrics listeners (one per replica: they share this host).
  auth: [base + 7, base + 8],
  retain: [base + 9, base + 10],
  session: base + 11,
};
const find = (name, paths) => paths.find((p) => existsSync(p)) ?? name;
const children = [];

function start(name, command, args, env = {}) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  const relay = (stream, out) =>
    stream.on('data', (d) =>
      out.write(
        d
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => prefix + l + '\n')
          .join(''),
      ),
    );
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    process.stderr.write(`${prefix}exited (${signal ?? code})\n`);
    if (!stopping) stop(1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const data = mkdtempSync(join(tmpdir(), 'mithqtt-cluster-'));
start('nats', find('nats-server', ['/usr/sbin/nats-server', '/usr/bin/nats-server']), [
  '-a',
  '127.0.0.1',
  '-p',
  String(ports.nats),
]);
start('redis', find('redis-server', ['/usr/bin/redis-server']), [
  '--port',
  String(ports.redis),
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
  '--dir',
  data,
]);
await wait(500);
const natsUrl = `nats://127.0.0.1:${ports.nats}`;
const redisUrl = `redis://127.0.0.1:${ports.redis}`;
for (const [i, replica] of ['auth-1', 'auth-2'].entries()) {
  start(replica, process.execPath, ['dist/apps/auth-service/main.js'], {
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(ports.auth[i]),
    CLUSTER_NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    AUTH_STORE: 'redis',
    // A loopback demo: let mosquitto_pub/sub connect without users (never on a network).
    AUTH_ANONYMOUS: 'allow',
    NODE_ID: replica,
  });
}
for (const [i, replica] of ['retain-1', 'retain-2'].entries()) {
  start(replica, process.execPath, ['dist/apps/retain/main.js'], {
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(ports.retain[i]),
    NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
  });
}
start('session-1', process.execPath, ['dist/apps/session/main.js'], {
  HTTP_HOST: '127.0.0.1',
  HTTP_PORT: String(ports.session),
  NATS_URL: natsUrl,
  REDIS_URL: redisUrl,
});
await wait(1000);
const common = {
  CLUSTER_NATS_URL: natsUrl,
  REDIS_URL: redisUrl,
  AUTH_STORE: 'redis',
  AUTH_SERVICE: 'nats',
  RETAIN_SERVICE: 'nats',
  MQTT_HOST: '127.0.0.1',
  HTTP_HOST: '127.0.0.1',
};
start('node-a', process.execPath, ['dist/apps/gateway/main.js'], {
  ...common,
  MQTT_PORT: String(ports.mqttA),
  HTTP_PORT: String(ports.httpA),
  NODE_ID: 'node-a',
});
start('node-b', process.execPath, ['dist/apps/gateway/main.js'], {
  ...common,
  MQTT_PORT: String(ports.mqttB),
  HTTP_PORT: String(ports.httpB),
  NODE_ID: 'node-b',
});
// Ready when both gateways answer /ready (services connected); a slow machine takes a while.
async function ready(port) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await wait(250)) {
    const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
  }
  process.stderr.write(`gateway on HTTP port ${port} not ready after 60 s\n`);
  stop(1);
}
await Promise.all([ready(ports.httpA), ready(ports.httpB)]);
// The cluster-wide admin API (apps/http-api), using the gateways' API key file
// (HTTP_API_KEYS_FILE, default .mithqtt/api-keys.json: `npm run api-key -- add admin`).
start('http-api', process.execPath, ['dist/apps/http-api/main.js'], {
  NATS_URL: natsUrl,
  REDIS_URL: redisUrl,
  HTTP_HOST: '127.0.0.1',
  HTTP_PORT: String(ports.api),
});
await ready(ports.api);
process.stdout.write(`
Cluster up: two gateways routing over NATS (nats://127.0.0.1:${ports.nats}), sessions and users
in Redis (redis://127.0.0.1:${ports.redis}), CONNECTs checked by 2 auth-service replicas,
retained messages kept by 2 retain-service replicas, sessions manageable through the session
service (mqtt.auth.v1.*, mqtt.retain.v1.*, mqtt.session.v1.*).
  gateway A: mqtt://127.0.0.1:${ports.mqttA}   http://127.0.0.1:${ports.httpA}/ready
  gateway B: mqtt://127.0.0.1:${ports.mqttB}   http://127.0.0.1:${ports.httpB}/ready
  admin API (whole cluster): http://127.0.0.1:${ports.api}/api/docs
  services (http://127.0.0.1:<port>/ready, /metrics): auth ${ports.auth.join(' ')}, retain
    ${ports.retain.join(' ')}, session ${ports.session}
Try:
  mosquitto_sub -p ${ports.mqttB} -t 'demo/#' -v &
  mosquitto_pub -p ${ports.mqttA} -t demo/hello -m 'from node A' -q 1
Ctrl-C stops everything.
`);
