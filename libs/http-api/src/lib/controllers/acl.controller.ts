import { Body, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { AclRuleBody, CreateAclRuleBody } from '../dto/users';
import {
  AdminApiController,
  AdminOnly,
  ApiNotFound,
  found,
  Reads,
} from '../http/admin-api.decorator';
import { UsersAdmin } from '../users/users-admin';
import { AclRuleView } from '../users/views';

/** ACL rules, evaluated in order: the first rule matching the client and topic decides. */
@AdminApiController('acl/rules', 'users and ACL')
export class AclController {
  constructor(private readonly users: UsersAdmin) {}

  @Reads(undefined, 'ACL rules in evaluation order (first match decides)', [AclRuleView])
  list(): Promise<AclRuleView[]> {
    return this.users.listRules();
  }

  @Reads(':id', 'One ACL rule', AclRuleView)
  @ApiNotFound('no such rule')
  async get(@Param('id') id: string): Promise<AclRuleView> {
    return found(await this.users.getRule(id), `ACL rule ${id}`);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({
    summary: 'Add a rule (at `position`, default last)',
    description:
      'Takes effect on every node within AUTH_RELOAD_MS; the publish path keeps no stale decision.',
  })
  @ApiCreatedResponse({ type: AclRuleView })
  create(@Body() body: CreateAclRuleBody): Promise<AclRuleView> {
    return this.users.addRule(body);
  }

  @Put(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Replace a rule in place (its position stays)' })
  @ApiOkResponse({ type: AclRuleView })
  @ApiNotFound('no such rule')
  async update(@Param('id') id: string, @Body() body: AclRuleBody): Promise<AclRuleView> {
    return found(await this.users.updateRule(id, body), `ACL rule ${id}`);
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFound('no such rule')
  async delete(@Param('id') id: string): Promise<void> {
    if (!(await this.users.deleteRule(id))) found(undefined, `ACL rule ${id}`);
  }
}
