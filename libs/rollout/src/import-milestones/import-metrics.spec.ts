import { rowOutcomes } from './import-metrics';

describe('rowOutcomes', () => {
  it('counts a dry run as checked, a refused file as refused, a run as recorded or unchanged', () => {
    expect(rowOutcomes({ dryRun: true, rows: 5, errorCount: 2, unchanged: 1 })).toEqual([
      ['checked', 5],
    ]);
    expect(rowOutcomes({ dryRun: false, rows: 5, errorCount: 2, unchanged: 1 })).toEqual([
      ['refused', 5],
    ]);
    expect(rowOutcomes({ dryRun: false, rows: 5, errorCount: 0, unchanged: 1 })).toEqual([
      ['recorded', 4],
      ['unchanged', 1],
    ]);
  });
});
