import { createServer } from 'node:net';

/**
 * Entry of the Aedes broker process (`main.js --role aedes-server --host H --port P`): aedes 1.x
 * with its defaults (in-memory persistence, mqemitter) behind `net.createServer(aedes.handle)`,
 * the setup of its README. It has no in-flight or queue limit to configure.
 */
export async function runAedesServer(host: string, port: number): Promise<void> {
  // aedes 1.x is ESM-only; this bundle is CommonJS, so it is loaded with a dynamic import.
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // Exit normally on SIGTERM so that --cpu-prof can write its profile.
  process.on('SIGTERM', () => process.exit(0));
}
