import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** `GET /docs` (UI) and `GET /docs-json`, generated from the controllers and DTOs. */
export function setupDocs(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Webex reports BFF')
    .setDescription(
      'BroadWorks and Wholesale billing reports from Webex, in one shape, cached. Errors are application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key from API_KEYS' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'X-API-Key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
