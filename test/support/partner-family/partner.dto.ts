import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DATE } from '../../../src/docs/formats.docs';
import {
  Input,
  IntegerInput,
  IsRealDate,
  NotBefore,
  RequiredInput,
} from '../../../src/reports/query-rules';

const REGION = /^[A-Z]{2}$/;

/** `GET /v1/reports/partner` filters (webex-admin-partner-reports.json, `List Reports`). */
export class PartnerListQuery {
  @ApiPropertyOptional({ example: 'Webex', description: 'only reports of this service' })
  @Input()
  @IsString()
  service?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'only this report template' })
  @IntegerInput()
  @IsInt()
  @Min(1)
  @Max(999999)
  templateId?: number;

  @ApiPropertyOptional({ ...DATE, description: 'created on or after this date' })
  @Input()
  @IsRealDate()
  from?: string;

  @ApiPropertyOptional({ ...DATE, description: 'created before this date' })
  @Input()
  @IsRealDate()
  @NotBefore('from')
  to?: string;

  @ApiPropertyOptional({ description: 'page.nextCursor of the previous answer' })
  @Input()
  @IsString()
  cursor?: string;
}

/** `POST /v1/reports/partner` (`Create a Report`). */
export class CreatePartnerReportBody {
  @ApiProperty({ type: 'integer', minimum: 1, example: 5 })
  @IsInt()
  @Min(1)
  templateId!: number;

  @ApiProperty({ ...DATE, example: '2024-05-01' })
  @RequiredInput()
  @IsRealDate()
  startDate!: string;

  @ApiProperty({ ...DATE, example: '2024-05-05' })
  @RequiredInput()
  @IsRealDate()
  @NotBefore('startDate')
  endDate!: string;

  @ApiPropertyOptional({ example: 'US', description: 'US, CA, EU, …' })
  @Input()
  @Matches(REGION)
  regionId?: string;
}
