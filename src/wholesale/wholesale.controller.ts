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
import { WholesaleListQuery, CreateWholesaleReportBody } from './wholesale.dto';
import { WholesaleService } from './wholesale.service';

@ApiTags('Wholesale Billing Reports')
@Controller('reports/wholesale')
export class WholesaleController {
  constructor(
    private readonly reports: WholesaleService,
    private readonly waiter: ReportWaiter,
    private readonly downloads: ReportDownloads,
  ) {}

  @Get()
  @ApiListRoute('wholesale')
  async list(
    @Query() query: WholesaleListQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendCached(request, reply, await this.reports.list(query, cacheModeOf(request)));
  }

  @Get(':id')
  @ApiGetRoute('wholesale')
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
        { family: 'wholesale', id: params.id, source: this.reports },
        query,
        request,
      ),
      query.waitFor !== undefined,
    );
  }

  @Get(':id/download')
  @ApiDownloadRoute('wholesale')
  async download(
    @Param() params: ReportIdParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendDownload(request, reply, await this.downloads.linkFor(this.reports, params.id));
  }

  @Post()
  @ApiCreateRoute('wholesale')
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  async create(
    @Body() body: CreateWholesaleReportBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Report> {
    const report = await this.reports.create(body);
    reply.header('location', `/v1/reports/wholesale/${report.id}`);
    return report;
  }

  @Delete(':id')
  @ApiDeleteRoute('wholesale')
  @HttpCode(204)
  delete(@Param() params: ReportIdParams): Promise<void> {
    return this.reports.delete(params.id);
  }
}
