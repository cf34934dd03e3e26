import { DynamicModule, Module } from '@nestjs/common';
import { ReportConveniencesModule } from '../conveniences/report-conveniences.module';
import { WebexModule } from '../webex/webex.module';
import { FamilyRegistry } from './family-registry';
import { FamilyReportsFactory } from './family-reports';
import { FamilySources } from './family-source';
import { familyController } from './family.controller';

/**
 * `/v1/reports/<family>` for every family of the registry (waitFor and download included); global,
 * so the dashboard and the docs reach the registry and the families' sources.
 */
@Module({})
export class FamiliesModule {
  static forRoot(registry: FamilyRegistry): DynamicModule {
    return {
      module: FamiliesModule,
      global: true,
      imports: [WebexModule, ReportConveniencesModule],
      controllers: registry.descriptors.map(familyController),
      providers: [
        { provide: FamilyRegistry, useValue: registry },
        FamilyReportsFactory,
        FamilySources,
      ],
      exports: [FamilyRegistry, FamilySources],
    };
  }
}
