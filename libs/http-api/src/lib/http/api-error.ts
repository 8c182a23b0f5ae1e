import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Stable error codes of the API (clients branch on these, never on `message`). */
export const ERROR_CODES = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  429: 'too-many-requests',
  500: 'internal',
  503: 'unavailable',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class FieldProblem {
  @ApiProperty({ example: 'qos', description: 'dotted path of the field in the body or query' })
  field!: string;
  @ApiProperty({ example: 'qos must be one of the following values: 0, 1, 2' })
  problem!: string;
}

/** The one JSON shape of every error response of /api/v1 (status 4xx/5xx). */
export class ApiErrorBody {
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ enum: Object.values(ERROR_CODES), example: 'invalid-request' }) code!: ErrorCode;
  @ApiProperty({ example: 'qos must be one of the following values: 0, 1, 2' }) message!: string;
  @ApiPropertyOptional({
    type: [FieldProblem],
    description: 'present on 400 when specific fields are wrong',
  })
  fields?: FieldProblem[];
}

export function errorCodeOf(status: number): ErrorCode {
  return (
    (ERROR_CODES as Record<number, ErrorCode>)[status] ??
    (status >= 500 ? 'internal' : 'invalid-request')
  );
}
