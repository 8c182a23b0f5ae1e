import { Delete, Get, HttpCode, Inject, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_PORT, type AdminPort } from '../admin/admin.port';
import { type Page, RetainedPage, RetainedView } from '../admin/views';
import { RetainedListQuery, TopicQuery } from '../dto/queries';
import {
  AdminApiController,
  Reads,
  AdminOnly,
  ApiNotFound,
  found,
} from '../http/admin-api.decorator';

@AdminApiController('retained', 'retained messages')
export class RetainedController {
  constructor(@Inject(ADMIN_PORT) private readonly admin: AdminPort) {}

  @Get()
  @ApiOperation({
    summary: 'Retained messages whose topic matches a filter, ordered by topic',
    description: 'Filters follow MQTT rules: `#` does not match topics starting with `$`.',
  })
  @ApiOkResponse({ type: RetainedPage })
  list(@Query() query: RetainedListQuery): Promise<Page<RetainedView>> {
    return this.admin.listRetained(query);
  }

  @Reads('message', 'The retained message of one topic', RetainedView)
  @ApiNotFound('no retained message on this topic')
  async get(@Query() query: TopicQuery): Promise<RetainedView> {
    return found(await this.admin.getRetained(query.topic), `retained message on ${query.topic}`);
  }

  @Delete('message')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the retained message of one topic' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFound('no retained message on this topic')
  async delete(@Query() query: TopicQuery): Promise<void> {
    if (!(await this.admin.deleteRetained(query.topic))) {
      found(undefined, `retained message on ${query.topic}`);
    }
  }
}
