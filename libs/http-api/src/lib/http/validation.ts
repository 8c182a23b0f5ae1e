import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from './api-error';

/** A 400 whose body lists the offending fields (the exception filter renders it). */
export class InvalidFieldsException extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super(fields.map((f) => f.problem).join('; '));
  }
}

/**
 * Every body and query goes through class-validator: unknown fields are refused (a typo such
 * as `qoss` must not silently publish at QoS 0), strings are converted to the declared types
 * (query parameters are strings), and the 400 names each field.
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InvalidFieldsException(flatten(errors)),
  });
}

/** Nested errors (objects, arrays) become dotted paths: `items.0.qos`. */
export function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent === '' ? e.property : `${parent}.${e.property}`;
    for (const problem of Object.values(e.constraints ?? {})) {
      // class-validator says "property x should not exist" for a forbidden field: keep its name.
      out.push({
        field,
        problem: problem.replace(/^property (.+) should not exist$/, '$1 is not a known field'),
      });
    }
    if (e.children && e.children.length > 0) out.push(...flatten(e.children, field));
  }
  return out;
}
