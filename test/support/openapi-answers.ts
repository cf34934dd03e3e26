import { ValidateFunction } from 'ajv';
import { Schema, schemaCompiler } from './openapi-schemas';

type Header = { $ref?: string; required?: boolean; schema: Schema };
type Answer = { headers?: Record<string, Header>; content?: Record<string, { schema: Schema }> };
type Operation = { responses: Record<string, Answer> };
export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; headers: Record<string, Header> };
};

/** An HTTP answer as the checks read it (supertest's response has these). */
export type Seen = {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | undefined>;
  text: string | undefined;
};

type Route = { method: string; template: string; pattern: RegExp; operation: Operation };

/**
 * Statuses of answers to a request that names no operation (an unknown path or method, a target
 * refused before routing): no document can list paths that do not exist, so these are held to what
 * the edge and Fastify answer them with instead: a problem of one of these statuses.
 */
const UNROUTED = new Set([400, 401, 404, 408, 413, 415, 429, 431]);
const UNROUTED_ANSWER: Answer = {
  headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id', schema: {} } },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const mediaTypeOf = (seen: Seen) =>
  (seen.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() || undefined;

const isJson = (mediaType: string) => /^application\/(.+\+)?json$/.test(mediaType);

/**
 * Checks answers against the OpenAPI document the service published: the status is documented for
 * the operation, the content type is one of its media types (and there is a body exactly when one
 * is documented), every required header is present, every documented header present has a valid
 * value, and the body validates against the schema.
 */
export class AnswerChecker {
  private readonly routes: Route[];
  private readonly compile: (schema: Schema, where: string) => ValidateFunction;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.compile = schemaCompiler(document.components.schemas);
    this.routes = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        operation,
      })),
    );
  }

  /** What is wrong with the answer; empty when the document describes it. */
  problemsOf(seen: Seen): string[] {
    // CORS preflights are answered by @fastify/cors under the CORS protocol, not by an operation.
    if (seen.method === 'OPTIONS') return [];
    const method = seen.method === 'HEAD' ? 'GET' : seen.method;
    const route = this.routes.find((r) => r.method === method && r.pattern.test(seen.path));
    if (!route) return this.unroutedProblems(seen);
    const where = `${route.method} ${route.template} ${seen.status}`;
    const answer = route.operation.responses[String(seen.status)];
    if (!answer) return [`${where}: the status is not documented`];
    return [...this.headerProblems(answer, seen, where), ...this.bodyProblems(answer, seen, where)];
  }

  private unroutedProblems(seen: Seen): string[] {
    const where = `${seen.method} ${seen.path} (no operation) ${seen.status}`;
    if (!UNROUTED.has(seen.status)) return [`${where}: not a status the edge answers unrouted`];
    return [
      ...this.headerProblems(UNROUTED_ANSWER, seen, where),
      ...this.bodyProblems(UNROUTED_ANSWER, seen, where),
    ];
  }

  private headerProblems(answer: Answer, seen: Seen, where: string): string[] {
    return Object.entries(answer.headers ?? {}).flatMap(([name, declared]) => {
      const header = this.resolve(declared);
      const value = seen.headers[name.toLowerCase()];
      if (value === undefined)
        return header.required ? [`${where}: header ${name} is missing`] : [];
      const integer = header.schema.type === 'integer';
      if (integer && !/^-?\d+$/.test(value)) return [`${where}: header ${name} is not an integer`];
      const validate = this.validator(header.schema, `${where} header ${name}`);
      return validate(integer ? Number(value) : value)
        ? []
        : [`${where}: header ${name}: ${JSON.stringify(value)} ${this.errors(validate)}`];
    });
  }

  private bodyProblems(answer: Answer, seen: Seen, where: string): string[] {
    if (seen.method === 'HEAD') return [];
    const mediaType = mediaTypeOf(seen);
    const hasBody = seen.text !== undefined && seen.text !== '';
    if (!answer.content)
      return hasBody ? [`${where}: a body (${mediaType}) where the document has none`] : [];
    const media = mediaType === undefined ? undefined : answer.content[mediaType];
    if (!media)
      return [
        `${where}: content type ${mediaType} is not one of ${Object.keys(answer.content).join(', ')}`,
      ];
    if (!hasBody) return [`${where}: no body where ${mediaType} is documented`];
    let body: unknown = seen.text;
    if (isJson(mediaType as string))
      try {
        body = JSON.parse(seen.text as string);
      } catch {
        return [`${where}: the ${mediaType} body is not JSON`];
      }
    const validate = this.validator(media.schema, `${where} ${mediaType}`);
    return validate(body) ? [] : [`${where}: body ${this.errors(validate)}`];
  }

  private resolve(header: Header): Header {
    if (!header.$ref) return header;
    const name = header.$ref.replace('#/components/headers/', '');
    const resolved = this.document.components.headers[name];
    if (!resolved) throw new Error(`unresolved header ${header.$ref}`);
    return resolved;
  }

  private validator(schema: Schema, where: string): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) this.validators.set(key, (validate = this.compile(schema, where)));
    return validate;
  }

  private errors(validate: ValidateFunction): string {
    return (validate.errors ?? [])
      .map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`)
      .join(', ');
  }
}
