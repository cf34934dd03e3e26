import { Controller, Get, Query, Req, Res, Type } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheModeOf, sendCached } from '../http/cached-reply';
import { FamilyRegistry } from '../reports/family-registry';
import { ApiAllReportsRoute } from '../reports/report-routes.docs';
import { AllReportsQuery, allReportsQueryOf } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

/** `GET /v1/reports`, its query DTO built for the registry's families. */
export function dashboardController(registry: FamilyRegistry): Type<unknown> {
  @ApiTags('All billing reports')
  @Controller('reports')
  class DashboardController {
    constructor(private readonly reports: DashboardService) {}

    @Get()
    @ApiAllReportsRoute()
    async list(
      @Query() query: AllReportsQuery,
      @Req() request: FastifyRequest,
      @Res() reply: FastifyReply,
    ): Promise<void> {
      sendCached(request, reply, await this.reports.list(query, cacheModeOf(request), request.bff));
    }
  }

  // The query type is built per registry: the validation pipe and the document read it from here.
  const types = [allReportsQueryOf(registry), Object, Object];
  Reflect.defineMetadata('design:paramtypes', types, DashboardController.prototype, 'list');
  return DashboardController;
}
