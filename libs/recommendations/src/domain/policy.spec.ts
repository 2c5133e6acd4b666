import { Actor, ErrorCode, refusal, Role } from '@app/kernel';
import { ID, REVIEW } from '../testing/scenario';
import type { RecommendationCommand } from './decide';
import {
  AcceptanceDecision,
  LinkRelation,
  ResponseDecision,
  RolloutScope,
} from './recommendation.events';
import { authorize } from './policy';

const LAMBETH = 'E09000022';

/** Each lifecycle step. */
const COMMANDS: RecommendationCommand[] = [
  {
    kind: 'ProposeRecommendation',
    id: ID,
    title: 'Introduce a single Family Help service',
    summary: null,
    sourceId: REVIEW.id,
    theme: 'A revolution in Family Help',
    owner: null,
  },
  {
    kind: 'AcceptRecommendation',
    id: ID,
    evidenceUrl: null,
    decision: AcceptanceDecision.ACCEPTED_IN_FULL,
  },
  { kind: 'RejectRecommendation', id: ID, evidenceUrl: null },
  {
    kind: 'FundRecommendation',
    id: ID,
    evidenceUrl: null,
    amountPence: 4_500_000_000,
    fundingSource: 'DfE',
    periodStart: null,
    periodEnd: null,
  },
  {
    kind: 'StartPilot',
    id: ID,
    evidenceUrl: null,
    areas: [LAMBETH],
    startDate: '2023-07-26',
    plannedEndDate: null,
  },
  {
    kind: 'RollOutRecommendation',
    id: ID,
    evidenceUrl: null,
    scope: RolloutScope.AREAS,
    areas: [LAMBETH],
    rolloutDate: '2025-04-01',
  },
  { kind: 'WithdrawRecommendation', id: ID, evidenceUrl: null },
  {
    kind: 'RecordGovernmentResponse',
    id: ID,
    decision: ResponseDecision.ACCEPTED_IN_PRINCIPLE,
    respondedOn: '2023-02-02',
    evidenceUrl: 'https://example.org/response',
    note: null,
  },
  { kind: 'LinkRecommendations', id: ID, relation: LinkRelation.RESPONDS_TO, otherId: 'CSC-ECPP' },
];

/** Every role; the local authority officer is one of the areas the steps name. */
const ACTORS: Actor[] = Object.values(Role).map((role) => ({
  id: role.toLowerCase(),
  name: role,
  role,
  organisation: role === Role.LOCAL_AUTHORITY ? LAMBETH : null,
}));
/** Written out rather than read from the policy: every step is the board's, or an admin's. */
const ALLOWED = [Role.BOARD_MEMBER, Role.ADMIN];

const TABLE = COMMANDS.flatMap((command) =>
  ACTORS.map((actor) => ({
    kind: command.kind,
    role: actor.role,
    command,
    actor,
    outcome: ALLOWED.includes(actor.role) ? 'allowed' : 'refused',
  })),
);

describe('recommendations policy: who may take each lifecycle step', () => {
  it.each(TABLE)('$kind by $role: $outcome', ({ command, actor, outcome }) => {
    const ask = () => authorize(actor, command);
    if (outcome === 'allowed') return expect(ask).not.toThrow();
    expect(refusal(ask)).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      message: `${actor.role} may not ${command.kind}; it needs BOARD_MEMBER or ADMIN`,
      details: { role: actor.role, allowedRoles: ALLOWED },
    });
  });
});
