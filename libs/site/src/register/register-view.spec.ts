import type { RecordedEvent } from '@app/kernel';
import {
  AcceptanceDecision,
  LinkRelation,
  RecommendationState,
  ResponseDecision,
  RolloutScope,
  Stage,
} from '@app/recommendations';
import {
  recommendationView,
  registerFilterOf,
  registerView,
  responseOf,
  stepTitle,
} from './register-view';

const state = (id: string, overrides: Partial<RecommendationState> = {}): RecommendationState => ({
  id,
  title: `Recommendation ${id}`,
  summary: null,
  sourceId: 'care-review',
  source: null,
  theme: 'Implementation',
  owner: null,
  stage: Stage.PROPOSED,
  version: 1,
  proposedAt: '2022-05-23T09:00:00.000Z',
  stageChangedAt: '2022-05-23T09:00:00.000Z',
  acceptance: null,
  rejection: null,
  funding: null,
  pilot: null,
  rollout: null,
  withdrawal: null,
  governmentResponse: null,
  links: [],
  ...overrides,
});

/** Each recommendation's source by title and link, as the controller looks them up. */
const SOURCES = new Map([
  ['A', { name: 'Care review', url: null }],
  ['B', { name: 'Government response', url: 'https://example.org' }],
]);

const ACCEPTED = state('B', {
  stage: Stage.ACCEPTED,
  theme: 'Transforming care',
  sourceId: 'government-response',
  acceptance: {
    decision: AcceptanceDecision.ACCEPTED_IN_PRINCIPLE,
    evidenceUrl: null,
    skippedStages: [],
    reason: null,
    decidedAt: '2023-02-02T14:05:00.000Z',
  },
  stageChangedAt: '2023-02-02T14:05:00.000Z',
});

describe('the register page', () => {
  it('reads the filters from the query, ignoring a stage that is not one', () => {
    expect(registerFilterOf({ source: ' Care review ', theme: 'Reset', stage: 'FUNDED' })).toEqual({
      source: 'Care review',
      theme: 'Reset',
      stage: Stage.FUNDED,
    });
    expect(registerFilterOf({ stage: 'SOON', source: ['a', 'b'] })).toEqual({
      source: '',
      theme: '',
      stage: '',
    });
  });

  it('lists the recommendations that match, with the response in words and the slice in links', () => {
    const view = registerView(
      [state('A'), ACCEPTED],
      SOURCES,
      { source: '', theme: '', stage: Stage.ACCEPTED },
      'validAt=2024-01-31',
    );
    expect(view.count).toBe(1);
    expect(view.filtered).toBe(true);
    expect(view.rows).toEqual([
      {
        id: 'B',
        href: '/register/B?validAt=2024-01-31',
        title: 'Recommendation B',
        source: 'Government response',
        theme: 'Transforming care',
        stage: { text: 'Accepted', classes: 'govuk-tag--blue' },
        response: 'Accepted in principle',
        lastChanged: '2 February 2023',
      },
    ]);
  });

  it('offers every source and theme of the slice, and every stage, the chosen ones selected', () => {
    const view = registerView(
      [state('A'), ACCEPTED],
      SOURCES,
      { source: 'Care review', theme: '', stage: '' },
      '',
    );
    expect(view.filters.source).toEqual([
      { value: '', text: 'All sources', selected: false },
      { value: 'Care review', text: 'Care review', selected: true },
      { value: 'Government response', text: 'Government response', selected: false },
    ]);
    expect(view.filters.theme.map((item) => item.text)).toEqual([
      'All themes',
      'Implementation',
      'Transforming care',
    ]);
    expect(view.filters.stage.map((item) => item.text)).toEqual([
      'All stages',
      'Proposed',
      'Accepted',
      'Funded',
      'Piloted',
      'Rolled out',
      'Rejected',
      'Withdrawn',
    ]);
    expect(view.rows.map((row) => row.href)).toEqual(['/register/A']);
  });
});

describe("a recommendation's page", () => {
  const recorded = (
    type: string,
    data: Record<string, unknown>,
    metadata: Record<string, unknown>,
  ) => ({ type, data, metadata, recordedAt: '2026-01-01T00:00:00Z' }) as unknown as RecordedEvent;

  it('tells each step in words: when, what, who by role, why and the evidence; never a name or id', () => {
    const view = recommendationView(
      ACCEPTED,
      [
        recorded(
          'RecommendationAccepted',
          { decision: AcceptanceDecision.ACCEPTED_IN_PRINCIPLE },
          {
            actor: { id: 'token-123', name: 'Ada Board', role: 'BOARD_MEMBER', organisation: null },
            occurredAt: '2023-02-02T14:05:00.000Z',
            reason: 'Agreed',
            evidence: ['https://example.org/minutes'],
          },
        ),
      ],
      SOURCES.get('B')!,
      [],
    );
    expect(view.steps).toEqual([
      {
        date: '2 February 2023',
        title: 'Accepted in principle by the government',
        by: 'National Implementation Board',
        reason: 'Agreed',
        evidence: ['https://example.org/minutes'],
      },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/Ada Board|token-123/);
  });

  it('says what funding, pilots and roll-outs did', () => {
    expect(
      stepTitle({
        type: 'RecommendationFunded',
        data: {
          amountPence: 4_500_000_000,
          fundingSource: 'DfE',
          periodStart: null,
          periodEnd: null,
        },
      }),
    ).toBe('Funded with £45,000,000 by DfE');
    expect(
      stepTitle({
        type: 'RecommendationPilotStarted',
        data: { areas: ['E09000022'], startDate: '2024-01-01', plannedEndDate: null },
      }),
    ).toBe('Pilot started in 1 area');
    expect(
      stepTitle({
        type: 'RecommendationRolledOut',
        data: { scope: RolloutScope.NATIONAL, areas: [], rolloutDate: '2025-01-01' },
      }),
    ).toBe('Rolled out across England');
  });

  it('says which stages a step skipped and why, and shows its evidence', () => {
    const system = { actor: { id: 'system', name: 'System', role: 'ADMIN', organisation: null } };
    const view = recommendationView(
      ACCEPTED,
      [
        recorded(
          'RecommendationAccepted',
          { decision: AcceptanceDecision.ACCEPTED_IN_FULL },
          {
            ...system,
            occurredAt: '2022-05-23T00:00:00.000Z',
            reason: 'Announced',
          },
        ),
        recorded(
          'RecommendationRolledOut',
          {
            scope: RolloutScope.NATIONAL,
            areas: [],
            rolloutDate: '2022-11-01',
            skippedStages: [Stage.FUNDED, Stage.PILOTED],
            evidenceUrl: 'https://example.org/board',
          },
          { ...system, occurredAt: '2022-11-01T00:00:00.000Z', reason: 'No dated public fact' },
        ),
      ],
      SOURCES.get('B')!,
      [
        {
          relation: LinkRelation.RESPONDS_TO,
          otherId: 'A',
          otherTitle: 'Recommendation A',
          inbound: true,
        },
      ],
    );
    expect(view.steps[1]).toMatchObject({
      reason:
        'Moved from Accepted to Rolled out, skipping Funded and Piloted: No dated public fact',
      evidence: ['https://example.org/board'],
    });
    expect(view.links).toEqual([
      { text: 'Responded to by A', title: 'Recommendation A', href: '/register/A' },
    ]);
  });

  it("shows the government's recorded response with its date", () => {
    const responded = state('C', {
      governmentResponse: {
        decision: ResponseDecision.REJECTED,
        respondedOn: '2016-07-13',
        evidenceUrl: 'https://example.org/response',
        note: null,
      },
    });
    expect(responseOf(responded)).toBe('Rejected (13 July 2016)');
  });
});
