/** AUTH_ANONYMOUS: 'auto' allows anonymous clients only on a loopback listener. */
export type AnonymousPolicy = 'auto' | 'allow' | 'deny';

/**
 * Whether `host` (the MQTT listen address) is reachable from this machine only. `0.0.0.0`,
 * `::` and every other address are not: anonymous access there would be open to the network.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === '::ffff:127.0.0.1'
  );
}

/**
 * The secure default of issue 5, as Mosquitto 2 does it: anonymous clients are accepted only
 * when the listener is bound to loopback, unless the operator says otherwise explicitly.
 */
export function anonymousAllowed(policy: AnonymousPolicy, listenHost: string): boolean {
  if (policy === 'allow') return true;
  if (policy === 'deny') return false;
  return isLoopbackHost(listenHost);
}
