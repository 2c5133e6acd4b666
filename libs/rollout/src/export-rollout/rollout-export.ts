import { Inject, Injectable } from '@nestjs/common';
import { Clock, CURRENT, isoDate, TimeSlice } from '@app/kernel';
import { RUN_PROJECTIONS } from '@app/platform';
import { ProgrammeRollups } from '../programme-rollout/programme-rollups';
import { rolloutCsv } from './rollout-csv';

export interface RolloutExportFile {
  filename: string;
  csv: string;
  areas: number;
}

/** A programme's roll-up as a CSV file for board papers, stamped with the instant it was taken. */
@Injectable()
export class RolloutExport {
  constructor(
    private readonly rollups: ProgrammeRollups,
    private readonly clock: Clock,
    @Inject(RUN_PROJECTIONS) private readonly runProjections: boolean,
  ) {}

  async rolloutCsv(programmeId: string): Promise<RolloutExportFile> {
    const asOf = this.clock.now();
    // Without running projections (the CLI) the read model may be behind the store: the roll-up
    // is then folded from every event, as things stand today, correct with or without a server.
    const slice: TimeSlice = this.runProjections
      ? CURRENT
      : { asOf: null, validAt: asOf.toISOString() };
    const programme = await this.rollups.programmeIn(programmeId, slice);
    const rollup = await this.rollups.rollup(programme, slice);
    return {
      filename: `rollout-${programme.id}-${isoDate(asOf)}.csv`,
      csv: rolloutCsv(programme, rollup.areas, asOf.toISOString()),
      areas: rollup.areas.length,
    };
  }
}
