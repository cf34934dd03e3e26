import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheModeOf, sendCached } from '../reports/cached-reply';
import { IdempotencyInterceptor } from '../reports/idempotency.interceptor';
import { Report } from '../reports/report';
import { ApiCreateRoute, ApiDeleteRoute, ApiGetRoute, ApiListRoute } from '../reports/report-routes.docs';
import { ReportGetQuery, ReportIdParams } from '../reports/report-id.dto';
import { WholesaleListQuery, CreateWholesaleReportBody } from './wholesale.dto';
import { WholesaleService } from './wholesale.service';

@ApiTags('Wholesale Billing Reports')
@Controller('reports/wholesale')
export class WholesaleController {
  constructor(private readonly reports: WholesaleService) {}

  @Get()
  @ApiOperation({ summary: 'List Wholesale billing reports' })
  @ApiListRoute('Wholesale reports in the unified shape')
  async list(@Query() query: WholesaleListQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(request, reply, await this.reports.list(query, cacheModeOf(request)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a Wholesale billing report' })
  @ApiGetRoute()
  async get(@Param() params: ReportIdParams, @Query() _query: ReportGetQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(request, reply, await this.reports.get(params.id, cacheModeOf(request)));
  }

  @Post()
  @ApiOperation({ summary: 'Create a Wholesale billing report' })
  @ApiCreateRoute()
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  async create(@Body() body: CreateWholesaleReportBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<Report> {
    const report = await this.reports.create(body);
    reply.header('location', `/v1/reports/wholesale/${report.id}`);
    return report;
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a Wholesale billing report' })
  @ApiDeleteRoute()
  @HttpCode(204)
  delete(@Param() params: ReportIdParams): Promise<void> {
    return this.reports.delete(params.id);
  }
}
