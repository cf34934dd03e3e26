import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI descriptions of the unified shapes (CONTRACT §3, §6); the types themselves are in report.ts. */
class PeriodDoc {
  @ApiProperty({ type: String, nullable: true, example: '2021-05-21' }) start!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2021-05-30' }) end!: string | null;
}

class DownloadDoc {
  @ApiProperty({
    example: 'https://billing-reports.example.com/a.csv?Expires=1624978489&Signature=…',
  })
  url!: string;
  @ApiProperty({ type: String, nullable: true, example: '2021-06-29T14:54:49.000Z' }) expiresAt!:
    string | null;
}

class ReportErrorDoc {
  @ApiProperty({ type: Number, nullable: true, example: 2024 }) code!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Billing Report not found.' })
  description!: string | null;
}

export class ReportDoc {
  @ApiProperty({ example: 'Y2lzY29zcGFyazovL3VzL0JJTExJTkdfUkVQT1JULzViOGQ1MThh' }) id!: string;
  @ApiProperty({ enum: ['broadworks', 'wholesale'] }) family!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'COMPLETED',
    description: 'IN_PROGRESS, COMPLETED, FAILED, or an unknown upstream status as sent',
  })
  status!: string | null;
  @ApiProperty({ type: PeriodDoc }) period!: PeriodDoc;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'BroadWorks only: YYYY-MM',
  })
  billingMonth!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PARTNER', description: 'Wholesale only' })
  type!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'RECONCILIATION' }) category!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: '2021-06-16T12:40:33.109Z' }) createdAt!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: DownloadDoc, nullable: true }) download!: DownloadDoc | null;
  @ApiProperty({ type: [ReportErrorDoc] }) errors!: ReportErrorDoc[];
}

class PageDoc {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'opaque; pass as ?cursor= to continue',
  })
  nextCursor!: string | null;
}

export class ReportListDoc {
  @ApiProperty({ type: [ReportDoc] }) items!: ReportDoc[];
  @ApiProperty({ type: PageDoc }) page!: PageDoc;
}

class FieldErrorDoc {
  @ApiProperty({ example: 'billingStartDate' }) field!: string;
  @ApiProperty({ example: 'must be a real calendar date as YYYY-MM-DD' }) message!: string;
}

export class ProblemDoc {
  @ApiProperty({ example: 'validation-failed' }) type!: string;
  @ApiProperty({ example: 'The request is invalid' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty() requestId!: string;
  @ApiPropertyOptional({ type: [FieldErrorDoc] }) errors?: FieldErrorDoc[];
}

class PartialDoc {
  @ApiProperty({ enum: ['broadworks', 'wholesale'] }) family!: string;
  @ApiProperty({
    example: 502,
    description: "the HTTP status that family's own list route would have answered",
  })
  status!: number;
  @ApiProperty({ example: 'upstream-unavailable', description: 'the problem type of that answer' })
  type!: string;
}

export class AllReportsDoc extends ReportListDoc {
  @ApiPropertyOptional({
    type: [PartialDoc],
    description:
      'present when a family could not be listed (and had no stale data); its items are missing',
  })
  partial?: PartialDoc[];
}
