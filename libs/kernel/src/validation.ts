import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsISO8601, Matches } from 'class-validator';
import { InvalidInputError } from './domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './query-cost';

/** A calendar date, YYYY-MM-DD, that exists (no 30 February). */
export const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );

/** An ONS GSS area code such as E09000022. */
export const AREA_CODE_PATTERN = /^[EWSN]\d{8}$/;

/** A list of ONS GSS area codes. */
export const AreaCodes = (): PropertyDecorator =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(200),
    Matches(AREA_CODE_PATTERN, {
      each: true,
      message: 'each of $property must be an ONS GSS code such as E09000022',
    }),
  );

/** A page size for cursor pagination: 1 to 100, 20 when left out. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InvalidInputError('first', 'between1And100', 'first must be between 1 and 100');
  }
  return size;
}
