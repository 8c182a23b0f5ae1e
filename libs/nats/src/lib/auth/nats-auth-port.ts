import { type AclRuleInput, parseRuleInput } from '@mithqtt/auth';
import type { AuthenticationResult, AuthPort } from '@mithqtt/broker';
import { AUTH_AUTHENTICATE } from '@mithqtt/contracts';
import type { ConnectRequest } from '@mithqtt/protocol';
import type { RpcClient } from '../rpc/rpc-client';

/** Where admitted clients' grants go: the gateway's local Authenticator (its Authorizer). */
export interface Admission {
  admit(clientId: string, username: string | undefined, grants: readonly AclRuleInput[]): void;
}

/**
 * The gateway's AuthPort in the distributed deployment: CONNECT credentials are checked by the
 * auth service (`mqtt.auth.v1.authenticate`, retried on no responders and timeouts), and an
 * accepted client is admitted to the local Authenticator, which answers every PUBLISH and
 * SUBSCRIBE from memory (rules from the shared store, grants from the reply): no RPC per
 * message. A failed call throws; the broker turns that into CONNACK 0x03 (server unavailable).
 */
export class NatsAuthPort implements AuthPort {
  constructor(
    private readonly rpc: RpcClient,
    private readonly local: Admission,
    private readonly timeoutMs = 2000,
  ) {}

  async authenticate(request: ConnectRequest): Promise<AuthenticationResult> {
    const reply = await this.rpc.call(
      AUTH_AUTHENTICATE,
      {
        clientId: request.clientId,
        ...(request.username === undefined ? {} : { username: request.username }),
        ...(request.password === undefined
          ? {}
          : { password: request.password.toString('base64') }),
        remoteAddress: request.remoteAddress,
        protocolVersion: request.protocolVersion,
        cleanSession: request.cleanSession,
      },
      { timeoutMs: this.timeoutMs },
    );
    if (!reply.ok) return { ok: false, reason: reply.reason ?? 'not-authorized' };
    // Checked again with the domain's rules (e.g. a filter valid once %u/%c are filled in).
    const grants = (reply.grants ?? []).map((g) => parseRuleInput(g));
    this.local.admit(request.clientId, request.username, grants);
    return { ok: true };
  }
}
