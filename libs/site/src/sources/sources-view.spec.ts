import { SourceKind } from '@app/sources';
import { sourcesFilterOf, sourceStepTitle } from './sources-view';

describe('the sources pages in words', () => {
  it('reads a kind from the query, and ignores one that is not a kind', () => {
    expect(sourcesFilterOf({ kind: ' INQUIRY ' })).toEqual({ kind: SourceKind.INQUIRY });
    expect(sourcesFilterOf({ kind: 'BLOG' })).toEqual({ kind: '' });
    expect(sourcesFilterOf({ kind: ['INQUIRY', 'INQUIRY'] })).toEqual({ kind: '' });
  });

  it('says what each step did', () => {
    expect(
      sourceStepTitle({
        type: 'SourceAdded',
        data: {
          id: 'x',
          kind: SourceKind.INQUIRY,
          title: 'T',
          publisher: 'P',
          publishedOn: '2020-01-01',
          url: null,
          themes: [],
        },
      }),
    ).toBe('Added to the register');
    expect(
      sourceStepTitle({ type: 'SourceCorrected', data: { publishedOn: '2020-01-02', url: null } }),
    ).toBe('Corrected: publication date, link');
  });
});
