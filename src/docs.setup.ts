import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { createApiDocument } from './docs/document';

/**
 * `GET /docs` (UI) and `GET /docs-json`, generated from the controllers and DTOs at the first request
 * for either (SwaggerModule keeps it): generating it at boot left the heap of every replica several
 * MiB larger for a document few replicas are ever asked for.
 */
export function setupDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => createApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
