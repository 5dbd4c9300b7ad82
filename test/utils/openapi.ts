import type { TestApp } from './test-app';

/** The parts of an OpenAPI 3 document the tests read (as @nestjs/swagger writes it). */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface DocumentedOperation {
  /** "POST /api/v1/leads/{id}/transitions", the name the BOLA probes use. */
  route: string;
  method: string;
  path: string;
  /** The path's parameters in order, e.g. ['id', 'companyId']. */
  pathParams: string[];
  operation: Operation;
}

export async function fetchOpenApi(t: TestApp): Promise<OpenApiDocument> {
  return (await t.request({ method: 'GET', url: '/api/docs-json' }, null)).json();
}

/** Every documented operation with a parameter in its path. */
export function keyedOperations(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    path.includes('{')
      ? Object.entries(operations).map(([method, operation]) => ({
          route: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]),
          operation,
        }))
      : [],
  );
}

/** The resource a path belongs to: its first segment after /api/v1 ("visits" for /api/v1/visits/{id}/...). */
export const resourceOf = (path: string): string => path.replace(/^\/api\/v1\//, '').split('/')[0];

/** The path with its parameters filled in (URL-encoded). */
export const fillPath = (path: string, values: Record<string, string>): string =>
  path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(values[name]);
  });

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 20; depth++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const found = document.components?.schemas?.[name];
    if (!found) throw new Error(`unresolved ${current.$ref}`);
    current = found;
  }
  return current;
}

/**
 * A value the schema accepts: its example, else its first enum value, else one of the right type and format.
 * Objects get their required properties only. Enough to pass validation, so a probe reaches the record check.
 */
export function sampleOf(document: OpenApiDocument, input: Schema, depth = 0): unknown {
  if (depth > 10) return undefined;
  const schema = resolve(document, input);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const composed = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (composed?.length) {
    if (schema.allOf && schema.allOf.length > 1)
      return Object.assign({}, ...schema.allOf.map((part) => sampleOf(document, part, depth + 1)));
    return sampleOf(document, composed[0], depth + 1);
  }
  switch (schema.type) {
    case 'string':
      switch (schema.format) {
        case 'date-time':
          return new Date(Date.now() + 24 * 3600 * 1000).toISOString();
        case 'date':
          return new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
        case 'email':
          return 'probe@example.com';
        case 'uri':
        case 'url':
          return 'https://example.com/probe';
        default:
          return '越权探测'.padEnd(Math.max(schema.minLength ?? 1, 4), '测');
      }
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () =>
        sampleOf(document, schema.items ?? {}, depth + 1),
      );
    default:
      if (!schema.properties) return {};
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [name, sampleOf(document, schema.properties![name] ?? {}, depth + 1)]),
      );
  }
}

/** A JSON body for the operation: its request schema's required properties (undefined when it takes none). */
export function sampleBody(document: OpenApiDocument, operation: Operation): unknown {
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  return schema ? sampleOf(document, schema) : undefined;
}

/** The operation's required query parameters, sampled ("" when there are none). */
export function sampleQuery(document: OpenApiDocument, operation: Operation): string {
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query' || !parameter.required) continue;
    query.set(parameter.name, String(sampleOf(document, parameter.schema ?? { type: 'string' })));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
