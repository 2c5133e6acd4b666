import type { IMPORT_ROW_OUTCOMES } from '@app/platform';
import type { MilestoneImportResult } from './milestone-import';

/**
 * An import's rows by outcome, for the import-rows counter: a dry run's rows were only checked;
 * a refused file's rows were all refused (nothing is written); a run's rows were recorded or
 * left unchanged.
 */
export function rowOutcomes(
  result: Pick<MilestoneImportResult, 'dryRun' | 'rows' | 'errorCount' | 'unchanged'>,
): [outcome: (typeof IMPORT_ROW_OUTCOMES)[number], rows: number][] {
  if (result.dryRun) return [['checked', result.rows]];
  if (result.errorCount > 0) return [['refused', result.rows]];
  return [
    ['recorded', result.rows - result.unchanged],
    ['unchanged', result.unchanged],
  ];
}
