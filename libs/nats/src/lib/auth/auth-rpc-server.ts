import type { AclIdentity, AuthOutcome, Credentials } from '@mithqtt/auth';
import { AUTH_AUTHENTICATE, AUTH_AUTHORIZE, type AuthenticateReply } from '@mithqtt/contracts';
import { RpcError } from '../rpc/rpc-error';
import type { RpcServer } from '../rpc/rpc-server';

/** What the auth service needs of libs/auth's Authenticator (structural, for the adapter). */
export interface CredentialChecker {
  verify(credentials: Credentials): Promise<AuthOutcome>;
  canPublish(identity: AclIdentity, topic: string): boolean;
  canSubscribe(identity: AclIdentity, filter: string): boolean;
}

/**
 * Serves `mqtt.auth.v1.authenticate` and `mqtt.auth.v1.authorize` (the auth service; any
 * microservice may call them). A refusal is a reply (`ok: false`); a store that cannot be read
 * is UNAVAILABLE, so the gateway answers CONNACK 0x03 instead of refusing a valid user. The
 * password is decoded here and handed to the checker only: never logged, never in an error.
 */
export function serveAuth(server: RpcServer, auth: CredentialChecker): void {
  server.handleJson(AUTH_AUTHENTICATE, async (request): Promise<AuthenticateReply> => {
    let outcome: AuthOutcome;
    try {
      outcome = await auth.verify({
        clientId: request.clientId,
        username: request.username,
        password:
          request.password === undefined ? undefined : Buffer.from(request.password, 'base64'),
        remoteAddress: request.remoteAddress,
        protocolVersion: request.protocolVersion,
      });
    } catch {
      throw new RpcError(
        'UNAVAILABLE',
        'credentials could not be checked (auth store unavailable)',
      );
    }
    if (!outcome.ok) return { ok: false, reason: outcome.reason };
    return {
      ok: true,
      ...(outcome.grants.length === 0
        ? {}
        : { grants: outcome.grants.map((g) => ({ ...g, subject: { ...g.subject } })) }),
    };
  });

  // Answers from the stored rules; per-connection grants (JWT/webhook ACL) live on the
  // gateway that admitted the connection.
  server.handleJson(AUTH_AUTHORIZE, (request) => {
    const identity = { clientId: request.clientId, username: request.username };
    const allowed =
      request.action === 'publish'
        ? auth.canPublish(identity, request.topic)
        : auth.canSubscribe(identity, request.topic);
    return Promise.resolve({ allowed });
  });
}
