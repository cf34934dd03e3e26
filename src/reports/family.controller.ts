import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
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
import { cacheModeOf, sendCached } from '../http/cached-reply';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { Report } from '../domain/report';
import { ReportDownloads, sendDownload } from '../conveniences/report-download';
import {
  ApiCreateRoute,
  ApiDeleteRoute,
  ApiDownloadRoute,
  ApiGetRoute,
  ApiListRoute,
} from './report-routes.docs';
import { ReportGetQuery, ReportIdParams } from './report-id.dto';
import { FamilyDescriptor } from './family-descriptor';
import { FamilySource, FamilySources } from './family-source';
import { ReportWaiter, sendWaited } from '../conveniences/report-waiter';

/**
 * The routes of one report family, `/v1/reports/<family>` (CONTRACT §3, §8): list, get (with
 * waitFor), download, create and delete, each a line or two over the family's service.
 */
export function familyController(descriptor: FamilyDescriptor): Type<unknown> {
  const { family, docs } = descriptor;

  @ApiTags(docs.tag)
  @Controller(`reports/${family}`)
  class FamilyController {
    private readonly reports: FamilySource;

    constructor(
      sources: FamilySources,
      private readonly waiter: ReportWaiter,
      private readonly downloads: ReportDownloads,
    ) {
      this.reports = sources.of(family);
    }

    @Get()
    @ApiListRoute(docs)
    async list(
      @Query() query: object,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendCached(request, reply, await this.reports.list(query, cacheModeOf(request), request.bff));
    }

    @Get(':id')
    @ApiGetRoute(docs)
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
    @ApiDownloadRoute(docs)
    async download(
      @Param() params: ReportIdParams,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      const link = await this.downloads.linkFor(this.reports, params.id, request.bff);
      sendDownload(request, reply, link);
    }

    @Post()
    @ApiCreateRoute(docs)
    @HttpCode(202)
    @UseInterceptors(IdempotencyInterceptor)
    async create(
      @Body() body: object,
      @Req() request: FastifyRequest,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<Report> {
      const report = await this.reports.create(body, request.bff);
      reply.header('location', `/v1/reports/${family}/${report.id}`);
      return report;
    }

    @Delete(':id')
    @ApiDeleteRoute(docs)
    @HttpCode(204)
    delete(@Param() params: ReportIdParams, @Req() request: FastifyRequest): Promise<void> {
      return this.reports.delete(params.id, request.bff);
    }
  }

  // A generic parameter leaves `Object` in the emitted types: the validation pipe and the OpenAPI
  // document read the family's DTO classes from here instead.
  const paramTypes = (method: string, types: unknown[]) =>
    Reflect.defineMetadata('design:paramtypes', types, FamilyController.prototype, method);
  paramTypes('list', [descriptor.listQuery, Object, Object]);
  paramTypes('create', [descriptor.createBody, Object, Object]);
  Object.defineProperty(FamilyController, 'name', {
    value: `${family[0].toUpperCase()}${family.slice(1)}Controller`,
  });
  return FamilyController;
}
