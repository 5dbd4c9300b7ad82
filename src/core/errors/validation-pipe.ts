import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException } from './domain.exception';
import { ErrorCode, ErrorDetail } from './error-codes';

/** Flattens class-validator's tree into one detail per failed rule, with dotted field paths (contacts.0.phone). */
export function validationDetails(errors: ValidationError[], parentPath = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const readable = constraint === 'whitelistValidation' ? 'is not an accepted field' : stripFieldName(message, error.property);
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

/** whitelist + forbidNonWhitelisted + transform, answering VALIDATION_FAILED with every failed field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
