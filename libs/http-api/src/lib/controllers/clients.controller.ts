import { HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_PORT, type AdminPort } from '../admin/admin.port';
import { ClientPage, ClientView, type Page } from '../admin/views';
import { ClientListQuery } from '../dto/queries';
import {
  AdminApiController,
  Reads,
  AdminOnly,
  ApiNotFound,
  found,
} from '../http/admin-api.decorator';

@AdminApiController('clients', 'clients')
export class ClientsController {
  constructor(@Inject(ADMIN_PORT) private readonly admin: AdminPort) {}

  @Reads(undefined, 'Connected clients, ordered by client id, one page at a time', ClientPage)
  list(@Query() query: ClientListQuery): Promise<Page<ClientView>> {
    return this.admin.listClients(query);
  }

  @Reads(':clientId', 'One connected client', ClientView)
  @ApiNotFound('the client is not connected')
  async get(@Param('clientId') clientId: string): Promise<ClientView> {
    return found(await this.admin.getClient(clientId), `connected client ${clientId}`);
  }

  @Post(':clientId/kick')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Close the client connection',
    description:
      'The broker closes the network connection without a DISCONNECT, so the client will is published. A persistent session stays (delete it with DELETE /api/v1/sessions/{clientId}).',
  })
  @ApiNoContentResponse({ description: 'closed' })
  @ApiNotFound('the client is not connected')
  async kick(@Param('clientId') clientId: string): Promise<void> {
    if (!(await this.admin.kickClient(clientId))) found(undefined, `connected client ${clientId}`);
  }
}
