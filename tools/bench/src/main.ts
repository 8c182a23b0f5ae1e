import { parseArgs } from 'node:util';
import { runAedesServer } from './brokers/aedes-server';
import { runNodeNetServer } from './brokers/node-net-server';
import { runOrchestrator } from './orchestrator/orchestrator';
import { runWorker } from './worker/worker';

/**
 * One bundle, four roles: the orchestrator (default), a load worker (`--role worker`, forked
 * by the orchestrator), the Aedes broker process (`--role aedes-server`) and the bare Node
 * server (`--role node-net-server`).
 */
function main(): void {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv,
    strict: false,
    options: { role: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
  });
  const role = typeof values.role === 'string' ? values.role : undefined;
  switch (role) {
    case 'worker':
      runWorker();
      return;
    case 'aedes-server':
      runAedesServer(String(values.host), Number(values.port)).catch((e: unknown) => {
        process.stderr.write(`aedes-server: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
      });
      return;
    case 'node-net-server':
      runNodeNetServer(String(values.host), Number(values.port)).catch((e: unknown) => {
        process.stderr.write(`node-net-server: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
      });
      return;
    case undefined:
      runOrchestrator(argv).then(
        (code) => process.exit(code),
        (e: unknown) => {
          process.stderr.write(`bench: ${e instanceof Error ? e.stack : String(e)}\n`);
          process.exit(1);
        },
      );
      return;
    default:
      process.stderr.write(`bench: unknown role ${role}\n`);
      process.exit(2);
  }
}

main();
