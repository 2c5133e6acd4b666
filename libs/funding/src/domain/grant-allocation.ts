import {
  assertKnownAreas,
  DomainError,
  ErrorCode,
  InvalidInputError,
  type Succession,
} from '@app/kernel';

/** One grant to one local authority for one programme and period, as a determination publishes it. */
export interface GrantAllocation {
  allocationId: string;
  programmeId: string;
  areaCode: string;
  /** Whole pence (GBP 1 = 100). */
  amountPence: number;
  /** YYYY-MM-DD, both days included. */
  periodStart: string;
  periodEnd: string;
  /** Where the amount is published (a grant determination, usually). */
  sourceUrl: string;
  /** The day the grant was allocated (YYYY-MM-DD). */
  allocatedOn: string;
  /** Who pays, e.g. "Department for Education". */
  fundingSource: string;
  /** The grant's own name, when it has one. */
  grantName: string | null;
}

/** What a correction may change: everything but which programme, area and allocation it is. */
export type AllocationDetails = Omit<GrantAllocation, 'allocationId' | 'programmeId' | 'areaCode'>;

export interface GrantAllocated {
  type: 'GrantAllocated';
  data: GrantAllocation;
}

/** Only the changed details, with the allocation they belong to. */
export interface GrantAllocationCorrected {
  type: 'GrantAllocationCorrected';
  data: { allocationId: string } & Partial<AllocationDetails>;
}

export interface GrantAllocationWithdrawn {
  type: 'GrantAllocationWithdrawn';
  data: { allocationId: string };
}

export type FundingEvent = GrantAllocated | GrantAllocationCorrected | GrantAllocationWithdrawn;

/** Every type of event in a programme's funding stream (webhooks offer these to choose from). */
export const FUNDING_EVENT_TYPES: readonly string[] = Object.keys({
  GrantAllocated: true,
  GrantAllocationCorrected: true,
  GrantAllocationWithdrawn: true,
} satisfies Record<FundingEvent['type'], true>);

export const FUNDING_STREAM_PREFIX = 'funding-';
export const fundingStream = (programmeId: string): string =>
  `${FUNDING_STREAM_PREFIX}${programmeId}`;

/** An allocation as it stands: withdrawn ones are kept, so that their history reads whole. */
export type AllocationState = GrantAllocation & { withdrawn: boolean };

/** A programme's grants, one stream per programme: the rule "one per area and period" is its own. */
export interface FundingState {
  programmeId: string;
  allocations: AllocationState[];
}

export type FundingCommand =
  | ({ kind: 'AllocateGrant' } & GrantAllocation)
  | {
      kind: 'CorrectGrantAllocation';
      programmeId: string;
      allocationId: string;
      changes: Partial<AllocationDetails>;
    }
  | { kind: 'WithdrawGrantAllocation'; programmeId: string; allocationId: string };

export interface FundingDecisionContext {
  /** Today in England (YYYY-MM-DD): a grant is not allocated later than that. */
  today: string;
  reason: string | null;
  /** Whether the programme exists (its own stream has begun). */
  programmeExists: boolean;
  isKnownArea(areaCode: string): boolean;
  /** The area's succession, if the register knows it was abolished. */
  succession(areaCode: string): Succession | null;
  areaName(areaCode: string): string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Decides which events a funding command produces, or refuses it naming the field. Pure. */
export function decideFunding(
  command: FundingCommand,
  state: FundingState | null,
  context: FundingDecisionContext,
): FundingEvent[] {
  if (!context.programmeExists) {
    throw new DomainError(ErrorCode.NOT_FOUND, `Programme ${command.programmeId} was not found`, {
      field: 'programmeId',
      id: command.programmeId,
    });
  }
  const allocations = state?.allocations ?? [];
  if (command.kind === 'AllocateGrant') {
    const { kind: _kind, ...allocation } = command;
    if (allocations.some((existing) => existing.allocationId === allocation.allocationId)) {
      throw new DomainError(
        ErrorCode.ALREADY_EXISTS,
        `Allocation ${allocation.allocationId} already exists; correct it instead`,
        { field: 'allocationId', allocationId: allocation.allocationId },
      );
    }
    assertKnownAreas('areaCode', [allocation.areaCode], context.isKnownArea);
    assertDetails(allocation, context);
    assertNotAbolished(allocation, context);
    assertOnePerPeriod(allocation, allocations, context);
    return [{ type: 'GrantAllocated', data: allocation }];
  }
  const current = liveAllocation(allocations, command.allocationId);
  requireReason(context, command.kind === 'WithdrawGrantAllocation' ? 'withdrawal' : 'correction');
  if (command.kind === 'WithdrawGrantAllocation') {
    return [{ type: 'GrantAllocationWithdrawn', data: { allocationId: current.allocationId } }];
  }
  const changed = Object.fromEntries(
    Object.entries(command.changes).filter(
      ([key, value]) => value !== undefined && current[key as keyof AllocationDetails] !== value,
    ),
  ) as Partial<AllocationDetails>;
  if (Object.keys(changed).length === 0) {
    throw new InvalidInputError(
      'allocationId',
      'changesSomething',
      `Nothing to correct: allocation ${current.allocationId} already has these details`,
    );
  }
  const corrected = { ...current, ...changed };
  assertDetails(corrected, context);
  assertNotAbolished(corrected, context);
  assertOnePerPeriod(corrected, allocations, context);
  return [
    { type: 'GrantAllocationCorrected', data: { allocationId: current.allocationId, ...changed } },
  ];
}

/** Folds one event into the programme's funding. Events are facts: evolve never refuses them. */
export function evolveFunding(
  state: FundingState | null,
  event: FundingEvent,
  programmeId: string,
): FundingState {
  const allocations = state?.allocations ?? [];
  switch (event.type) {
    case 'GrantAllocated':
      return {
        programmeId,
        allocations: [
          ...allocations,
          { ...event.data, grantName: event.data.grantName ?? null, withdrawn: false },
        ],
      };
    case 'GrantAllocationCorrected':
    case 'GrantAllocationWithdrawn': {
      const { allocationId, ...changes } = event.data;
      const change = event.type === 'GrantAllocationWithdrawn' ? { withdrawn: true } : changes;
      return {
        programmeId,
        allocations: allocations.map((allocation) =>
          allocation.allocationId === allocationId ? { ...allocation, ...change } : allocation,
        ),
      };
    }
  }
}

/** A programme's funding from its stream's events. */
export function foldFunding(
  programmeId: string,
  events: readonly { type: string; data: object }[],
): FundingState | null {
  return events.reduce<FundingState | null>(
    (state, event) => evolveFunding(state, event as FundingEvent, programmeId),
    null,
  );
}

function liveAllocation(allocations: AllocationState[], allocationId: string): AllocationState {
  const found = allocations.find((allocation) => allocation.allocationId === allocationId);
  if (!found) {
    throw new DomainError(ErrorCode.NOT_FOUND, `Allocation ${allocationId} was not found`, {
      field: 'allocationId',
      id: allocationId,
    });
  }
  if (found.withdrawn) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `Allocation ${allocationId} was withdrawn; record a new one instead`,
      { field: 'allocationId', allocationId },
    );
  }
  return found;
}

function requireReason(context: FundingDecisionContext, what: string): void {
  if (!context.reason?.trim()) {
    throw new InvalidInputError('reason', 'required', `A reason is required for a ${what}`);
  }
}

/** The amount, period, source and dates of an allocation, each checked by its own rule. */
function assertDetails(details: AllocationDetails, context: FundingDecisionContext): void {
  if (!Number.isSafeInteger(details.amountPence) || details.amountPence < 0) {
    throw new InvalidInputError(
      'amountPence',
      'wholePence',
      'amountPence must be a whole number of pence, zero or more',
    );
  }
  for (const field of ['periodStart', 'periodEnd', 'allocatedOn'] as const) {
    if (!DATE.test(details[field])) {
      throw new InvalidInputError(field, 'calendarDate', `${field} must be a date as YYYY-MM-DD`);
    }
  }
  if (details.periodEnd < details.periodStart) {
    throw new InvalidInputError(
      'periodEnd',
      'notBeforeStart',
      `periodEnd (${details.periodEnd}) must not be before periodStart (${details.periodStart})`,
    );
  }
  if (details.allocatedOn > context.today) {
    throw new InvalidInputError(
      'allocatedOn',
      'notInFuture',
      `allocatedOn (${details.allocatedOn}) must not be after today (${context.today})`,
    );
  }
  if (!isAbsoluteUrl(details.sourceUrl)) {
    throw new InvalidInputError(
      'sourceUrl',
      'absoluteUrl',
      'sourceUrl must be an absolute http(s) URL of the published allocation',
    );
  }
  if (!details.fundingSource.trim()) {
    throw new InvalidInputError('fundingSource', 'required', 'Say who pays (fundingSource)');
  }
}

/** A former area gets nothing for a period reaching past its abolition: its successors do. */
function assertNotAbolished(allocation: GrantAllocation, context: FundingDecisionContext): void {
  const succession = context.succession(allocation.areaCode);
  if (!succession || allocation.periodEnd < succession.effectiveFrom) return;
  const names = succession.successors.map((code) => `${context.areaName(code)} (${code})`);
  throw new DomainError(
    ErrorCode.AREA_REPLACED,
    `${context.areaName(allocation.areaCode)} was replaced on ${succession.effectiveFrom} by ${names.join(' and ')}; a period reaching past that is allocated to the successors`,
    { field: 'areaCode', ...succession },
  );
}

function assertOnePerPeriod(
  allocation: GrantAllocation,
  allocations: readonly AllocationState[],
  context: FundingDecisionContext,
): void {
  const first = allocations.find(
    (other) =>
      !other.withdrawn &&
      other.allocationId !== allocation.allocationId &&
      other.areaCode === allocation.areaCode &&
      other.periodStart === allocation.periodStart &&
      other.periodEnd === allocation.periodEnd,
  );
  if (!first) return;
  throw new DomainError(
    ErrorCode.ALREADY_EXISTS,
    `${context.areaName(allocation.areaCode)} already has allocation ${first.allocationId} in ${allocation.programmeId} for ${first.periodStart} to ${first.periodEnd}; correct that allocation instead`,
    { field: 'periodStart', allocationId: first.allocationId },
  );
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
