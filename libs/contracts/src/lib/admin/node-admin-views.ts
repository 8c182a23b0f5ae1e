import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SessionSubscription } from '../session/session-get';

/**
 * The shapes a gateway node reports about itself (the HTTP API's ClientView, SessionView and
 * StatsView, field for field). Declared here, not imported from the HTTP API, because
 * contracts depend on nothing above them; checked on arrival like every reply.
 */
export class NodeClientItem {
  @IsString() clientId!: string;
  @ValidateIf((c: NodeClientItem) => c.username !== null) @IsString() username!: string | null;
  @IsString() remoteAddress!: string;
  @IsInt() protocolVersion!: number;
  @IsBoolean() cleanSession!: boolean;
  @IsInt() @Min(0) keepAlive!: number;
  @IsString() connectedAt!: string;
  @IsString() lastActivity!: string;
  @IsString() node!: string;
  @IsInt() @Min(0) subscriptions!: number;
  @IsInt() @Min(0) inflight!: number;
  @IsInt() @Min(0) queued!: number;
  @IsInt() @Min(0) dropped!: number;
}

export class NodeSessionItem {
  @IsString() clientId!: string;
  @IsBoolean() persistent!: boolean;
  @IsBoolean() online!: boolean;
  @IsString() node!: string;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SessionSubscription)
  subscriptions!: SessionSubscription[];
  @IsInt() @Min(0) inflight!: number;
  @IsInt() @Min(0) queued!: number;
  @IsInt() @Min(0) dropped!: number;
  @ValidateIf((s: NodeSessionItem) => s.expiresAt !== null) @IsString() expiresAt!: string | null;
}

/** A page of a node's list: `next` is non-null when the node has more after the last item. */
export class NodeClientPage {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NodeClientItem)
  items!: NodeClientItem[];
  @ValidateIf((p: NodeClientPage) => p.next !== null) @IsString() next!: string | null;
}

export class NodeSessionPage {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NodeSessionItem)
  items!: NodeSessionItem[];
  @ValidateIf((p: NodeSessionPage) => p.next !== null) @IsString() next!: string | null;
}

export class NodeStatsReply {
  @IsString() nodeId!: string;
  @IsInt() @Min(0) connections!: number;
  @IsInt() @Min(0) sessions!: number;
  @IsInt() @Min(0) subscriptions!: number;
  @IsInt() @Min(0) retainedMessages!: number;
  @IsInt() @Min(0) connects!: number;
  @IsInt() @Min(0) takeovers!: number;
  @IsInt() @Min(0) authFailures!: number;
  @IsInt() @Min(0) messagesReceived!: number;
  @IsInt() @Min(0) messagesRouted!: number;
  @IsInt() @Min(0) messagesFromCluster!: number;
  @IsInt() @Min(0) messagesDropped!: number;
  @IsInt() @Min(0) publishDenied!: number;
  @IsInt() @Min(0) subscribeDenied!: number;
  @IsInt() @Min(0) sessionsExpired!: number;
  @IsInt() @Min(0) uptimeSeconds!: number;
}
