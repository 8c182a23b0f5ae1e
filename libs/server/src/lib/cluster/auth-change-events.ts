import type { AuthStore } from '@mithqtt/auth';

/** Published after every user or rule change made through this process (HTTP API). */
export const AUTH_CHANGED_SUBJECT = 'mqtt.events.v1.auth-changed';

/** Body of an auth-changed event: who changed what (never a password). */
export interface AuthChangedEvent {
  readonly nodeId: string;
  readonly what: 'user' | 'rule';
  readonly at: string;
}

/**
 * The AuthStore with a hook after each successful write, so the writer can tell the other
 * nodes at once (they would otherwise notice within AUTH_RELOAD_MS, or never with 0).
 */
export function notifyingAuthStore(
  store: AuthStore,
  changed: (what: AuthChangedEvent['what']) => void,
): AuthStore {
  const after =
    <A extends unknown[], R>(what: AuthChangedEvent['what'], write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const result = await write(...args);
      if (result !== false) changed(what);
      return result;
    };
  return {
    getUser: (username) => store.getUser(username),
    listUsers: () => store.listUsers(),
    createUser: after('user', (user) => store.createUser(user)),
    updateUser: after('user', (user) => store.updateUser(user)),
    deleteUser: after('user', (username) => store.deleteUser(username)),
    listRules: () => store.listRules(),
    getRule: (id) => store.getRule(id),
    addRule: after('rule', (rule, position) => store.addRule(rule, position)),
    updateRule: after('rule', (rule) => store.updateRule(rule)),
    deleteRule: after('rule', (id) => store.deleteRule(id)),
    version: () => store.version(),
    onChange: (listener) => store.onChange(listener),
    close: () => store.close(),
  };
}
