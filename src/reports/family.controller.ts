import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  Type,
  UseInterceptors,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CachedAnswer } from '../cache/cache-entry';
import { CacheMode } from '../cache/cache-decision';
import { cacheModeOf, sendCached } from '../http/cached-reply';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { Family, Report } from '../domain/report';
import { ReportDownloads, sendDownload } from '../conveniences/report-download';
import {
  ApiCreateRoute,
  ApiDeleteRoute,
  ApiDownloadRoute,
  ApiGetRoute,
  ApiListRoute,
} from './report-routes.docs';
import { ReportGetQuery, ReportIdParams } from './report-id.dto';
import { ReportSource } from './report-source';
import { ReportWaiter, sendWaited } from '../conveniences/report-waiter';

/** What a family's service offers its routes. */
export type FamilyService<ListQuery, CreateBody> = ReportSource & {
  list(query: ListQuery, mode: CacheMode): Promise<CachedAnswer>;
  create(body: CreateBody): Promise<Report>;
  delete(id: string): Promise<void>;
};

export type FamilyRoutes<ListQuery, CreateBody> = {
  family: Family;
  /** The OpenAPI tag of its routes. */
  tag: string;
  service: Type<FamilyService<ListQuery, CreateBody>>;
  /** The validated DTOs: Nest and the OpenAPI document read them from the handlers' metadata. */
  listQuery: Type<ListQuery>;
  createBody: Type<CreateBody>;
};

/**
 * The routes of one report family, `/v1/reports/<family>` (CONTRACT §3, §8): list, get (with
 * waitFor), download, create and delete, each a line or two over the family's service.
 */
export function familyController<L, C>(routes: FamilyRoutes<L, C>): Type<unknown> {
  const { family } = routes;

  @ApiTags(routes.tag)
  @Controller(`reports/${family}`)
  class FamilyController {
    constructor(
      @Inject(routes.service) private readonly reports: FamilyService<L, C>,
      private readonly waiter: ReportWaiter,
      private readonly downloads: ReportDownloads,
    ) {}

    @Get()
    @ApiListRoute(family)
    async list(
      @Query() query: L,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendCached(request, reply, await this.reports.list(query, cacheModeOf(request)));
    }

    @Get(':id')
    @ApiGetRoute(family)
    async get(
      @Param() params: ReportIdParams,
      @Query() query: ReportGetQuery,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      const target = { family, id: params.id, source: this.reports };
      const waited = await this.waiter.get(target, query, request);
      sendWaited(request, reply, waited, query.waitFor !== undefined);
    }

    @Get(':id/download')
    @ApiDownloadRoute(family)
    async download(
      @Param() params: ReportIdParams,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendDownload(request, reply, await this.downloads.linkFor(this.reports, params.id));
    }

    @Post()
    @ApiCreateRoute(family)
    @HttpCode(202)
    @UseInterceptors(IdempotencyInterceptor)
    async create(
      @Body() body: C,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<Report> {
      const report = await this.reports.create(body);
      reply.header('location', `/v1/reports/${family}/${report.id}`);
      return report;
    }

    @Delete(':id')
    @ApiDeleteRoute(family)
    @HttpCode(204)
    delete(@Param() params: ReportIdParams): Promise<void> {
      return this.reports.delete(params.id);
    }
  }

  // A generic parameter leaves `Object` in the emitted types: the validation pipe and the OpenAPI
  // document read the family's DTO classes from here instead.
  const paramTypes = (method: string, types: unknown[]) =>
    Reflect.defineMetadata('design:paramtypes', types, FamilyController.prototype, method);
  paramTypes('list', [routes.listQuery, Object, Object]);
  paramTypes('create', [routes.createBody, Object]);
  Object.defineProperty(FamilyController, 'name', {
    value: `${family[0].toUpperCase()}${family.slice(1)}Controller`,
  });
  return FamilyController;
}
