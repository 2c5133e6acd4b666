import { validateSync } from 'class-validator';
import { Actor, commandContextOf } from '@app/kernel';
import {
  AllocateGrantInput,
  CorrectGrantAllocationInput,
  WithdrawGrantAllocationInput,
} from '../graphql/funding.inputs';
import type { FundingCommand } from '../domain/grant-allocation';
import { ChangeFunding } from './change-funding.command';

/**
 * A change to grant allocations as a caller asks it, the API's input with its kind: the API and
 * the pages both send it through `changeFunding`, so one request is one command either way.
 */
export type FundingRequest =
  | ({ kind: 'AllocateGrant' } & AllocateGrantInput)
  | ({ kind: 'CorrectGrantAllocation' } & CorrectGrantAllocationInput)
  | ({ kind: 'WithdrawGrantAllocation' } & WithdrawGrantAllocationInput);

const INPUTS = {
  AllocateGrant: AllocateGrantInput,
  CorrectGrantAllocation: CorrectGrantAllocationInput,
  WithdrawGrantAllocation: WithdrawGrantAllocationInput,
} as const;

/** One rule of the API's input that a request breaks, named by field and rule. */
export interface FundingInputProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * What the API's input class refuses in this request (the rules its ValidationPipe checks), so
 * that a page refuses what the API refuses, with the same rules.
 */
export function fundingInputProblems({ kind, ...fields }: FundingRequest): FundingInputProblem[] {
  const input = Object.assign(new INPUTS[kind](), fields);
  return validateSync(input).flatMap((error) =>
    Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field: error.property,
      rule,
      message,
    })),
  );
}

/** The command a request asks for, with who asks and why, as every way in sends it. */
export function changeFunding(
  { kind, ...input }: FundingRequest,
  actor: Actor,
  correlationId: string,
  now: Date,
): ChangeFunding {
  const context = commandContextOf(input, actor, correlationId, now);
  return new ChangeFunding(fundingCommandOf({ kind, ...input } as FundingRequest), context);
}

function fundingCommandOf(request: FundingRequest): FundingCommand {
  const { programmeId } = request;
  switch (request.kind) {
    case 'AllocateGrant': {
      const { areaCode, amountPence, periodStart, periodEnd } = request;
      return {
        kind: 'AllocateGrant',
        allocationId: request.allocationId ?? `${areaCode}-${periodStart}-to-${periodEnd}`,
        programmeId,
        areaCode,
        amountPence,
        periodStart,
        periodEnd,
        sourceUrl: request.sourceUrl.trim(),
        allocatedOn: request.allocatedOn,
        fundingSource: request.fundingSource.trim(),
        grantName: request.grantName?.trim() || null,
      };
    }
    case 'CorrectGrantAllocation': {
      const { allocationId, amountPence, periodStart, periodEnd } = request;
      const { sourceUrl, allocatedOn, fundingSource, grantName } = request;
      // Only the details given: null and left out alike mean "as it is".
      const changes = Object.fromEntries(
        Object.entries({
          amountPence,
          periodStart,
          periodEnd,
          sourceUrl: sourceUrl?.trim(),
          allocatedOn,
          fundingSource: fundingSource?.trim(),
          grantName: grantName?.trim() || undefined,
        }).filter(([, value]) => value !== null && value !== undefined),
      );
      return { kind: 'CorrectGrantAllocation', programmeId, allocationId, changes };
    }
    case 'WithdrawGrantAllocation':
      return {
        kind: 'WithdrawGrantAllocation',
        programmeId,
        allocationId: request.allocationId,
      };
  }
}
