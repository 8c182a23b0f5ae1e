import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Longest accepted password: scrypt takes any length, but a megabyte body is not a password. */
const MAX_PASSWORD = 1024;

/** MQTT usernames are UTF-8 strings of at most 65,535 bytes [MQTT-3.1.3-11]; keep them sane. */
const USERNAME_RULE = /^[^\s/+#%]{1,256}$/u;

export class CreateUserBody {
  @ApiProperty({ example: 'pump-7', description: 'no whitespace, /, +, # or %' })
  @IsString()
  @Matches(USERNAME_RULE, {
    message: 'username must be 1-256 characters without whitespace, /, +, # or %',
  })
  username!: string;

  @ApiProperty({ description: 'stored as a scrypt hash only; never returned or logged' })
  @IsString()
  @MinLength(8)
  @MaxLength(MAX_PASSWORD)
  password!: string;

  @ApiPropertyOptional({ default: false, description: 'a disabled user cannot connect' })
  @IsBoolean()
  disabled = false;
}

export class UpdateUserBody {
  @ApiPropertyOptional({ description: 'new password (stored as a scrypt hash)' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(MAX_PASSWORD)
  password?: string;

  @ApiPropertyOptional({ description: 'disabling closes the user’s connections' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

const SUBJECT_TYPES = ['user', 'client', 'anonymous', 'all'] as const;

export class AclSubjectBody {
  @ApiProperty({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES)
  type!: (typeof SUBJECT_TYPES)[number];

  @ApiPropertyOptional({ description: 'required when type is user' })
  @ValidateIf((s: AclSubjectBody) => s.type === 'user')
  @IsString()
  @MinLength(1)
  username?: string;

  @ApiPropertyOptional({ description: 'required when type is client' })
  @ValidateIf((s: AclSubjectBody) => s.type === 'client')
  @IsString()
  @MinLength(1)
  clientId?: string;
}

const ACTIONS = ['publish', 'subscribe', 'all'] as const;
const EFFECTS = ['allow', 'deny'] as const;

export class AclRuleBody {
  @ApiProperty({ type: AclSubjectBody })
  @ValidateNested()
  @Type(() => AclSubjectBody)
  subject!: AclSubjectBody;

  @ApiProperty({ enum: ACTIONS })
  @IsIn(ACTIONS)
  action!: (typeof ACTIONS)[number];

  @ApiProperty({ enum: EFFECTS })
  @IsIn(EFFECTS)
  effect!: (typeof EFFECTS)[number];

  @ApiProperty({
    example: 'devices/%c/#',
    description: 'MQTT topic filter; %u and %c stand for the username and client id',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(65535)
  filter!: string;
}

export class CreateAclRuleBody extends AclRuleBody {
  @ApiPropertyOptional({
    description: 'where to insert (0 = first); default: last. Rules apply in order, first match',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}
