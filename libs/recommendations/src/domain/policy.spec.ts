import { Actor, ErrorCode, refusal, Role } from '@app/kernel';
import { ID, proposed } from '../testing/scenario';
import type { RecommendationCommand } from './decide';
import { AcceptanceDecision, RecommendationProposed, RolloutScope } from './recommendation.events';
import { authorize } from './policy';

const LAMBETH = 'E09000022';

/** Each lifecycle step. */
const COMMANDS: RecommendationCommand[] = [
  { kind: 'ProposeRecommendation', ...(proposed.data as RecommendationProposed['data']) },
  { kind: 'AcceptRecommendation', id: ID, decision: AcceptanceDecision.ACCEPTED_IN_FULL },
  { kind: 'RejectRecommendation', id: ID },
  {
    kind: 'FundRecommendation',
    id: ID,
    amountPence: 4_500_000_000,
    fundingSource: 'DfE',
    periodStart: null,
    periodEnd: null,
  },
  { kind: 'StartPilot', id: ID, areas: [LAMBETH], startDate: '2023-07-26', plannedEndDate: null },
  {
    kind: 'RollOutRecommendation',
    id: ID,
    scope: RolloutScope.AREAS,
    areas: [LAMBETH],
    rolloutDate: '2025-04-01',
  },
  { kind: 'WithdrawRecommendation', id: ID },
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
