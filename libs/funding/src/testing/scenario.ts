import { Actor, Role, type Succession } from '@app/kernel';
import {
  decideFunding,
  type FundingCommand,
  type FundingDecisionContext,
  type FundingEvent,
  foldFunding,
  type GrantAllocation,
} from '../domain/grant-allocation';
import { authorize } from '../domain/policy';

export const PROGRAMME_ID = 'families-first-partnership';
export const LAMBETH = 'E09000022';
export const SOUTHWARK = 'E09000028';
export const CUMBRIA = 'E10000006';
export const CUMBERLAND = 'E06000063';
export const WESTMORLAND = 'E06000064';
export const TODAY = '2025-06-01';

const AREA_NAMES: Record<string, string> = {
  [LAMBETH]: 'Lambeth',
  [SOUTHWARK]: 'Southwark',
  [CUMBRIA]: 'Cumbria',
  [CUMBERLAND]: 'Cumberland',
  [WESTMORLAND]: 'Westmorland and Furness',
};

export const CUMBRIA_SUCCESSION: Succession = {
  areaCode: CUMBRIA,
  successors: [CUMBERLAND, WESTMORLAND],
  effectiveFrom: '2023-04-01',
};

export const actors: Record<'board' | 'admin' | 'auditor' | 'lambeth', Actor> = {
  board: { id: 'b', name: 'Ada Board', role: Role.BOARD_MEMBER, organisation: null },
  admin: { id: 'a', name: 'Ann Admin', role: Role.ADMIN, organisation: null },
  auditor: { id: 'u', name: 'Ed Auditor', role: Role.AUDITOR, organisation: null },
  lambeth: { id: 'l', name: 'Lou Lambeth', role: Role.LOCAL_AUTHORITY, organisation: LAMBETH },
};

/** An allocation to Lambeth for 2025-26, changed where given. */
export const allocation = (changes: Partial<GrantAllocation> = {}): GrantAllocation => ({
  allocationId: 'lambeth-2025-26',
  programmeId: PROGRAMME_ID,
  areaCode: LAMBETH,
  amountPence: 123_456_789,
  periodStart: '2025-04-01',
  periodEnd: '2026-03-31',
  sourceUrl: 'https://www.gov.uk/government/publications/example-grant-determination',
  allocatedOn: '2025-03-20',
  fundingSource: 'Department for Education',
  grantName: 'Transformation grant',
  ...changes,
});

export const allocated = (changes: Partial<GrantAllocation> = {}): FundingEvent => ({
  type: 'GrantAllocated',
  data: allocation(changes),
});

export const allocate = (changes: Partial<GrantAllocation> = {}): FundingCommand => ({
  kind: 'AllocateGrant',
  ...allocation(changes),
});

export const fundingOf = (...events: FundingEvent[]) => foldFunding(PROGRAMME_ID, events);

/**
 * Given a programme's funding events, when a command (by the board unless an actor is given),
 * then events or a refusal: the policy, then the decider, as the handler runs them.
 */
export function given(...events: FundingEvent[]) {
  const state = fundingOf(...events);
  return {
    when: (
      command: FundingCommand,
      {
        actor = actors.board,
        ...overrides
      }: Partial<FundingDecisionContext> & { actor?: Actor } = {},
    ) => ({
      then: (): FundingEvent[] => {
        authorize(actor, command);
        return decideFunding(command, state, {
          today: TODAY,
          reason: 'Published determination',
          programmeExists: true,
          isKnownArea: (code) => code in AREA_NAMES,
          succession: (code) => (code === CUMBRIA ? CUMBRIA_SUCCESSION : null),
          areaName: (code) => AREA_NAMES[code] ?? code,
          ...overrides,
        });
      },
    }),
  };
}

export { refusal } from '@app/kernel';
