import { Delete, HttpCode, Inject, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_PORT, type AdminPort } from '../admin/admin.port';
import { type Page, SessionPage, SessionView } from '../admin/views';
import { SessionListQuery } from '../dto/queries';
import {
  AdminApiController,
  Reads,
  AdminOnly,
  ApiNotFound,
  found,
} from '../http/admin-api.decorator';

@AdminApiController('sessions', 'sessions')
export class SessionsController {
  constructor(@Inject(ADMIN_PORT) private readonly admin: AdminPort) {}

  @Reads(undefined, 'Sessions (online and offline persistent), ordered by client id', SessionPage)
  list(@Query() query: SessionListQuery): Promise<Page<SessionView>> {
    return this.admin.listSessions(query);
  }

  @Reads(':clientId', 'One session', SessionView)
  @ApiNotFound('no session for this client id')
  async get(@Param('clientId') clientId: string): Promise<SessionView> {
    return found(await this.admin.getSession(clientId), `session ${clientId}`);
  }

  @Delete(':clientId')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Discard a session',
    description:
      'A connected client is disconnected first (its will is published); subscriptions and queued messages are dropped.',
  })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFound('no session for this client id')
  async delete(@Param('clientId') clientId: string): Promise<void> {
    if (!(await this.admin.deleteSession(clientId))) found(undefined, `session ${clientId}`);
  }
}
