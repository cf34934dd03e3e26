import { Module } from '@nestjs/common';
import { ReportDownloads } from './report-download';
import { ReportPollers } from './report-pollers';
import { ReportWaiter } from './report-waiter';

/** What both families' routes share for CONTRACT §8: download links and waitFor with shared polling. */
@Module({
  providers: [ReportPollers, ReportWaiter, ReportDownloads],
  exports: [ReportWaiter, ReportDownloads],
})
export class ReportConveniencesModule {}
