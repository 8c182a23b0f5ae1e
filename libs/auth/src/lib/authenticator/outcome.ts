import type { AclRuleInput } from '../model';

/**
 * What a credential check decided. `why` is for the log (never a secret); `grants` are the
 * connection's own allow rules (JWT / webhook ACL), `username` the identity the rules see.
 */
export type AuthOutcome =
  | { readonly ok: true; readonly grants: readonly AclRuleInput[] }
  | {
      readonly ok: false;
      /** 'bad-credentials' = CONNACK 0x04, 'not-authorized' = 0x05. */
      readonly reason: 'bad-credentials' | 'not-authorized';
      readonly why: string;
    };

/** The credentials of a CONNECT, as the checks see them. */
export interface Credentials {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Buffer | undefined;
  readonly remoteAddress: string;
  readonly protocolVersion: number;
}

export const refuse = (reason: 'bad-credentials' | 'not-authorized', why: string): AuthOutcome => ({
  ok: false,
  reason,
  why,
});
