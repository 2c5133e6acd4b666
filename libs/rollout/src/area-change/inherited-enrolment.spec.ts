import { Actor, ErrorCode, Role } from '@app/kernel';
import { inheritanceOf, Rag, type AreaRolloutEvent } from '../domain/area-rollout';
import { rollUp } from '../domain/roll-up';
import {
  achieved,
  actors,
  areaOf,
  CUMBERLAND,
  CUMBRIA,
  CUMBRIA_SUCCESSION,
  directory,
  givenArea,
  inheritanceFromCumbria,
  PROGRAMME,
  refusal,
  TODAY,
  WESTMORLAND,
} from '../testing/scenario';

const cumberlandOfficer: Actor = {
  id: 'c',
  name: 'Cath Cumberland',
  role: Role.LOCAL_AUTHORITY,
  organisation: CUMBERLAND,
};

const report = (milestoneKey = 'social-workers-in-post', achievedOn = '2024-02-01') =>
  ({ kind: 'ReportMilestone', milestoneKey, achievedOn, note: null }) as const;
const status = {
  kind: 'ReportStatus',
  rag: Rag.GREEN,
  commentary: 'On track after the reorganisation',
  periodStart: '2024-01-01',
  periodEnd: '2024-03-31',
} as const;

/** Cumbria in the programme: a pilot of wave 1 from 2020, a milestone achieved before 2023. */
const cumbriaEnrolled: AreaRolloutEvent = {
  type: 'AreaEnrolled',
  data: { enrolledOn: '2020-09-01', pilot: true, wave: '1' },
};
const cumbria = [cumbriaEnrolled, achieved('schools-recruited', '2021-03-01')];
const inheritedFromCumbria = (): AreaRolloutEvent => ({
  type: 'AreaEnrolled',
  data: { enrolledOn: '2023-04-01', pilot: true, wave: '1', inheritedFrom: CUMBRIA },
});

describe("a successor reports for the enrolment it inherits (Cumbria's, from 2023-04-01)", () => {
  it("given Cumbria enrolled and replaced, when Cumberland's officer reports a milestone, then the inherited enrolment is recorded with it", () => {
    const events = givenArea(CUMBERLAND)
      .when(report(), {
        actor: cumberlandOfficer,
        inheritance: inheritanceFromCumbria(CUMBERLAND, ...cumbria),
      })
      .then();
    expect(events).toEqual([
      inheritedFromCumbria(),
      {
        type: 'MilestoneAchieved',
        data: { milestoneKey: 'social-workers-in-post', achievedOn: '2024-02-01', note: null },
      },
    ]);
  });

  it('records the inheritance once: a later report is only the report', () => {
    const events = givenArea(
      CUMBERLAND,
      inheritedFromCumbria(),
      achieved('trial-data-returned', '2024-01-10'),
    )
      .when(report(), {
        actor: cumberlandOfficer,
        inheritance: inheritanceFromCumbria(CUMBERLAND, ...cumbria),
      })
      .then();
    expect(events.map((event) => event.type)).toEqual(['MilestoneAchieved']);
  });

  it('applies to every successor and every report: a status report for Westmorland and Furness', () => {
    const events = givenArea(WESTMORLAND)
      .when(status, { inheritance: inheritanceFromCumbria(WESTMORLAND, ...cumbria) })
      .then();
    expect(events.map((event) => event.type)).toEqual(['AreaEnrolled', 'StatusReported']);
  });

  it("Cumbria's own reports after the succession stay refused, naming its successors", () => {
    const error = refusal(() =>
      givenArea(CUMBRIA, ...cumbria)
        .when(report(undefined, '2023-04-01'))
        .then(),
    );
    expect(error.code).toBe(ErrorCode.AREA_REPLACED);
    expect(error.message).toContain(
      'Cumberland (E06000063) and Westmorland and Furness (E06000064); report for the successor instead',
    );
  });

  it('inherits nothing if Cumbria was not enrolled, was withdrawn, or the succession is yet to come', () => {
    expect(inheritanceFromCumbria(CUMBERLAND)).toBeNull();
    const withdrawn: AreaRolloutEvent = {
      type: 'AreaWithdrawn',
      data: { withdrawnOn: '2022-01-01' },
    };
    expect(inheritanceFromCumbria(CUMBERLAND, cumbriaEnrolled, withdrawn)).toBeNull();
    const later = { ...CUMBRIA_SUCCESSION, effectiveFrom: '2026-04-01' };
    expect(
      inheritanceOf(
        CUMBERLAND,
        new Map([[CUMBRIA, later]]),
        () => areaOf(CUMBRIA, ...cumbria),
        TODAY,
      ),
    ).toBeNull();
    const error = refusal(() =>
      givenArea(CUMBERLAND).when(report(), { actor: cumberlandOfficer }).then(),
    );
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    expect(error.message).toBe('E06000063 is not enrolled in programme social-workers-in-schools');
  });

  it('only its own officers report for it: a Lambeth token is refused, and nothing is inherited', () => {
    const error = refusal(() =>
      givenArea(CUMBERLAND)
        .when(report(), {
          actor: actors.lambeth,
          inheritance: inheritanceFromCumbria(CUMBERLAND, ...cumbria),
        })
        .then(),
    );
    expect(error.code).toBe(ErrorCode.FORBIDDEN);
  });

  it('a successor that inherits an enrolment cannot be enrolled again', () => {
    const error = refusal(() =>
      givenArea(CUMBERLAND)
        .when(
          { kind: 'EnrolArea', enrolledOn: '2024-01-01', pilot: false, wave: null },
          { inheritance: inheritanceFromCumbria(CUMBERLAND, ...cumbria) },
        )
        .then(),
    );
    expect(error.code).toBe(ErrorCode.ALREADY_EXISTS);
    expect(error.message).toContain('carries on the enrolment of Cumbria (E10000006)');
  });

  it('the roll-up shows the same enrolment before and after the inheritance is recorded', () => {
    const successions = new Map([[CUMBRIA, CUMBRIA_SUCCESSION]]);
    const former = areaOf(CUMBRIA, ...cumbria)!;
    const cumberland = (...own: AreaRolloutEvent[]) =>
      rollUp(
        PROGRAMME,
        [former, ...(own.length ? [areaOf(CUMBERLAND, ...own)!] : [])],
        successions,
        directory,
        TODAY,
      ).areas.find((area) => area.areaCode === CUMBERLAND)!;
    const before = cumberland();
    const after = cumberland(
      inheritedFromCumbria(),
      achieved('social-workers-in-post', '2024-02-01'),
    );
    for (const shown of [before, after]) {
      expect(shown).toMatchObject({
        enrolledOn: '2020-09-01',
        pilot: true,
        wave: '1',
        inheritedFrom: [CUMBRIA],
      });
    }
    expect(before.milestonesAchieved).toBe(1);
    expect(after.milestonesAchieved).toBe(2);
  });
});
