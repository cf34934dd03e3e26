import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { PROBLEM_TYPES } from '../docs/problem.docs';
import { DOWNLOAD_LINK, WHOLESALE_REPORT } from '../docs/examples.docs';
import { DATE, MONTH } from '../docs/formats.docs';
import { ProblemCode } from '../http/problem';

/** OpenAPI descriptions of the unified shapes (CONTRACT §3, §6); the types themselves are in report.ts. */

const nullableDate = { type: 'string', nullable: true, ...DATE } as const;

@ApiSchema({ name: 'Period', description: 'first and last day the report covers' })
class PeriodDoc {
  @ApiProperty({ ...nullableDate, example: '2024-01-01' }) start!: string | null;
  @ApiProperty({ ...nullableDate, example: '2024-01-31' }) end!: string | null;
}

const downloadProperties = {
  url: { type: 'string', format: 'uri', description: 'signed; needs no API key' },
  expiresAt: {
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: "from the URL's Expires; null when it has none",
  },
} as const;

@ApiSchema({ name: 'DownloadLink', description: 'a download URL and when it stops working' })
export class DownloadLinkDoc {
  @ApiProperty({ ...downloadProperties.url, example: DOWNLOAD_LINK.url }) url!: string;
  @ApiProperty({ ...downloadProperties.expiresAt, example: DOWNLOAD_LINK.expiresAt })
  expiresAt!: string | null;
}

@ApiSchema({ name: 'ReportError', description: "Webex's reason for a FAILED report" })
class ReportErrorDoc {
  @ApiProperty({ type: 'integer', nullable: true, example: 2024 }) code!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Billing Report not found.' })
  description!: string | null;
}

@ApiSchema({
  name: 'Report',
  description: 'one report of either family; a field Webex did not send is null',
})
export class ReportDoc {
  @ApiProperty({ minLength: 1, example: WHOLESALE_REPORT.id }) id!: string;
  // its enum: the registry's families (finishDocument)
  @ApiProperty({ type: 'string', example: 'wholesale' }) family!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'COMPLETED',
    description: 'IN_PROGRESS, COMPLETED, FAILED, or an unknown Webex status as sent',
  })
  status!: string | null;
  @ApiProperty({ type: PeriodDoc }) period!: PeriodDoc;
  @ApiProperty({
    type: String,
    nullable: true,
    ...MONTH,
    example: '2024-01',
    description: 'BroadWorks only: the billing month',
  })
  billingMonth!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'PARTNER',
    description: 'Wholesale only: PARTNER, CUSTOMER or USER as Webex sent it',
  })
  type!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'RECONCILIATION',
    description: 'Wholesale only: RECONCILIATION or POINT_IN_TIME as Webex sent it',
  })
  category!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: WHOLESALE_REPORT.createdAt,
    description: 'null in lists: Webex lists carry no creation time',
  })
  createdAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: WHOLESALE_REPORT.createdBy })
  createdBy!: string | null;
  // Inline, not a $ref to DownloadLink: OpenAPI 3.0 ignores `nullable` beside `$ref` or `allOf`,
  // so only a schema with its own `type` can say that null is valid.
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: downloadProperties,
    required: ['url', 'expiresAt'],
    selfRequired: true, // `required` names the object's own fields here

    example: DOWNLOAD_LINK,
    description: 'only for a COMPLETED report fetched by id; null in lists and before completion',
  })
  download!: DownloadLinkDoc | null;
  @ApiProperty({ type: [ReportErrorDoc], description: 'empty unless FAILED' })
  errors!: ReportErrorDoc[];
}

@ApiSchema({ name: 'Page' })
class PageDoc {
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'opaque; pass as ?cursor= to continue; null at the end',
  })
  nextCursor!: string | null;
}

@ApiSchema({ name: 'ReportList' })
export class ReportListDoc {
  @ApiProperty({ type: [ReportDoc] }) items!: ReportDoc[];
  @ApiProperty({ type: PageDoc }) page!: PageDoc;
}

@ApiSchema({ name: 'MissingFamily', description: 'a family whose reports are missing' })
class MissingFamilyDoc {
  // its enum: the registry's families (finishDocument)
  @ApiProperty({ type: 'string', example: 'broadworks' }) family!: string;
  @ApiProperty({
    type: 'integer',
    example: 502,
    description: "the HTTP status that family's own list route would have answered",
  })
  status!: number;
  @ApiProperty({
    enum: PROBLEM_TYPES,
    example: 'upstream-unavailable',
    description: 'the problem type of that answer',
  })
  type!: ProblemCode;
}

@ApiSchema({ name: 'AllReports', description: 'both families merged, newest period first' })
export class AllReportsDoc extends ReportListDoc {
  @ApiPropertyOptional({
    type: [MissingFamilyDoc],
    description:
      'present when a family could not be listed (and had no stale data); its items are missing',
  })
  partial?: MissingFamilyDoc[];
}
