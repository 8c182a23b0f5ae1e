import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** Longest accepted cursor, prefix or name: client ids and topics are bounded by MQTT anyway. */
const MAX_TEXT = 65535;

/** An optional string parameter. */
function OptionalText(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    IsString(),
    MaxLength(MAX_TEXT),
  );
}

/** A required, non-empty string parameter. */
function Text(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description, example }),
    IsString(),
    MinLength(1),
    MaxLength(MAX_TEXT),
  );
}

/** Page size (query strings are converted: `limit=abc` is NaN and fails IsInt). */
function PageLimit(max: number, byDefault: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: byDefault }),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

export class PageQuery {
  @PageLimit(1000, 100) limit = 100;
  @OptionalText('the `next` value of the previous page') after?: string;
}

export class ClientListQuery extends PageQuery {
  @OptionalText('only client ids starting with this') clientIdPrefix?: string;
  @OptionalText('only clients that connected with this username') username?: string;
}

export class SessionListQuery extends PageQuery {
  @OptionalText('only client ids starting with this') clientIdPrefix?: string;

  @ApiPropertyOptional({
    description: 'true: connected clients only; false: offline sessions only',
  })
  @IsOptional()
  // Query values are strings: only the words true/false count (Boolean('false') is true).
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  online?: boolean;
}

export class RetainedListQuery {
  @Text('MQTT topic filter; wildcards allowed (default #)', 'sensors/#') filter = '#';
  /** Smaller than other lists: each item carries its payload (up to the packet size limit). */
  @PageLimit(100, 20) limit = 20;
  @OptionalText('the `next` value of the previous page (a topic)') after?: string;
}

export class TopicQuery {
  @Text('MQTT topic name (no wildcards)', 'sensors/kitchen/temperature') topic!: string;
}

export class FilterQuery {
  @Text('MQTT topic filter exactly as subscribed', 'sensors/#') filter!: string;
}
