import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { createApiDocument } from './docs/document';

/** `GET /docs` (UI) and `GET /docs-json`, generated from the controllers and DTOs. */
export function setupDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, createApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
