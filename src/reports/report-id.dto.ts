import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min, ValidateBy, ValidationArguments } from 'class-validator';
import { FOLDS, ID } from '../docs/formats.docs';
import { SEED_IDS } from '../sandbox/sandbox.seed';
import { Input, IntegerInput } from './query-rules';

/** Report ids in paths: 1–512 of `[A-Za-z0-9_=-]` (Webex ids are base64url), checked before any call. */
export class ReportIdParams {
  @ApiProperty({
    ...ID,
    description: 'the report id: 1-512 characters of A-Z a-z 0-9 _ = -',
    example: SEED_IDS.wholesaleCompleted,
  })
  @Matches(/^[A-Za-z0-9_=-]{1,512}$/, { message: 'must be 1-512 characters of A-Z a-z 0-9 _ = -' })
  id!: string;
}

export const WAIT_FOR = ['terminal'] as const;
export const WAIT_TIMEOUT_DEFAULT_S = 30;
export const WAIT_TIMEOUT_MAX_S = 60;
const TIMEOUT_MESSAGE = `must be an integer from 1 to ${WAIT_TIMEOUT_MAX_S}`;

/** `timeout` alone would silently do nothing, so it is refused without `waitFor`. */
const OnlyWithWaitFor = () =>
  ValidateBy({
    name: 'onlyWithWaitFor',
    validator: {
      validate: (_value, args?: ValidationArguments) =>
        (args?.object as ReportGetQuery).waitFor !== undefined,
      defaultMessage: () => 'needs waitFor=terminal',
    },
  });

/** Query of `GET /v1/reports/:family/:id`; any parameter not declared here is a 400. */
export class ReportGetQuery {
  @ApiPropertyOptional({
    enum: WAIT_FOR,
    description: `hold the request until the report is COMPLETED or FAILED. ${FOLDS}`,
  })
  @Input(WAIT_FOR)
  @IsIn(WAIT_FOR)
  waitFor?: (typeof WAIT_FOR)[number];
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: WAIT_TIMEOUT_MAX_S,
    default: WAIT_TIMEOUT_DEFAULT_S,
    description:
      'with waitFor: seconds to wait; then 200 with the current state and X-Wait: timeout',
  })
  @IntegerInput()
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(1, { message: TIMEOUT_MESSAGE })
  @Max(WAIT_TIMEOUT_MAX_S, { message: TIMEOUT_MESSAGE })
  @OnlyWithWaitFor()
  timeout?: number;
}
