import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheModeOf, sendCached } from '../http/cached-reply';
import { ApiAllReportsRoute } from '../reports/report-routes.docs';
import { AllReportsQuery } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('All billing reports')
@Controller('reports')
export class DashboardController {
  constructor(private readonly reports: DashboardService) {}

  @Get()
  @ApiAllReportsRoute()
  async list(
    @Query() query: AllReportsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendCached(request, reply, await this.reports.list(query, cacheModeOf(request)));
  }
}
