/**
 * A request/reply subject whose request and reply are both JSON DTOs. `idempotent` states the
 * retry policy: a caller may repeat the request after a timeout only if doing it twice is as
 * good as once (reads, last-write-wins sets).
 */
export interface JsonContract<Req extends object, Rep extends object> {
  readonly subject: string;
  readonly request: new () => Req;
  readonly reply: new () => Rep;
  readonly idempotent: boolean;
}

/**
 * A subject whose request or reply body is raw MQTT payload bytes (metadata in NATS headers).
 * Its DTO classes are declared next to it; the framing is documented where it is defined.
 */
export interface BinaryContract {
  readonly subject: string;
  readonly idempotent: boolean;
}

/** Subjects are versioned and named by service and verb: `mqtt.<service>.v<N>.<verb>`. */
export const SUBJECT_PATTERN = /^mqtt\.[a-z]+\.v[1-9]\d*\.[a-z]+(-[a-z]+)*$/;
