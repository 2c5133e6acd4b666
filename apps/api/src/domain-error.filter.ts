import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '@app/kernel';

/**
 * A domain refusal is an answer, not a fault: hand it to GraphQL (which gives it its code in
 * graphql-errors.ts) without Nest logging it as an unhandled exception.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
