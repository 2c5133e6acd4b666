import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { readReferenceData, seedContext } from '@app/kernel';
import { ChangeAreaRollout } from '../area-change/change-area-rollout.command';
import type { MilestoneDefinition } from '../domain/programme';
import { ChangeProgramme } from '../programme-change/change-programme.command';

interface ShippedProgramme {
  id: string;
  name: string;
  facts: string;
  areas?: string[];
  pilotAreas?: string[];
  waves?: Record<string, { announced?: string; started?: string; areas: string[] }>;
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

/** Business dates of enrolments, where the shipped facts give them (see programmes.json). */
const ENROLMENT_DATES: Record<string, { on: string; basis: string }> = {
  'family-hubs-trailblazers': {
    on: '2023-02-01',
    basis: 'named trailblazers in February 2023; the sources give the month, so its first day',
  },
  'social-workers-in-schools': {
    on: '2020-09-01',
    basis: 'randomised trial from September 2020; the sources give the month, so its first day',
  },
  'regional-care-cooperatives': {
    on: '2024-11-18',
    basis: 'pathfinder regions published on 18 November 2024',
  },
};
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
 * Loads the shipped programmes: each is linked to the recommendations that name it, given the
 * milestone definitions in programme-milestones.json, and its real areas are enrolled on the
 * dates the facts give. Command ids are fixed, so seeding twice writes nothing new.
 */
@Injectable()
export class ProgrammeSeeder {
  constructor(private readonly commands: CommandBus) {}

  async seed(): Promise<{ programmes: number; eventsWritten: number }> {
    const { programmes } = JSON.parse(readReferenceData('programmes.json')) as {
      programmes: ShippedProgramme[];
    };
    const recommendations = JSON.parse(readReferenceData('recommendations.json')) as {
      recommendations: { id: string; programme?: string }[];
    };
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
      // Recorded as created on its first documented date, so it exists wherever its areas do.
      const createdOn = enrolments.map((enrolment) => enrolment.on).sort()[0];
      await run(
        new ChangeProgramme(
          {
            kind: 'CreateProgramme',
            id: programme.id,
            name: programme.name,
            recommendations: recommendations.recommendations
              .filter((recommendation) => recommendation.programme === programme.id)
              .map((recommendation) => recommendation.id),
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
            `Loaded from the shipped reference data: ${programme.facts} Milestones are Reform Tracker's working definitions.${milestones
              .filter((milestone) => milestone.targetBasis)
              .map((milestone) => ` Target for ${milestone.key}: ${milestone.targetBasis}.`)
              .join('')}`,
          ),
        ),
      );
      for (const enrolment of enrolments) {
        await run(
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
  const dated = ENROLMENT_DATES[programme.id];
  for (const areaCode of programme.areas ?? []) {
    add(areaCode, { ...dated, pilot: programme.id === 'regional-care-cooperatives', wave: null });
  }
  return [...enrolments.values()];
}
