import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException } from './domain.exception';
import { ErrorCode, ErrorDetail } from './error-codes';

/** Flattens class-validator's tree into one detail per failed rule, with dotted field paths (contacts.0.phone). */
export function validationDetails(errors: ValidationError[], parentPath = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const readable =
        constraint === 'whitelistValidation' ? 'is not an accepted field' : stripFieldName(message, error.property);
      details.push({ field, constraint, message: readable });
    }
    if (error.children?.length) details.push(...validationDetails(error.children, field));
  }
  return details;
}

// class-validator messages start with the property name ("limit must not be greater than 200").
function stripFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** How deep a body may nest: DTOs go four or five levels; class-transformer recurses and overflows the stack near 5,000. */
export const MAX_BODY_DEPTH = 32;

// Keys class-transformer skips without a word because the instance inherits a method of that name: whitelisting
// never sees them, so without this check they would be dropped silently instead of refused (docs/api.md "Bodies").
const INHERITED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

// Half of a UTF-16 pair alone: JSON may escape one ("\uD800") but UTF-8 cannot hold it (the driver would store U+FFFD),
// and validator.js's isEmail throws on one (encodeURI), which answered 500.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first problem class-transformer and class-validator would not report themselves: nesting deeper than
 * MAX_BODY_DEPTH (a stack overflow, answered 500, before this check), an inherited key, or text that is not valid
 * Unicode. Walks with its own stack, so any depth is safe to look at.
 */
export function structuralProblem(value: unknown): { field: string; constraint: string; message: string } | null {
  const pending: Array<{ node: unknown; path: string[] }> = [{ node: value, path: [] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (typeof node === 'string' && LONE_SURROGATE.test(node))
      return {
        field: path.join('.'),
        constraint: 'isWellFormed',
        message: 'must be valid Unicode text (it holds a lone surrogate)',
      };
    if (node === null || typeof node !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH)
      return { field: path[0], constraint: 'maxDepth', message: `is nested deeper than ${MAX_BODY_DEPTH} levels` };
    for (const key of Object.keys(node)) {
      const field = [...path, key];
      if (!Array.isArray(node) && INHERITED_KEYS.has(key))
        return { field: field.join('.'), constraint: 'whitelistValidation', message: 'is not an accepted field' };
      pending.push({ node: (node as Record<string, unknown>)[key], path: field });
    }
  }
  return null;
}

/** Nest's pipe, after a structural check of what it is about to transform. */
class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problem = ['body', 'query', 'param'].includes(metadata.type) ? structuralProblem(value) : null;
    if (problem) throw DomainException.validation(problem.field, problem.constraint, problem.message);
    return super.transform(value, metadata);
  }
}

/** whitelist + forbidNonWhitelisted + transform, answering VALIDATION_FAILED with every failed field. */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    // One problem per field is clearer to fix than every rule the value broke.
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = validationDetails(errors);
      const message = details.map((d) => `${d.field} ${d.message}`).join('; ') || 'Request is invalid';
      return new DomainException(ErrorCode.ValidationFailed, message, details);
    },
  });
}
