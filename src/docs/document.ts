import { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  OpenAPIObject,
  OperationObject,
  ResponseObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { FamilyRegistry } from '../reports/family-registry';
import { prose } from './formats.docs';
import { HEADERS, headerRefs } from './headers.docs';

/** After the families' names. */
const DESCRIPTION = ` billing reports from Webex, in one shape, cached.

- **Errors** are \`application/problem+json\` (RFC 9457); \`type\` is one of the codes of the \`Problem\` schema. The HTTP server itself answers requests it cannot read (a malformed request line, headers over 16 KiB, a body that does not arrive in time) with problems too: 400, 431, 408.
- **Input**: enum values are accepted in any letter case and folded to the spelling listed; surrounding white space is trimmed; an empty parameter is the same as an absent one; an unknown or repeated parameter, and an unknown body property, is a 400 naming it. Only canonical paths are served (no percent-encoded unreserved characters, no dot or empty segments): anything else is a 400 \`invalid-target\`.
- **Caching**: lists and reports carry \`X-Cache\`, \`Age\`, \`ETag\` and \`Cache-Control: private, max-age=N\`; \`If-None-Match\` gives a 304.
- **Rate limit**: every \`/v1\` answer carries \`X-RateLimit-*\`; past the limit, 429 with \`Retry-After\`.
- **Browsers**: with CORS_ORIGINS set, a listed origin can read every header described here.`;

/** The tags after the families' own (those in reverse registry order, as the document has always listed them). */
const TAGS: [string, string][] = [
  ['All billing reports', 'Both families in one call, for dashboards.'],
  ['Operations', 'Health and metrics for the gateway and Prometheus; no API key.'],
  ['Documentation', 'This document and Swagger UI; no API key.'],
];

function config(registry: FamilyRegistry): Omit<OpenAPIObject, 'paths'> {
  const builder = new DocumentBuilder()
    .setTitle('Webex reports BFF')
    .setDescription(`${prose(registry.descriptors.map(({ docs }) => docs.name))}${DESCRIPTION}`)
    .setVersion('1')
    .addServer('/', 'this service, as reached')
    // addBearerAuth would say bearerFormat: JWT; the key is an opaque string.
    .addSecurity('bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'an API key from API_KEYS, as Authorization: Bearer <key>',
    })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'X-API-Key')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('X-API-Key');
  const familyTags = registry.descriptors.map(({ docs }): [string, string] => [
    docs.tag,
    docs.tagDescription,
  ]);
  for (const [name, description] of [...familyTags.reverse(), ...TAGS])
    builder.addTag(name, description);
  const built = builder.build();
  // setLicense insists on a URL; an internal, unlicensed service has none to give.
  return { ...built, info: { ...built.info, license: { name: 'UNLICENSED (internal)' } } };
}

/** SwaggerModule serves these itself, so no controller describes them. */
const DOCS_PATHS: OpenAPIObject['paths'] = {
  '/docs': {
    get: {
      operationId: 'getDocsPage',
      summary: 'Swagger UI',
      tags: ['Documentation'],
      security: [],
      responses: {
        200: {
          description: 'the page',
          content: { 'text/html': { schema: { type: 'string' } } },
        },
      },
    },
  },
  '/docs-json': {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI document',
      tags: ['Documentation'],
      security: [],
      responses: {
        200: {
          description: 'the document',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  },
  '/docs-yaml': {
    get: {
      operationId: 'getOpenApiDocumentYaml',
      summary: 'This OpenAPI document, as YAML',
      tags: ['Documentation'],
      security: [],
      responses: {
        200: {
          description: 'the document',
          content: { 'text/yaml': { schema: { type: 'string' } } },
        },
      },
    },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function operationsOf(document: OpenAPIObject): [string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method): [string, OperationObject][] =>
      item[method] ? [[path, item[method]]] : [],
    ),
  );
}

/**
 * What the decorators cannot say, in one place. The edge, not a route, adds `X-Request-Id` to every
 * answer and `X-RateLimit-*` to every `/v1` answer (but a 400 `invalid-target`, refused before the
 * caller is counted), so those headers are added to every response here rather than repeated on
 * each. `components.headers` has no decorator. Create bodies refuse unknown properties, which a class
 * cannot declare. The document's own routes are served by SwaggerModule, outside any controller.
 */
export function finishDocument(document: OpenAPIObject, registry: FamilyRegistry): OpenAPIObject {
  document.paths = { ...document.paths, ...DOCS_PATHS };
  document.components = { ...document.components, headers: HEADERS };
  for (const [path, operation] of operationsOf(document))
    for (const [status, response] of Object.entries(operation.responses)) {
      const counted = !path.startsWith('/v1')
        ? {}
        : status === '400'
          ? headerRefs(
              'X-RateLimit-Limit-Optional',
              'X-RateLimit-Remaining-Optional',
              'X-RateLimit-Reset-Optional',
            )
          : headerRefs('X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset');
      const answer = response as ResponseObject;
      answer.headers = { ...headerRefs('X-Request-Id'), ...counted, ...answer.headers };
    }
  const schemas = document.components.schemas ?? {};
  for (const { createBody } of registry.descriptors)
    Object.assign(schemas[createBody.name] ?? {}, { additionalProperties: false });
  for (const schema of ['Report', 'MissingFamily'])
    Object.assign((schemas[schema] as SchemaObject).properties?.family ?? {}, {
      enum: registry.names,
    });
  return document;
}

/** The service's OpenAPI document, from its controllers and DTOs. */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const registry = app.get(FamilyRegistry);
  return finishDocument(SwaggerModule.createDocument(app, config(registry)), registry);
}
