import { Actor, ErrorCode, refusal, Role } from '@app/kernel';
import { Rag } from './area-rollout';
import { DatePrecision } from './programme-facts';
import { AreaChange, assertMayReport, authorize, RolloutCommand } from './policy';

const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';

const actorOf = (role: Role, organisation: string | null = null): Actor => ({
  id: role.toLowerCase(),
  name: role,
  role,
  organisation,
});
/** One of each role; the local authority officer is Lambeth's. */
const ACTORS: Record<Role, Actor> = {
  [Role.BOARD_MEMBER]: actorOf(Role.BOARD_MEMBER),
  [Role.ADMIN]: actorOf(Role.ADMIN),
  [Role.AUDITOR]: actorOf(Role.AUDITOR),
  [Role.LOCAL_AUTHORITY]: actorOf(Role.LOCAL_AUTHORITY, LAMBETH),
};

/** Each command the rollout takes; those about an area are about Lambeth. */
const COMMANDS: Record<RolloutCommand['kind'], RolloutCommand> = {
  CreateProgramme: {
    kind: 'CreateProgramme',
    id: 'family-hubs',
    name: 'Family Hubs',
    recommendations: ['CSC-FAMILY-HELP'],
    milestones: [{ key: 'hub-open', title: 'Hub open', description: null, targetDate: null }],
  },
  SetNationalTarget: {
    kind: 'SetNationalTarget',
    id: 'family-hubs',
    milestoneKey: 'hub-open',
    targetDate: '2025-03-31',
  },
  RecordProgrammeFact: {
    kind: 'RecordProgrammeFact',
    id: 'family-hubs',
    on: '2023-02-09',
    precision: DatePrecision.DAY,
    text: '14 trailblazers selected',
    url: 'https://www.gov.uk/',
  },
  CorrectProgrammeFact: {
    kind: 'CorrectProgrammeFact',
    id: 'family-hubs',
    number: 1,
    changes: { text: 'Fourteen trailblazers selected' },
  },
  RecordNationalMilestone: {
    kind: 'RecordNationalMilestone',
    id: 'family-hubs',
    key: 'trailblazers',
    title: 'Trailblazers selected',
    on: '2023-02-09',
    precision: DatePrecision.DAY,
    url: 'https://www.gov.uk/',
  },
  CorrectNationalMilestone: {
    kind: 'CorrectNationalMilestone',
    id: 'family-hubs',
    key: 'trailblazers',
    changes: { on: '2023-02-10' },
  },
  EnrolArea: {
    kind: 'EnrolArea',
    areaCode: LAMBETH,
    enrolledOn: '2024-01-01',
    pilot: false,
    wave: null,
  },
  SetAreaTarget: {
    kind: 'SetAreaTarget',
    areaCode: LAMBETH,
    milestoneKey: 'hub-open',
    targetDate: '2025-06-30',
  },
  WithdrawArea: { kind: 'WithdrawArea', areaCode: LAMBETH, withdrawnOn: '2025-01-01' },
  ReportMilestone: {
    kind: 'ReportMilestone',
    areaCode: LAMBETH,
    milestoneKey: 'hub-open',
    achievedOn: '2024-06-01',
    note: null,
  },
  CorrectMilestone: {
    kind: 'CorrectMilestone',
    areaCode: LAMBETH,
    milestoneKey: 'hub-open',
    achievedOn: null,
  },
  ReportStatus: {
    kind: 'ReportStatus',
    areaCode: LAMBETH,
    rag: Rag.AMBER,
    commentary: 'Recruitment is behind',
    periodStart: '2024-04-01',
    periodEnd: '2024-06-30',
  },
};

const BOARD = 'board and admins';
const REPORTING = 'board, admins and its own local authority';
/** Who may run each command, written out rather than read from the policy. */
const WHO_MAY: Record<RolloutCommand['kind'], typeof BOARD | typeof REPORTING> = {
  CreateProgramme: BOARD,
  SetNationalTarget: BOARD,
  RecordProgrammeFact: BOARD,
  CorrectProgrammeFact: BOARD,
  RecordNationalMilestone: BOARD,
  CorrectNationalMilestone: BOARD,
  EnrolArea: BOARD,
  SetAreaTarget: BOARD,
  WithdrawArea: BOARD,
  ReportMilestone: REPORTING,
  CorrectMilestone: REPORTING,
  ReportStatus: REPORTING,
};
const ALLOWED: Record<typeof BOARD | typeof REPORTING, Role[]> = {
  [BOARD]: [Role.BOARD_MEMBER, Role.ADMIN],
  [REPORTING]: [Role.BOARD_MEMBER, Role.ADMIN, Role.LOCAL_AUTHORITY],
};

const TABLE = Object.values(COMMANDS).flatMap((command) =>
  Object.values(Role).map((role) => {
    const allowedRoles = ALLOWED[WHO_MAY[command.kind]];
    return {
      kind: command.kind,
      role,
      command,
      allowedRoles,
      outcome: allowedRoles.includes(role) ? 'allowed' : 'refused',
    };
  }),
);
const REPORTS = Object.values(COMMANDS).filter(
  (command): command is AreaChange => 'areaCode' in command && WHO_MAY[command.kind] === REPORTING,
);

describe('rollout policy: who may run each command', () => {
  it.each(TABLE)('$kind by $role: $outcome', ({ command, role, allowedRoles, outcome }) => {
    const ask = () => authorize(ACTORS[role], command);
    if (outcome === 'allowed') return expect(ask).not.toThrow();
    expect(refusal(ask)).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      message: `${role} may not ${command.kind}; it needs ${allowedRoles.join(' or ')}`,
      details: { role, allowedRoles },
    });
  });

  it.each(REPORTS)(
    "$kind: a local authority reports only for its own area, not another's",
    (command) => {
      const officer = ACTORS[Role.LOCAL_AUTHORITY];
      expect(() => authorize(officer, { ...command, areaCode: LAMBETH })).not.toThrow();
      expect(refusal(() => authorize(officer, { ...command, areaCode: SOUTHWARK }))).toMatchObject({
        code: ErrorCode.FORBIDDEN,
        message: `A LOCAL_AUTHORITY token for ${LAMBETH} may report only for its own area, not ${SOUTHWARK}`,
        details: { field: 'areaCode', areaCode: SOUTHWARK, organisation: LAMBETH },
      });
    },
  );

  it.each(REPORTS)('$kind: the board and admins report for any area', (command) => {
    for (const role of [Role.BOARD_MEMBER, Role.ADMIN]) {
      expect(() => authorize(ACTORS[role], { ...command, areaCode: SOUTHWARK })).not.toThrow();
    }
  });

  it.each(REPORTS)(
    '$kind: an officer of a shared service reports for each of its areas',
    (command) => {
      const shared = { ...actorOf(Role.LOCAL_AUTHORITY, LAMBETH), areaCodes: [LAMBETH, SOUTHWARK] };
      for (const areaCode of [LAMBETH, SOUTHWARK]) {
        expect(() => authorize(shared, { ...command, areaCode })).not.toThrow();
      }
      expect(refusal(() => authorize(shared, { ...command, areaCode: 'E09000030' })).message).toBe(
        `A LOCAL_AUTHORITY token for ${LAMBETH} and ${SOUTHWARK} may report only for its own area, not E09000030`,
      );
    },
  );

  it('a local authority token bound to no area reports for none', () => {
    const unbound = actorOf(Role.LOCAL_AUTHORITY);
    expect(refusal(() => authorize(unbound, COMMANDS.ReportMilestone)).message).toBe(
      `A LOCAL_AUTHORITY token for no area may report only for its own area, not ${LAMBETH}`,
    );
  });

  it('may report progress for an area: exactly when every report for it is allowed', () => {
    for (const actor of [...Object.values(ACTORS), actorOf(Role.LOCAL_AUTHORITY)]) {
      for (const areaCode of [LAMBETH, SOUTHWARK]) {
        const allowed = (ask: () => void): boolean => {
          try {
            ask();
            return true;
          } catch {
            return false;
          }
        };
        const reports = REPORTS.map((command) =>
          allowed(() => authorize(actor, { ...command, areaCode })),
        );
        expect(new Set(reports).size).toBe(1);
        expect(allowed(() => assertMayReport(actor, areaCode))).toBe(reports[0]);
      }
    }
  });
});
