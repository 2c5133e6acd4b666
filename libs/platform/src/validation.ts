import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  Matches,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import {
  AREA_CODE_PATTERN,
  TEXT_RULES,
  textProblem,
  type TextProblem,
  type TextRule,
} from '@app/kernel';

/** A calendar date, YYYY-MM-DD, that exists (no 30 February). */
export const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );

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

/**
 * A string property that keeps the text rule (with `each: true`, every string of a list). Each
 * way of breaking it is its own constraint, so the refusal is named by the rule broken.
 */
export const IsText = (rule: TextRule, options: ValidationOptions = {}): PropertyDecorator => {
  const problemOf = (value: unknown): TextProblem | null =>
    typeof value === 'string' ? textProblem(value, rule) : null;
  return applyDecorators(
    ValidateBy(
      {
        name: 'isText',
        validator: {
          validate: (value) => typeof value === 'string',
          defaultMessage: ({ property }: ValidationArguments) =>
            `${options.each ? 'each of ' : ''}${property} must be text`,
        },
      },
      options,
    ),
    ...TEXT_RULES.map((name) =>
      ValidateBy(
        {
          name,
          validator: {
            validate: (value) => problemOf(value)?.rule !== name,
            defaultMessage: ({ property, value }: ValidationArguments) => {
              // With each: true this is the whole list: name the first item that fails.
              const items: unknown[] = Array.isArray(value) ? value : [value];
              const problem = items.map(problemOf).find((found) => found?.rule === name);
              return `${options.each ? 'each of ' : ''}${property} ${problem?.message ?? ''}`;
            },
          },
        },
        options,
      ),
    ),
  );
};
