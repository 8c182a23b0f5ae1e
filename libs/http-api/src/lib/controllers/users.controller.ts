import { Body, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { CreateUserBody, UpdateUserBody } from '../dto/users';
import { ApiErrorBody } from '../http/api-error';
import {
  AdminApiController,
  AdminOnly,
  ApiNotFound,
  found,
  Reads,
} from '../http/admin-api.decorator';
import { UsersAdmin } from '../users/users-admin';
import { UserView } from '../users/views';

@AdminApiController('users', 'users and ACL')
export class UsersController {
  constructor(private readonly users: UsersAdmin) {}

  @Reads(undefined, 'Built-in users, ordered by username (never their passwords)', [UserView])
  list(): Promise<UserView[]> {
    return this.users.listUsers();
  }

  @Reads(':username', 'One built-in user', UserView)
  @ApiNotFound('no such user')
  async get(@Param('username') username: string): Promise<UserView> {
    return found(await this.users.getUser(username), `user ${username}`);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create a user (the password is stored as a scrypt hash)' })
  @ApiCreatedResponse({ type: UserView })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'the username exists' })
  create(@Body() body: CreateUserBody): Promise<UserView> {
    return this.users.createUser(body);
  }

  @Patch(':username')
  @AdminOnly()
  @ApiOperation({
    summary: 'Change a password or enable/disable a user',
    description:
      'Disabling a user closes its connections on every node (their wills are published).',
  })
  @ApiOkResponse({ type: UserView })
  @ApiNotFound('no such user')
  async update(
    @Param('username') username: string,
    @Body() body: UpdateUserBody,
  ): Promise<UserView> {
    return found(await this.users.updateUser(username, body), `user ${username}`);
  }

  @Delete(':username')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a user',
    description: 'Its connections are closed on every node; ACL rules naming it stay.',
  })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiNotFound('no such user')
  async delete(@Param('username') username: string): Promise<void> {
    if (!(await this.users.deleteUser(username))) found(undefined, `user ${username}`);
  }
}
