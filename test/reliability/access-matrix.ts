/**
 * Who may call what: the expected outcome of every query and mutation for every role, with the
 * caller's own area (Lambeth) and a foreign one (Southwark) for a local authority. The access
 * test checks the API against it, and docs/RELIABILITY.md shows it as `renderAccessMatrix()`
 * writes it (the test fails if the two differ).
 */
export type Outcome = 'allowed' | 'FORBIDDEN';

export const CALLERS = ['BOARD_MEMBER', 'ADMIN', 'AUDITOR', 'LA_OWN', 'LA_FOREIGN'] as const;
export type Caller = (typeof CALLERS)[number];

const everyone: Record<Caller, Outcome> = {
  BOARD_MEMBER: 'allowed',
  ADMIN: 'allowed',
  AUDITOR: 'allowed',
  LA_OWN: 'allowed',
  LA_FOREIGN: 'allowed',
};
const board: Record<Caller, Outcome> = {
  BOARD_MEMBER: 'allowed',
  ADMIN: 'allowed',
  AUDITOR: 'FORBIDDEN',
  LA_OWN: 'FORBIDDEN',
  LA_FOREIGN: 'FORBIDDEN',
};
const reporting: Record<Caller, Outcome> = { ...board, LA_OWN: 'allowed' };
const notLocal: Record<Caller, Outcome> = {
  ...everyone,
  LA_OWN: 'FORBIDDEN',
  LA_FOREIGN: 'FORBIDDEN',
};
const adminOnly: Record<Caller, Outcome> = { ...board, BOARD_MEMBER: 'FORBIDDEN' };

export const ACCESS_MATRIX: Record<
  string,
  { kind: 'query' | 'mutation'; outcomes: Record<Caller, Outcome> }
> = {
  areaRollout: { kind: 'query', outcomes: everyone },
  auditTrail: { kind: 'query', outcomes: everyone },
  localAuthorities: { kind: 'query', outcomes: everyone },
  overdueMilestones: { kind: 'query', outcomes: everyone },
  movedTargets: { kind: 'query', outcomes: everyone },
  programme: { kind: 'query', outcomes: everyone },
  programmes: { kind: 'query', outcomes: everyone },
  recommendation: { kind: 'query', outcomes: everyone },
  recommendationStageCounts: { kind: 'query', outcomes: everyone },
  recommendations: { kind: 'query', outcomes: everyone },
  source: { kind: 'query', outcomes: everyone },
  sources: { kind: 'query', outcomes: everyone },
  verifyAuditTrail: { kind: 'query', outcomes: notLocal },
  whoAmI: { kind: 'query', outcomes: everyone },
  proposeRecommendation: { kind: 'mutation', outcomes: board },
  acceptRecommendation: { kind: 'mutation', outcomes: board },
  fundRecommendation: { kind: 'mutation', outcomes: board },
  startPilot: { kind: 'mutation', outcomes: board },
  rollOutRecommendation: { kind: 'mutation', outcomes: board },
  rejectRecommendation: { kind: 'mutation', outcomes: board },
  withdrawRecommendation: { kind: 'mutation', outcomes: board },
  addSource: { kind: 'mutation', outcomes: board },
  correctSource: { kind: 'mutation', outcomes: board },
  recordGovernmentResponse: { kind: 'mutation', outcomes: board },
  linkRecommendations: { kind: 'mutation', outcomes: board },
  createProgramme: { kind: 'mutation', outcomes: board },
  setMilestoneTarget: { kind: 'mutation', outcomes: board },
  recordProgrammeFact: { kind: 'mutation', outcomes: board },
  correctProgrammeFact: { kind: 'mutation', outcomes: board },
  recordNationalMilestone: { kind: 'mutation', outcomes: board },
  correctNationalMilestone: { kind: 'mutation', outcomes: board },
  enrolArea: { kind: 'mutation', outcomes: board },
  withdrawArea: { kind: 'mutation', outcomes: board },
  reportMilestone: { kind: 'mutation', outcomes: reporting },
  correctMilestone: { kind: 'mutation', outcomes: reporting },
  reportStatus: { kind: 'mutation', outcomes: reporting },
  recordAreaSuccession: { kind: 'mutation', outcomes: adminOnly },
  webhooks: { kind: 'query', outcomes: adminOnly },
  webhookDeliveries: { kind: 'query', outcomes: adminOnly },
  registerWebhook: { kind: 'mutation', outcomes: adminOnly },
  changeWebhook: { kind: 'mutation', outcomes: adminOnly },
  removeWebhook: { kind: 'mutation', outcomes: adminOnly },
  accounts: { kind: 'query', outcomes: adminOnly },
  addAccount: { kind: 'mutation', outcomes: adminOnly },
  changeAccount: { kind: 'mutation', outcomes: adminOnly },
  deactivateAccount: { kind: 'mutation', outcomes: adminOnly },
  reactivateAccount: { kind: 'mutation', outcomes: adminOnly },
  endAccountSessions: { kind: 'mutation', outcomes: adminOnly },
  evaluations: { kind: 'query', outcomes: everyone },
  recordEvaluation: { kind: 'mutation', outcomes: board },
  correctEvaluation: { kind: 'mutation', outcomes: board },
  // Published grant determinations are public: every role reads them; the board records them.
  grantAllocations: { kind: 'query', outcomes: everyone },
  fundingByRegion: { kind: 'query', outcomes: everyone },
  allocateGrant: { kind: 'mutation', outcomes: board },
  correctGrantAllocation: { kind: 'mutation', outcomes: board },
  withdrawGrantAllocation: { kind: 'mutation', outcomes: board },
};

const HEADINGS: Record<Caller, string> = {
  BOARD_MEMBER: '`BOARD_MEMBER`',
  ADMIN: '`ADMIN`',
  AUDITOR: '`AUDITOR`',
  LA_OWN: '`LOCAL_AUTHORITY`, own area',
  LA_FOREIGN: '`LOCAL_AUTHORITY`, other area',
};

/** The matrix as a Markdown table, as docs/RELIABILITY.md holds it. */
export function renderAccessMatrix(): string {
  const cell = (outcome: Outcome) => (outcome === 'allowed' ? 'yes' : '`FORBIDDEN`');
  const rows = Object.entries(ACCESS_MATRIX).map(
    ([name, { kind, outcomes }]) =>
      `| \`${name}\` | ${kind} | ${CALLERS.map((caller) => cell(outcomes[caller])).join(' | ')} | \`UNAUTHENTICATED\` |`,
  );
  return [
    `| operation | kind | ${CALLERS.map((caller) => HEADINGS[caller]).join(' | ')} | no token |`,
    `| --- | --- | ${CALLERS.map(() => '---').join(' | ')} | --- |`,
    ...rows,
  ].join('\n');
}

/**
 * What each caller sees of who did what and why (actor, reason, evidence, command metadata) on
 * the paths that show history, for an area's events: one rule (historyScopeOf and
 * seesWhoAndWhy in @app/access). "full": the entries with their actor; "what and when": the
 * entries with actor, reason, evidence and metadata null; "not listed": the audit trail lists
 * only what the caller may see in full. docs/RELIABILITY.md shows it as
 * `renderHistoryMatrix()` writes it.
 */
export type Sight = 'full' | 'what and when' | 'not listed';

const full: Record<Caller, Sight> = {
  BOARD_MEMBER: 'full',
  ADMIN: 'full',
  AUDITOR: 'full',
  LA_OWN: 'full',
  LA_FOREIGN: 'full',
};

export const HISTORY_MATRIX: Record<string, Record<Caller, Sight>> = {
  auditTrail: { ...full, LA_FOREIGN: 'not listed' },
  'areaRollout.timeline': { ...full, LA_FOREIGN: 'what and when' },
  // A recommendation's events are national, about no area: the board's, not the officer's.
  'recommendation.history': { ...full, LA_OWN: 'what and when', LA_FOREIGN: 'what and when' },
  'source.history': { ...full, LA_OWN: 'what and when', LA_FOREIGN: 'what and when' },
};

/** The history matrix as a Markdown table, as docs/RELIABILITY.md holds it. */
export function renderHistoryMatrix(): string {
  const rows = Object.entries(HISTORY_MATRIX).map(
    ([path, sights]) => `| \`${path}\` | ${CALLERS.map((caller) => sights[caller]).join(' | ')} |`,
  );
  return [
    `| path | ${CALLERS.map((caller) => HEADINGS[caller]).join(' | ')} |`,
    `| --- | ${CALLERS.map(() => '---').join(' | ')} |`,
    ...rows,
  ].join('\n');
}
