import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheModeOf, sendCached } from '../reports/cached-reply';
import { IdempotencyInterceptor } from '../reports/idempotency.interceptor';
import { Report } from '../reports/report';
import { ReportGetQuery, ReportIdParams } from '../reports/report-id.dto';
import { BroadworksListQuery, CreateBroadworksReportBody } from './broadworks.dto';
import { BroadworksService } from './broadworks.service';

@Controller('reports/broadworks')
export class BroadworksController {
  constructor(private readonly reports: BroadworksService) {}

  @Get()
  async list(@Query() query: BroadworksListQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(request, reply, await this.reports.list(query, cacheModeOf(request)));
  }

  @Get(':id')
  async get(@Param() params: ReportIdParams, @Query() _query: ReportGetQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(request, reply, await this.reports.get(params.id, cacheModeOf(request)));
  }

  @Post()
  @HttpCode(202)
  @UseInterceptors(IdempotencyInterceptor)
  async create(@Body() body: CreateBroadworksReportBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<Report> {
    const report = await this.reports.create(body.billingPeriod);
    reply.header('location', `/v1/reports/broadworks/${report.id}`);
    return report;
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param() params: ReportIdParams): Promise<void> {
    return this.reports.delete(params.id);
  }
}
