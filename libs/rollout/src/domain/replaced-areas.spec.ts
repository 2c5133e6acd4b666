import { ErrorCode, refusal, type Succession } from '@app/kernel';
import { assertNotReplaced, replacementOn } from './replaced-areas';

const CUMBERLAND = 'E06000063';
const cumbria: Succession = {
  areaCode: 'E10000006',
  successors: [CUMBERLAND, 'E06000064'],
  effectiveFrom: '2023-04-01',
};

describe('areas replaced by a succession', () => {
  it('answers whether the area was replaced on a date', () => {
    expect(replacementOn(cumbria, '2023-03-31')).toBeNull();
    expect(replacementOn(cumbria, '2023-04-01')).toEqual(cumbria);
  });

  it('refuses a report after the succession, naming the successors', () => {
    const names = (code: string): string =>
      code === CUMBERLAND ? 'Cumberland' : 'Westmorland and Furness';
    expect(() => assertNotReplaced(cumbria, '2023-03-31', names)).not.toThrow();
    const error = refusal(() => assertNotReplaced(cumbria, '2023-05-01', names));
    expect(error.code).toBe(ErrorCode.AREA_REPLACED);
    expect(error.message).toContain('Cumberland (E06000063) and Westmorland and Furness');
  });
});
