import { AUTH_AUTHENTICATE } from './auth/authenticate';
import { AUTH_AUTHORIZE } from './auth/authorize';
import { RETAIN_COUNT } from './retain/retain-count';
import { RETAIN_DELETE } from './retain/retain-delete';
import { RETAIN_GET } from './retain/retain-get';
import { RETAIN_MATCH } from './retain/retain-match';
import { RETAIN_SET } from './retain/retain-set';
import { SESSION_DELETE } from './session/session-delete';
import { SESSION_GET } from './session/session-get';
import { SESSION_KICK } from './session/session-kick';
import { SESSION_SUBSCRIBE } from './session/session-subscribe';
import { SESSION_UNSUBSCRIBE } from './session/session-unsubscribe';

/** Every request/reply subject of the services, by service and verb. */
export const SUBJECTS = {
  retain: {
    set: RETAIN_SET.subject,
    get: RETAIN_GET.subject,
    delete: RETAIN_DELETE.subject,
    match: RETAIN_MATCH.subject,
    count: RETAIN_COUNT.subject,
  },
  auth: {
    authenticate: AUTH_AUTHENTICATE.subject,
    authorize: AUTH_AUTHORIZE.subject,
  },
  session: {
    get: SESSION_GET.subject,
    kick: SESSION_KICK.subject,
    delete: SESSION_DELETE.subject,
    subscribe: SESSION_SUBSCRIBE.subject,
    unsubscribe: SESSION_UNSUBSCRIBE.subject,
  },
} as const;
