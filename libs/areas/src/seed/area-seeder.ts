import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { readReferenceData, seedContext } from '@app/kernel';
import { RecordAreaSuccession } from '../record-area-succession/record-area-succession.command';

interface ShippedFormerArea {
  name: string;
  abolished: string;
  successors: string[];
}

/** Records the reorganisations the shipped programme facts name (Cumbria, April 2023). */
@Injectable()
export class AreaSeeder {
  constructor(private readonly commands: CommandBus) {}

  async seed(): Promise<{ eventsWritten: number }> {
    const { programmes } = JSON.parse(readReferenceData('programmes.json')) as {
      programmes: { formerAreas?: Record<string, ShippedFormerArea> }[];
    };
    const formerAreas = new Map(
      programmes.flatMap((programme) => Object.entries(programme.formerAreas ?? {})),
    );
    let eventsWritten = 0;
    for (const [areaCode, former] of formerAreas) {
      const result = await this.commands.execute(
        new RecordAreaSuccession(
          { areaCode, successors: former.successors, effectiveFrom: former.abolished },
          seedContext(
            `succession:${areaCode}`,
            former.abolished,
            `${former.name} was abolished on ${former.abolished} and succeeded by ${former.successors.join(' and ')} (shipped programme facts)`,
          ),
        ),
      );
      if (!result.duplicate && result.position !== null) eventsWritten++;
    }
    return { eventsWritten };
  }
}
