import { DigestFrequency } from '@app/accounts';
import {
  frequencyItems,
  frequencyNotice,
  NO_CHOICE,
  readFrequencyForm,
} from './reminder-preferences';

describe("a person's choice of digests", () => {
  it('offers weekly, monthly and never, with the current choice checked', () => {
    expect(
      frequencyItems(DigestFrequency.MONTHLY).map(({ value, text, checked }) => [
        value,
        text,
        checked,
      ]),
    ).toEqual([
      ['WEEKLY', 'Weekly', false],
      ['MONTHLY', 'Monthly', true],
      ['NONE', 'Never', false],
    ]);
  });

  it('reads a choice, and refuses none or one it did not offer in words', () => {
    expect(readFrequencyForm({ frequency: 'NONE' })).toEqual({ frequency: DigestFrequency.NONE });
    for (const frequency of [undefined, '', 'DAILY', ['WEEKLY']]) {
      expect(readFrequencyForm({ frequency })).toEqual({
        problem: { text: NO_CHOICE, href: '#frequency' },
      });
    }
  });

  it('says what the person will get', () => {
    expect(frequencyNotice(DigestFrequency.WEEKLY)).toBe('You will get a digest every week');
    expect(frequencyNotice(DigestFrequency.NONE)).toBe('You will get no digests');
  });
});
