import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** Report ids in paths: 1–512 of `[A-Za-z0-9_=-]` (Webex ids are base64url), checked before any call. */
export class ReportIdParams {
  @ApiProperty({ description: '1-512 characters of A-Z a-z 0-9 _ = -' })
  @Matches(/^[A-Za-z0-9_=-]{1,512}$/, { message: 'must be 1-512 characters of A-Z a-z 0-9 _ = -' })
  id!: string;
}

/** Query of `GET /v1/reports/:family/:id`; any parameter not declared here is a 400. */
export class ReportGetQuery {}
