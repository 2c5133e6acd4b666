import { refusal } from '@app/kernel';
import { canMove, moveBetween, Stage, STAGES, stagesSkipped } from './stage';

/** The lifecycle one step at a time: every pair not listed needs a skip, or is refused. */
const ONE_STEP = new Set([
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

/** Forward moves past stages, with the stages each skips. */
const SKIPS: Record<string, Stage[]> = {
  'PROPOSED>FUNDED': [Stage.ACCEPTED],
  'PROPOSED>PILOTED': [Stage.ACCEPTED, Stage.FUNDED],
  'PROPOSED>ROLLED_OUT': [Stage.ACCEPTED, Stage.FUNDED, Stage.PILOTED],
  'ACCEPTED>PILOTED': [Stage.FUNDED],
  'ACCEPTED>ROLLED_OUT': [Stage.FUNDED, Stage.PILOTED],
  'FUNDED>ROLLED_OUT': [Stage.PILOTED],
};

const pairs = STAGES.flatMap((from) => STAGES.map((to): [Stage, Stage] => [from, to]));

describe('the lifecycle', () => {
  it.each(pairs)('%s -> %s is one step only where the table says', (from, to) => {
    expect(canMove(from, to)).toBe(ONE_STEP.has(`${from}>${to}`));
  });

  it.each(pairs)('%s -> %s, with a reason, skips what the table says or is refused', (from, to) => {
    const key = `${from}>${to}`;
    const move = () => moveBetween('X', from, to, 'No dated public fact');
    if (ONE_STEP.has(key)) return expect(move()).toEqual([]);
    if (SKIPS[key]) return expect(move()).toEqual(SKIPS[key]);
    expect(refusal(move)).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { currentStage: from, requestedStage: to },
    });
  });

  it.each(Object.keys(SKIPS))('%s without a reason is refused, naming the field', (key) => {
    const [from, to] = key.split('>') as [Stage, Stage];
    for (const reason of [null, '', '   ']) {
      expect(refusal(() => moveBetween('X', from, to, reason))).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { field: 'reason', rule: 'requiredToSkipStages' },
      });
    }
  });

  it('lists no skipped stages for a move that is not forward', () => {
    expect(stagesSkipped(Stage.ROLLED_OUT, Stage.ACCEPTED)).toBeNull();
    expect(stagesSkipped(Stage.PROPOSED, Stage.REJECTED)).toBeNull();
  });
});
