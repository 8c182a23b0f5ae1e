import { Body, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_PORT, type AdminPort } from '../admin/admin.port';
import { PublishResult } from '../admin/views';
import { PublishBody } from '../dto/bodies';
import { AdminApiController, AdminOnly } from '../http/admin-api.decorator';

@AdminApiController('publish', 'publish')
export class PublishController {
  constructor(@Inject(ADMIN_PORT) private readonly admin: AdminPort) {}

  @Post()
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish an application message',
    description:
      'Routed as a device PUBLISH would be (no ACL check). With retain, the retained message is stored (or, with an empty payload, deleted) before the response.',
  })
  @ApiOkResponse({ type: PublishResult })
  publish(@Body() body: PublishBody): Promise<PublishResult> {
    return this.admin.publish({
      topic: body.topic,
      payload: Buffer.from(body.payload, body.encoding === 'base64' ? 'base64' : 'utf8'),
      qos: body.qos,
      retain: body.retain,
    });
  }
}
