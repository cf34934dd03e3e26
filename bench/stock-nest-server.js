'use strict';
/**
 * Stock NestJS 11 + Fastify with `CacheInterceptor` from @nestjs/cache-manager, set up as the Nest
 * documentation does (CacheModule.register(), the interceptor on the controller, default logger):
 * the row of the hit phase that shows what the framework gives without this service's work. Plain JS
 * with the decorators applied by hand, so the bench needs no compile step of its own.
 *
 * Started by the bench with an IPC channel: it receives `{ body (JSON text), routePath }`, serves the
 * parsed body from one GET handler on `routePath` (the interceptor caches it by URL, query included),
 * listens on 127.0.0.1 and replies `{ port }`.
 */
require('reflect-metadata');
const { Controller, Get, Module, UseInterceptors } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');
const { CacheInterceptor, CacheModule } = require('@nestjs/cache-manager');

const HOUR_MS = 3_600_000; // every measured request is a cache hit

/** `@Controller() class { @Get(routePath) list() { return payload } }`, with `@UseInterceptors(CacheInterceptor)`. */
function reportsController(payload, routePath) {
  class ReportsController {
    list() {
      return payload;
    }
  }
  const list = Object.getOwnPropertyDescriptor(ReportsController.prototype, 'list');
  Get(routePath)(ReportsController.prototype, 'list', list);
  Controller()(ReportsController);
  UseInterceptors(CacheInterceptor)(ReportsController);
  return ReportsController;
}

function appModule(controller) {
  class AppModule {}
  Module({ imports: [CacheModule.register({ ttl: HOUR_MS })], controllers: [controller] })(AppModule);
  return AppModule;
}

process.once('message', async ({ body, routePath }) => {
  const app = await NestFactory.create(appModule(reportsController(JSON.parse(body), routePath)), new FastifyAdapter());
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  process.send({ port: app.getHttpServer().address().port });
});
// The bench went away without stopping us: do not linger.
process.once('disconnect', () => process.exit(0));
