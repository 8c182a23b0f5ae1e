import { Body, Delete, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_PORT, type AdminPort } from '../admin/admin.port';
import { SubscriptionView } from '../admin/views';
import { SubscriptionBody } from '../dto/bodies';
import { FilterQuery } from '../dto/queries';
import {
  AdminApiController,
  Reads,
  AdminOnly,
  ApiNotFound,
  found,
} from '../http/admin-api.decorator';

const NO_SESSION = 'the client has no session (not connected, and no persistent session)';

@AdminApiController('clients/:clientId/subscriptions', 'subscriptions')
export class SubscriptionsController {
  constructor(@Inject(ADMIN_PORT) private readonly admin: AdminPort) {}

  @Reads(undefined, "A client's subscriptions, ordered by filter", [SubscriptionView])
  @ApiNotFound(NO_SESSION)
  async list(@Param('clientId') clientId: string): Promise<SubscriptionView[]> {
    return found(await this.admin.listSubscriptions(clientId), `session ${clientId}`);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    summary: 'Subscribe a client',
    description:
      'As if the client had sent SUBSCRIBE: the filter replaces an existing identical one, and the retained messages it matches are delivered. The ACL is not consulted. Works on offline persistent sessions too (messages are queued).',
  })
  @ApiCreatedResponse({ type: SubscriptionView })
  @ApiNotFound(NO_SESSION)
  async add(
    @Param('clientId') clientId: string,
    @Body() body: SubscriptionBody,
  ): Promise<SubscriptionView> {
    return found(await this.admin.addSubscription(clientId, body), `session ${clientId}`);
  }

  @Delete()
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe a client from one filter (as UNSUBSCRIBE would)' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiNotFound('no such session, or the session has no such subscription')
  async remove(@Param('clientId') clientId: string, @Query() query: FilterQuery): Promise<void> {
    const removed = await this.admin.removeSubscription(clientId, query.filter);
    found(removed, `session ${clientId}`);
    if (!removed) found(undefined, `subscription ${JSON.stringify(query.filter)} of ${clientId}`);
  }
}
