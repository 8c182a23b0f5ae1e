import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A built-in user as the API shows it: never the password or its hash. */
export class UserView {
  @ApiProperty() username!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'ISO 8601' }) createdAt!: string;
}

export class AclSubjectView {
  @ApiProperty({ enum: ['user', 'client', 'anonymous', 'all'] }) type!: string;
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() clientId?: string;
}

export class AclRuleView {
  @ApiProperty({ description: 'stable id given by the store; never reused' }) id!: string;
  @ApiProperty({ description: 'position in evaluation order (0 = first)' }) position!: number;
  @ApiProperty({ type: AclSubjectView }) subject!: AclSubjectView;
  @ApiProperty({ enum: ['publish', 'subscribe', 'all'] }) action!: string;
  @ApiProperty({ enum: ['allow', 'deny'] }) effect!: string;
  @ApiProperty() filter!: string;
}
