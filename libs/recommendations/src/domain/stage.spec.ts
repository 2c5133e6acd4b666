import { canMove, Stage, STAGES } from './stage';

/** The whole lifecycle as a table: every pair not listed is refused. */
const ALLOWED = new Set([
  'PROPOSED>ACCEPTED',
  'PROPOSED>REJECTED',
  'ACCEPTED>FUNDED',
  'FUNDED>PILOTED',
  'PILOTED>ROLLED_OUT',
  'PROPOSED>WITHDRAWN',
  'ACCEPTED>WITHDRAWN',
  'FUNDED>WITHDRAWN',
  'PILOTED>WITHDRAWN',
]);

describe('the lifecycle', () => {
  const pairs = STAGES.flatMap((from) => STAGES.map((to): [Stage, Stage] => [from, to]));
  it.each(pairs)('%s -> %s follows the table', (from, to) => {
    expect(canMove(from, to)).toBe(ALLOWED.has(`${from}>${to}`));
  });
});
