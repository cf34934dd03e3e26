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
  UseInterceptors,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheModeOf, sendCached } from '../reports/cached-reply';
import { IdempotencyInterceptor } from '../reports/idempotency.interceptor';
import { Report } from '../reports/report';
import { ReportDownloads, sendDownload } from '../reports/report-download';
import {
  ApiCreateRoute,
  ApiDeleteRoute,
  ApiDownloadRoute,
  ApiGetRoute,
  ApiListRoute,
} from '../reports/report-routes.docs';
import { ReportGetQuery, ReportIdParams } from '../reports/report-id.dto';
import { ReportWaiter, sendWaited } from '../reports/report-waiter';
import { BroadworksListQuery, CreateBroadworksReportBody } from './broadworks.dto';
import { BroadworksService } from './broadworks.service';

@ApiTags('BroadWorks Billing Reports')
@Controller('reports/broadworks')
export class BroadworksController {
  constructor(
    private readonly reports: BroadworksService,
    private readonly waiter: ReportWaiter,
    private readonly downloads: ReportDownloads,
  ) {}

  @Get()
  @ApiListRoute('broadworks')
  async list(
    @Query() query: BroadworksListQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendCached(request, reply, await this.reports.list(query, cacheModeOf(request)));
  }

  @Get(':id')
  @ApiGetRoute('broadworks')
  async get(
    @Param() params: ReportIdParams,
    @Query() query: ReportGetQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendWaited(
      request,
      reply,
      await this.waiter.get(
        { family: 'broadworks', id: params.id, source: this.reports },
        query,
        request,
      ),
      query.waitFor !== undefined,
    );
  }

  @Get(':id/download')
  @ApiDownloadRoute('broadworks')
  async download(
    @Param() params: ReportIdParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendDownload(request, reply, await this.downloads.linkFor(this.reports, params.id));
  }

  @Post()
  @ApiCreateRoute('broadworks')
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  async create(
    @Body() body: CreateBroadworksReportBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Report> {
    const report = await this.reports.create(body.billingPeriod);
    reply.header('location', `/v1/reports/broadworks/${report.id}`);
    return report;
  }

  @Delete(':id')
  @ApiDeleteRoute('broadworks')
  @HttpCode(204)
  delete(@Param() params: ReportIdParams): Promise<void> {
    return this.reports.delete(params.id);
  }
}
