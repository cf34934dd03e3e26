import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheModeOf, sendCached } from '../reports/cached-reply';
import { IdempotencyInterceptor } from '../reports/idempotency.interceptor';
import { Report } from '../reports/report';
import { ReportGetQuery, ReportIdParams } from '../reports/report-id.dto';
import { WholesaleListQuery, CreateWholesaleReportBody } from './wholesale.dto';
import { WholesaleService } from './wholesale.service';

@Controller('reports/wholesale')
export class WholesaleController {
  constructor(private readonly reports: WholesaleService) {}

  @Get()
  async list(@Query() query: WholesaleListQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(request, reply, await this.reports.list(query, cacheModeOf(request)));
  }

  @Get(':id')
  async get(@Param() params: ReportIdParams, @Query() _query: ReportGetQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(request, reply, await this.reports.get(params.id, cacheModeOf(request)));
  }

  @Post()
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  async create(@Body() body: CreateWholesaleReportBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<Report> {
    const report = await this.reports.create(body);
    reply.header('location', `/v1/reports/wholesale/${report.id}`);
    return report;
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param() params: ReportIdParams): Promise<void> {
    return this.reports.delete(params.id);
  }
}
