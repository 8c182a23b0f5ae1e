import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What the admin API returns. These classes are both the AdminPort's result types (so an
 * in-process and a NATS implementation return the same shapes) and the OpenAPI schemas.
 */

export class SubscriptionView {
  @ApiProperty({ example: 'sensors/+/temperature' }) filter!: string;
  @ApiProperty({ enum: [0, 1, 2] }) qos!: 0 | 1 | 2;
}

export class ClientView {
  @ApiProperty() clientId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) username!: string | null;
  @ApiProperty({ example: '127.0.0.1:53122' }) remoteAddress!: string;
  @ApiProperty({ description: '3 = MQTT 3.1, 4 = 3.1.1, 5 = 5.0' }) protocolVersion!: number;
  @ApiProperty() cleanSession!: boolean;
  @ApiProperty({ description: 'seconds; 0 = none' }) keepAlive!: number;
  @ApiProperty({ description: 'when the connection was accepted (ISO 8601)' })
  connectedAt!: string;
  @ApiProperty({ description: 'last packet received (ISO 8601)' }) lastActivity!: string;
  @ApiProperty({ description: 'node holding the connection' }) node!: string;
  @ApiProperty() subscriptions!: number;
  @ApiProperty({ description: 'outgoing QoS 1/2 messages not yet acknowledged' })
  inflight!: number;
  @ApiProperty({ description: 'messages waiting behind the in-flight window' }) queued!: number;
  @ApiProperty({ description: 'messages dropped for this session (full queue)' })
  dropped!: number;
}

export class SessionView {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'CleanSession=0: kept while the client is offline' })
  persistent!: boolean;
  @ApiProperty() online!: boolean;
  @ApiProperty() node!: string;
  @ApiProperty({ type: [SubscriptionView] }) subscriptions!: SubscriptionView[];
  @ApiProperty() inflight!: number;
  @ApiProperty() queued!: number;
  @ApiProperty() dropped!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'when an offline session will be discarded (ISO 8601); null while online',
  })
  expiresAt!: string | null;
}

export class RetainedView {
  @ApiProperty() topic!: string;
  @ApiProperty({ enum: [0, 1, 2] }) qos!: 0 | 1 | 2;
  @ApiProperty({ description: 'payload bytes, base64' }) payloadBase64!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'payload as text when it is valid UTF-8, else null',
  })
  payloadUtf8!: string | null;
  @ApiProperty() bytes!: number;
}

export class NodeView {
  @ApiProperty() nodeId!: string;
  @ApiProperty({ description: 'true for the node that answered this request' }) self!: boolean;
  @ApiProperty() connections!: number;
  @ApiProperty() sessions!: number;
  @ApiProperty() subscriptions!: number;
  @ApiProperty({ description: 'when the node started (ISO 8601)' }) startedAt!: string;
  @ApiProperty({ description: 'last heartbeat received (ISO 8601)' }) lastSeen!: string;
}

export class StatsView {
  @ApiProperty() nodeId!: string;
  @ApiProperty() connections!: number;
  @ApiProperty() sessions!: number;
  @ApiProperty() subscriptions!: number;
  @ApiProperty() retainedMessages!: number;
  @ApiProperty() connects!: number;
  @ApiProperty() takeovers!: number;
  @ApiProperty() authFailures!: number;
  @ApiProperty() messagesReceived!: number;
  @ApiProperty() messagesRouted!: number;
  @ApiProperty() messagesFromCluster!: number;
  @ApiProperty() messagesDropped!: number;
  @ApiProperty() publishDenied!: number;
  @ApiProperty() subscribeDenied!: number;
  @ApiProperty() sessionsExpired!: number;
  @ApiProperty() uptimeSeconds!: number;
}

export class PublishResult {
  @ApiProperty() topic!: string;
  @ApiProperty({ enum: [0, 1, 2] }) qos!: 0 | 1 | 2;
  @ApiProperty() retain!: boolean;
  @ApiProperty({ description: 'payload size after decoding' }) bytes!: number;
}

/** One page of a list; `next` is the `after` cursor of the following page (null: last page). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** OpenAPI schema of a page (Swagger cannot express generics: one subclass per item type). */
function pageOf<T>(item: new () => T): new () => Page<T> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiPropertyOptional({
      nullable: true,
      type: String,
      description: 'pass as `after` to get the next page; null on the last page',
    })
    next!: string | null;
  }
  return PageOfItems;
}

export class ClientPage extends pageOf(ClientView) {}
export class SessionPage extends pageOf(SessionView) {}
export class RetainedPage extends pageOf(RetainedView) {}
