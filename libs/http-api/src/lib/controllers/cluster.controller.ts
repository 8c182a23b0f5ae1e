import { Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ADMIN_PORT, type AdminPort } from '../admin/admin.port';
import { NodeView, StatsView } from '../admin/views';
import { AdminApiController, Reads } from '../http/admin-api.decorator';

@AdminApiController('', 'cluster')
export class ClusterController {
  constructor(@Inject(ADMIN_PORT) private readonly admin: AdminPort) {}

  @Get('cluster/nodes')
  @ApiOperation({
    summary: 'Live broker nodes and their load',
    description:
      'This node first, then every node whose heartbeat arrived recently (a node silent for 3 heartbeat intervals is gone). A standalone node lists itself only.',
  })
  @ApiOkResponse({ type: [NodeView] })
  nodes(): Promise<NodeView[]> {
    return this.admin.nodes();
  }

  @Reads('stats', 'Counters and gauges of this node (the same numbers as /metrics)', StatsView)
  stats(): Promise<StatsView> {
    return this.admin.stats();
  }
}
