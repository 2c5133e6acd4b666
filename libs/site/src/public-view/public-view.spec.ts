import { Role, SYSTEM_ACTOR, type RecordedEvent } from '@app/kernel';
import { publicActorOf } from './public-actor';
import { PUBLIC_FACTS, publicEntryOf, type PublicDirectory } from './public-entry';

const directory: PublicDirectory = {
  areaName: (code) =>
    ({ E09000022: 'Lambeth', E10000006: 'Cumbria', E06000063: 'Cumberland' })[code],
  programmeName: (id) => (id === 'family-hubs' ? 'Family hubs' : undefined),
  milestoneTitle: (id, key) => (key === 'open' ? 'Family hub open' : undefined),
};

/** Things that must never reach the public, written into every event below. */
const NEVER_PUBLIC = {
  name: 'Priya Secretname',
  actorId: 'tok-3b9c1e',
  commandId: 'cmd-5d1f0a',
  correlationId: 'corr-77aa01',
  causationId: 'cause-19c2bb',
  fingerprint: 'f1ng3rpr1nt',
  eventId: 'evt-0c4e55',
  commentary: 'Commentary only for signed-in readers',
};

const officer = {
  id: NEVER_PUBLIC.actorId,
  name: NEVER_PUBLIC.name,
  role: Role.LOCAL_AUTHORITY,
  organisation: 'E09000022',
};

let position = 0;
const recorded = (
  streamId: string,
  type: string,
  data: Record<string, unknown>,
): RecordedEvent => ({
  eventId: NEVER_PUBLIC.eventId,
  streamId,
  version: ++position,
  position,
  type,
  data,
  metadata: {
    actor: officer,
    occurredAt: '2026-03-01T00:00:00.000Z',
    reason: 'Because the review said so',
    evidence: ['https://example.org/evidence'],
    commandId: NEVER_PUBLIC.commandId,
    correlationId: NEVER_PUBLIC.correlationId,
    causationId: NEVER_PUBLIC.causationId,
    commandFingerprint: NEVER_PUBLIC.fingerprint,
  },
  recordedAt: '2026-03-02T10:15:00.000Z',
});

const recommendation = 'recommendation-CSC-X';
const rollout = 'rollout-family-hubs.E09000022';
/** One event of every public type, with the title the public reads. */
const EVERY_TYPE: [RecordedEvent, string][] = [
  [
    recorded(recommendation, 'RecommendationProposed', {
      id: 'CSC-X',
      title: 'Family help',
      summary: null,
      source: { name: 'Review', url: null },
      theme: 'Family help',
      owner: 'DfE',
    }),
    'Recommendation CSC-X proposed',
  ],
  [
    recorded(recommendation, 'RecommendationAccepted', { decision: 'ACCEPTED_IN_PART' }),
    'Recommendation CSC-X accepted in part',
  ],
  [recorded(recommendation, 'RecommendationRejected', {}), 'Recommendation CSC-X rejected'],
  [
    recorded(recommendation, 'RecommendationFunded', {
      amountPence: 100,
      fundingSource: 'DfE',
      periodStart: null,
      periodEnd: null,
    }),
    'Recommendation CSC-X funded',
  ],
  [
    recorded(recommendation, 'RecommendationPilotStarted', {
      areas: ['E09000022'],
      startDate: '2026-01-01',
      plannedEndDate: null,
    }),
    'Recommendation CSC-X piloted',
  ],
  [
    recorded(recommendation, 'RecommendationRolledOut', {
      scope: 'AREAS',
      areas: ['E09000022', 'E10000006'],
      rolloutDate: '2026-02-01',
    }),
    'Recommendation CSC-X rolled out in 2 areas',
  ],
  [
    recorded(recommendation, 'RecommendationRolledOut', {
      scope: 'NATIONAL',
      areas: [],
      rolloutDate: '2026-02-01',
      skippedStages: ['FUNDED', 'PILOTED'],
    }),
    'Recommendation CSC-X rolled out nationally, skipping Funded and Piloted',
  ],
  [recorded(recommendation, 'RecommendationWithdrawn', {}), 'Recommendation CSC-X withdrawn'],
  [
    recorded(recommendation, 'RecommendationResponseRecorded', {
      decision: 'ACCEPTED_IN_PART',
      respondedOn: '2023-12-15',
      evidenceUrl: 'https://example.org/response',
      note: null,
    }),
    "Government's response to Recommendation CSC-X: accepted in part",
  ],
  [
    recorded(recommendation, 'RecommendationLinked', { relation: 'RESPONDS_TO', otherId: 'CSC-Y' }),
    'Recommendation CSC-X responds to CSC-Y',
  ],
  [
    recorded('programme-family-hubs', 'ProgrammeCreated', {
      id: 'family-hubs',
      name: 'Family hubs',
      recommendations: ['CSC-X'],
      milestones: [{ key: 'open', title: 'Family hub open', description: null }],
    }),
    "Programme 'Family hubs' created",
  ],
  [
    recorded('programme-family-hubs', 'MilestoneTargetSet', {
      milestoneKey: 'open',
      targetDate: '2027-03-31',
      previousTargetDate: null,
    }),
    "National target for 'Family hub open' set in Family hubs",
  ],
  [
    recorded('programme-family-hubs', 'ProgrammeFactRecorded', {
      number: 1,
      on: '2023-02-09',
      precision: 'DAY',
      text: '14 trailblazers selected',
      url: 'https://www.localgov.co.uk/Family-hubs-receive-300m-boost/55592',
    }),
    'Fact about Family hubs recorded: 14 trailblazers selected',
  ],
  [
    recorded('programme-family-hubs', 'ProgrammeFactCorrected', { number: 1, on: '2023-02-10' }),
    'Fact 1 about Family hubs corrected',
  ],
  [
    recorded('programme-family-hubs', 'NationalMilestoneReached', {
      key: 'trailblazers',
      title: 'Trailblazers selected',
      on: '2023-02-09',
      precision: 'DAY',
      url: 'https://www.gov.uk/government/publications/trailblazers',
    }),
    "Family hubs reached 'Trailblazers selected' nationally",
  ],
  [
    recorded('programme-family-hubs', 'NationalMilestoneCorrected', {
      key: 'trailblazers',
      precision: 'MONTH',
    }),
    "National milestone 'trailblazers' of Family hubs corrected",
  ],
  [
    recorded(rollout, 'MilestoneTargetSet', {
      milestoneKey: 'open',
      targetDate: '2027-01-31',
      previousTargetDate: null,
    }),
    "Target for 'Family hub open' set for Lambeth",
  ],
  [
    recorded(rollout, 'AreaEnrolled', { enrolledOn: '2026-01-01', pilot: true, wave: '1' }),
    'Lambeth enrolled in Family hubs',
  ],
  [
    recorded(rollout, 'MilestoneAchieved', {
      milestoneKey: 'open',
      achievedOn: '2026-02-01',
      note: null,
    }),
    "Lambeth achieved 'Family hub open'",
  ],
  [
    recorded(rollout, 'MilestoneAchievementCorrected', {
      milestoneKey: 'open',
      achievedOn: '2026-02-02',
      previousAchievedOn: '2026-02-01',
    }),
    "Lambeth corrected the date of 'Family hub open'",
  ],
  [
    recorded(rollout, 'MilestoneAchievementWithdrawn', {
      milestoneKey: 'open',
      previousAchievedOn: '2026-02-02',
    }),
    "Lambeth withdrew 'Family hub open'",
  ],
  [
    recorded(rollout, 'StatusReported', {
      rag: 'AMBER',
      commentary: NEVER_PUBLIC.commentary,
      periodStart: '2026-01-01',
      periodEnd: '2026-03-31',
    }),
    'Lambeth reported its status as amber for Family hubs',
  ],
  [
    recorded(rollout, 'AreaWithdrawn', { withdrawnOn: '2026-04-01' }),
    'Lambeth withdrawn from Family hubs',
  ],
  [
    recorded('area-E10000006', 'AreaSucceeded', {
      areaCode: 'E10000006',
      successors: ['E06000063', 'E06000064'],
      effectiveFrom: '2023-04-01',
    }),
    'Cumbria replaced by Cumberland and E06000064',
  ],
  [
    recorded('source-ec-2016-social-work-reform', 'SourceAdded', {
      id: 'ec-2016-social-work-reform',
      kind: 'SELECT_COMMITTEE_REPORT',
      title: 'Social work reform',
      publisher: 'House of Commons Education Committee',
      publishedOn: '2016-07-13',
      url: 'https://publications.parliament.uk/pa/cm201617/cmselect/cmeduc/201/20112.htm',
      themes: ['Retention'],
    }),
    "Source 'Social work reform' added",
  ],
  [
    recorded('source-ec-2016-social-work-reform', 'SourceCorrected', {
      themes: ['Retention', 'Initial training'],
    }),
    'Source ec-2016-social-work-reform corrected',
  ],
  [
    recorded('evaluation-swis-trial-result', 'EvaluationPublished', {
      id: 'swis-trial-result',
      subject: { kind: 'PROGRAMME', id: 'social-workers-in-schools' },
      publishedOn: '2023-03-30',
      evaluator: 'What Works',
      finding: 'NO_EFFECT',
      url: 'https://example.org/swis',
      summary: 'No effect on referrals.',
    }),
    'Evaluation by What Works published: no effect',
  ],
  [
    recorded('evaluation-swis-trial-result', 'EvaluationCorrected', { finding: 'MIXED' }),
    'Evaluation corrected',
  ],
  [
    recorded('funding-family-hubs', 'GrantAllocated', {
      allocationId: 'lambeth-2025',
      programmeId: 'family-hubs',
      areaCode: 'E09000022',
      amountPence: 123_456,
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
      sourceUrl: 'https://www.gov.uk/grant',
      allocatedOn: '2025-03-20',
      fundingSource: 'Department for Education',
      grantName: null,
    }),
    'Lambeth granted £1,234.56 for Family hubs',
  ],
  [
    recorded('funding-family-hubs', 'GrantAllocationCorrected', {
      allocationId: 'lambeth-2025',
      amountPence: 1,
    }),
    'Grant lambeth-2025 for Family hubs corrected',
  ],
  [
    recorded('funding-family-hubs', 'GrantAllocationWithdrawn', { allocationId: 'lambeth-2025' }),
    'Grant lambeth-2025 for Family hubs withdrawn',
  ],
];

describe('publicActorOf', () => {
  it.each([
    [{ role: 'LOCAL_AUTHORITY', organisation: 'E09000022' }, 'Lambeth, local authority officer'],
    [{ role: 'LOCAL_AUTHORITY', organisation: null }, 'Local authority officer'],
    [{ role: 'BOARD_MEMBER', organisation: null }, 'National Implementation Board'],
    [{ role: 'ADMIN' }, 'Reform Tracker administrator'],
    [{ role: 'AUDITOR' }, 'Auditor'],
    [SYSTEM_ACTOR, 'Reform Tracker, from published sources'],
    [{ role: 'SOMETHING_NEW' }, 'Reform Tracker user'],
  ])('shows %j as "%s"', (actor, words) => {
    expect(publicActorOf(actor)).toBe(words);
  });

  it('names a former local authority from the register, and an unknown code as it is', () => {
    expect(publicActorOf({ role: 'LOCAL_AUTHORITY', organisation: 'E10000006' })).toBe(
      'Cumbria, local authority officer',
    );
    expect(publicActorOf({ role: 'LOCAL_AUTHORITY', organisation: 'E99999999' })).toBe(
      'E99999999, local authority officer',
    );
  });
});

describe('publicEntryOf', () => {
  it('covers every public event type', () => {
    expect(new Set(EVERY_TYPE.map(([event]) => event.type))).toEqual(
      new Set(Object.keys(PUBLIC_FACTS)),
    );
  });

  const cases = EVERY_TYPE.map(
    ([event, title]) => [`${event.type} on ${event.streamId}`, event, title] as const,
  );

  it.each(cases)('writes %s in words', (_, event, title) => {
    expect(publicEntryOf(event, directory)?.title).toBe(title);
  });

  it.each(cases)('keeps nothing that is never public in %s', (_, event) => {
    const text = JSON.stringify(publicEntryOf(event, directory));
    for (const secret of Object.values(NEVER_PUBLIC)) expect(text).not.toContain(secret);
  });

  it('keeps the public facts, the dates, the reason, the evidence and the public actor', () => {
    const [status] = EVERY_TYPE.find(([event]) => event.type === 'StatusReported')!;
    expect(publicEntryOf(status, directory)).toEqual({
      id: `${rollout}/${status.version}`,
      position: status.position,
      type: 'StatusReported',
      title: 'Lambeth reported its status as amber for Family hubs',
      recommendationId: null,
      programmeId: 'family-hubs',
      areaCode: 'E09000022',
      page: '/programmes/family-hubs',
      occurredAt: '2026-03-01T00:00:00.000Z',
      recordedAt: '2026-03-02T10:15:00.000Z',
      actor: 'Lambeth, local authority officer',
      reason: 'Because the review said so',
      evidence: ['https://example.org/evidence'],
      facts: { rag: 'AMBER', periodStart: '2026-01-01', periodEnd: '2026-03-31' },
    });
  });

  it('links a recommendation step to its page in the register', () => {
    expect(publicEntryOf(EVERY_TYPE[0][0], directory)?.page).toBe('/register/CSC-X');
    const [source] = EVERY_TYPE.find(([event]) => event.type === 'SourceCorrected')!;
    expect(publicEntryOf(source, directory)?.page).toBe('/sources/ec-2016-social-work-reform');
  });

  it('shows no event of a type it does not know, such as the audit trail seals', () => {
    expect(publicEntryOf(recorded('audit-seals', 'AuditTrailSealed', {}), directory)).toBeNull();
  });
});
