import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  isBase64,
  IsString,
  MaxLength,
  MinLength,
  registerDecorator,
} from 'class-validator';

const QOS = [0, 1, 2] as const;

/** `payload` must be base64 when `encoding` says so (a typo must not publish garbage bytes). */
function IsBase64WhenEncoded(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBase64WhenEncoded',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as PublishBody).encoding !== 'base64' ||
          (typeof value === 'string' && isBase64(value)),
        defaultMessage: () => 'payload must be base64 when encoding is base64',
      },
    });
}

export class PublishBody {
  @ApiProperty({ example: 'devices/pump-7/commands', description: 'MQTT topic name: no + or #' })
  @IsString()
  @MinLength(1)
  @MaxLength(65535)
  topic!: string;

  @ApiPropertyOptional({
    default: '',
    description: 'the payload, as text or base64 (see encoding)',
  })
  @IsString()
  @IsBase64WhenEncoded()
  payload = '';

  @ApiPropertyOptional({ enum: ['utf8', 'base64'], default: 'utf8' })
  @IsIn(['utf8', 'base64'])
  encoding: 'utf8' | 'base64' = 'utf8';

  @ApiPropertyOptional({ enum: QOS, default: 0 })
  @IsIn(QOS)
  qos: 0 | 1 | 2 = 0;

  @ApiPropertyOptional({
    default: false,
    description: 'store as the retained message of the topic (empty payload: delete it)',
  })
  @IsBoolean()
  retain = false;
}

export class SubscriptionBody {
  @ApiProperty({ example: 'devices/pump-7/#', description: 'MQTT topic filter (no $share/)' })
  @IsString()
  @MinLength(1)
  @MaxLength(65535)
  filter!: string;

  @ApiPropertyOptional({ enum: QOS, default: 0, description: 'maximum QoS granted' })
  @IsIn(QOS)
  qos: 0 | 1 | 2 = 0;
}
