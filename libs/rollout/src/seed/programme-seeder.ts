import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, isoDate, readReferenceData, seedContext, TaskLimiter } from '@app/kernel';
import { ChangeAreaRollout } from '../area-change/change-area-rollout.command';
import type { MilestoneDefinition } from '../domain/programme';
import { DatePrecision, type ProgrammeFactCommand } from '../domain/programme-facts';
import { ChangeProgramme } from '../programme-change/change-programme.command';

interface DatedFact {
  on: string;
  fact: string;
  url: string;
  precision?: 'month' | 'year';
}

interface DatedMilestone {
  key: string;
  title: string;
  on: string;
  url: string;
  precision?: 'month' | 'year';
}

interface ShippedProgramme {
  id: string;
  name: string;
  recommendationIds: string[];
  facts: DatedFact[];
  milestones?: DatedMilestone[];
  areas?: string[];
  pilotAreas?: string[];
  waves?: Record<string, { announced?: string; started?: string; areas: string[] }>;
  regions?: Record<string, { name: string; areas: string[] }>;
}

interface ShippedMilestones {
  programmes: Record<
    string,
    { milestones: (MilestoneDefinition & { targetDate?: string; targetBasis?: string })[] }
  >;
  achievements: {
    programmeId: string;
    milestoneKey: string;
    achievedOn: string;
    areas: string[];
    note: string;
  }[];
}

/**
 * Business dates of enrolments where a programme's areas are not given by wave or region: the
 * dated fact in programmes.json that names them (or, for a month, its first day).
 */
const ENROLMENT_DATES: Record<string, { on: string; basis: string; pilot: boolean }> = {
  'family-hubs-trailblazers': {
    on: '2023-02-09',
    basis: '14 trailblazers selected on 9 February 2023',
    pilot: false,
  },
  'social-workers-in-schools': {
    on: '2020-08-20',
    basis: 'trial extended to 21 council areas on 20 August 2020',
    pilot: false,
  },
  'family-networks-pilot': {
    on: '2023-07-26',
    basis: 'pilot areas announced with wave 1 of Families First for Children on 26 July 2023',
    pilot: true,
  },
  'families-first-partnership': {
    on: '2025-03-20',
    basis: 'programme guide launched for every area on 20 March 2025',
    pilot: false,
  },
  'kinship-allowance-pilot': {
    on: '2026-02-27',
    basis: 'seven Kinship Zones announced on 27 February 2026',
    pilot: true,
  },
  'social-work-early-career-framework': {
    on: '2023-09-21',
    basis: 'eight early adopters chosen on 21 September 2023',
    pilot: true,
  },
};
/** Business dates of the regions' enrolments, for programmes that list areas by region. */
const REGION_DATES: Record<string, { on: string; basis: string }> = {
  'regional-care-cooperatives/greater-manchester': {
    on: '2024-11-18',
    basis: 'pathfinder regions published on 18 November 2024',
  },
  'regional-care-cooperatives/south-east': {
    on: '2024-11-18',
    basis: 'pathfinder regions published on 18 November 2024',
  },
  'fostering-recruitment-hubs/north-east': {
    on: '2023-09-28',
    basis: 'Foster with North East launched on 28 September 2023',
  },
  'fostering-recruitment-hubs/south-east': {
    on: '2024-01-28',
    basis: 'South East councils awarded the hub funding, reported on 28 January 2024',
  },
  'fostering-recruitment-hubs/north-west-cumbria-lancashire': {
    on: '2023-04-01',
    basis:
      'hub named by Westmorland and Furness Council in news of 2023; the council and Cumberland exist from 1 April 2023, so that day',
  },
};
/** How many areas' enrolments are seeded at once. */
const ENROLMENTS_AT_ONCE = 8;
/** Pilot areas that came before a programme's main phase (Social Workers in Schools, 2019). */
const PILOT_PHASE = {
  on: '2019-01-01',
  basis: 'piloted in 2019; the sources give the year, so its first day',
};

interface Enrolment {
  areaCode: string;
  on: string;
  basis: string;
  pilot: boolean;
  wave: string | null;
}

/**
 * Loads the shipped programmes: each is linked to the recommendations it names (and those that
 * name it), given the working milestone definitions in programme-milestones.json (the data's own
 * `milestones` are national dated facts, not steps each area goes through), and its real areas
 * are enrolled on the dates the facts give, by phase, wave or region. Command ids are fixed, so seeding twice writes nothing new.
 */
@Injectable()
export class ProgrammeSeeder {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async seed(): Promise<{ programmes: number; eventsWritten: number }> {
    const { programmes } = JSON.parse(readReferenceData('programmes.json')) as {
      programmes: ShippedProgramme[];
    };
    const recommendations = JSON.parse(readReferenceData('recommendations.json')) as {
      recommendations: { id: string; programme?: string }[];
    };
    const shippedRecommendations = new Set(recommendations.recommendations.map(({ id }) => id));
    const shipped = JSON.parse(readReferenceData('programme-milestones.json')) as ShippedMilestones;
    let eventsWritten = 0;
    const run = async (command: ChangeProgramme | ChangeAreaRollout): Promise<void> => {
      const result = await this.commands.execute<
        ChangeProgramme | ChangeAreaRollout,
        { position: number | null }
      >(command);
      if (result.position !== null) eventsWritten++;
    };
    for (const programme of programmes) {
      const milestones = shipped.programmes[programme.id].milestones;
      const enrolments = enrolmentsOf(programme);
      // Recorded as created on its first dated fact, so it exists wherever its areas do.
      const first = [...programme.facts].sort((a, b) => a.on.localeCompare(b.on))[0];
      const createdOn = [first.on, ...enrolments.map((enrolment) => enrolment.on)].sort()[0];
      // The programme's own list, and the recommendations that name it as their programme; only
      // those the shipped register holds, so the two files can be updated one after the other.
      const linked = new Set([
        ...programme.recommendationIds,
        ...recommendations.recommendations
          .filter((recommendation) => recommendation.programme === programme.id)
          .map((recommendation) => recommendation.id),
      ]);
      await run(
        new ChangeProgramme(
          {
            kind: 'CreateProgramme',
            id: programme.id,
            name: programme.name,
            recommendations: [...linked].filter((id) => shippedRecommendations.has(id)),
            milestones: milestones.map(({ key, title, description, targetDate }) => ({
              key,
              title,
              description,
              targetDate: targetDate ?? null,
            })),
          },
          seedContext(
            `programme:${programme.id}`,
            createdOn,
            `Loaded from the shipped reference data: ${first.fact} (${first.url}) Milestones are Reform Tracker's working definitions.${milestones
              .filter((milestone) => milestone.targetBasis)
              .map((milestone) => ` Target for ${milestone.key}: ${milestone.targetBasis}.`)
              .join('')}`,
          ),
        ),
      );
      // Each area is a stream of its own, so several are enrolled at once: the Families First
      // Partnership alone enrols all 153, and a server seeds before it answers.
      const limiter = new TaskLimiter(ENROLMENTS_AT_ONCE);
      const enrol = (enrolment: Enrolment) =>
        run(
          new ChangeAreaRollout(
            programme.id,
            enrolment.areaCode,
            {
              kind: 'EnrolArea',
              enrolledOn: enrolment.on,
              pilot: enrolment.pilot,
              wave: enrolment.wave,
            },
            seedContext(
              `enrol:${programme.id}:${enrolment.areaCode}`,
              enrolment.on,
              `Shipped programme facts: ${enrolment.basis}`,
            ),
          ),
        );
      await Promise.all(enrolments.map((enrolment) => limiter.run(() => enrol(enrolment))));
      for (const { commandId, on, command } of factsOf(programme, isoDate(this.clock.now()))) {
        await run(
          new ChangeProgramme(
            command,
            seedContext(commandId, on, `Shipped programme facts (${programme.id})`),
          ),
        );
      }
    }
    for (const achievement of shipped.achievements) {
      for (const areaCode of achievement.areas) {
        await run(
          new ChangeAreaRollout(
            achievement.programmeId,
            areaCode,
            {
              kind: 'ReportMilestone',
              milestoneKey: achievement.milestoneKey,
              achievedOn: achievement.achievedOn,
              note: achievement.note,
            },
            seedContext(
              `milestone:${achievement.programmeId}:${areaCode}:${achievement.milestoneKey}`,
              achievement.achievedOn,
              'Shipped programme facts',
            ),
          ),
        );
      }
    }
    return { programmes: programmes.length, eventsWritten };
  }
}

const PRECISIONS = { month: DatePrecision.MONTH, year: DatePrecision.YEAR } as const;

/**
 * The programme's dated facts and the national milestones reached by today, as commands in
 * date order, each recorded on its own date. A milestone dated later is left until its day
 * comes (a restart then records it). Command ids name the fact by its date and its place among
 * that day's facts, and the milestone by its key.
 */
function factsOf(
  programme: ShippedProgramme,
  today: string,
): { commandId: string; on: string; command: ProgrammeFactCommand }[] {
  const sameDay = new Map<string, number>();
  const facts = programme.facts.map(({ on, fact, url, precision }) => {
    const place = (sameDay.get(on) ?? 0) + 1;
    sameDay.set(on, place);
    return {
      commandId: `programme-fact:${programme.id}:${on}:${place}`,
      on,
      command: {
        kind: 'RecordProgrammeFact',
        id: programme.id,
        on,
        precision: precision ? PRECISIONS[precision] : DatePrecision.DAY,
        text: fact,
        url,
      } satisfies ProgrammeFactCommand,
    };
  });
  const milestones = (programme.milestones ?? [])
    .filter(({ on }) => on <= today)
    .map(({ key, title, on, url, precision }) => ({
      commandId: `national-milestone:${programme.id}:${key}`,
      on,
      command: {
        kind: 'RecordNationalMilestone',
        id: programme.id,
        key,
        title,
        on,
        precision: precision ? PRECISIONS[precision] : DatePrecision.DAY,
        url,
      } satisfies ProgrammeFactCommand,
    }));
  // Stable: facts of one day keep the file's order, and come before that day's milestones.
  return [...facts, ...milestones].sort((a, b) => a.on.localeCompare(b.on));
}

/** Each area once: a pilot area named again in a later phase keeps its first enrolment. */
function enrolmentsOf(programme: ShippedProgramme): Enrolment[] {
  const enrolments = new Map<string, Enrolment>();
  const add = (areaCode: string, enrolment: Omit<Enrolment, 'areaCode'>): void => {
    if (!enrolments.has(areaCode)) enrolments.set(areaCode, { areaCode, ...enrolment });
  };
  for (const areaCode of programme.pilotAreas ?? []) {
    add(areaCode, { ...PILOT_PHASE, pilot: true, wave: 'pilot' });
  }
  for (const [wave, { announced, started, areas }] of Object.entries(programme.waves ?? {})) {
    const on = announced ?? `${started}-01`;
    const basis = announced
      ? `wave ${wave} announced on ${announced}`
      : `wave ${wave} from ${started}; the sources give the month, so its first day`;
    for (const areaCode of areas) add(areaCode, { on, basis, pilot: true, wave });
  }
  for (const [region, { areas }] of Object.entries(programme.regions ?? {})) {
    const dated = REGION_DATES[`${programme.id}/${region}`];
    for (const areaCode of areas) add(areaCode, { ...dated, pilot: true, wave: null });
  }
  const dated = ENROLMENT_DATES[programme.id];
  for (const areaCode of programme.areas ?? []) {
    if (enrolments.has(areaCode)) continue;
    if (!dated) throw new Error(`No enrolment date for ${areaCode} in ${programme.id}`);
    add(areaCode, { on: dated.on, basis: dated.basis, pilot: dated.pilot, wave: null });
  }
  return [...enrolments.values()];
}
