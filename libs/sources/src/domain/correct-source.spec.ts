import { ErrorCode } from '@app/kernel';
import { SourceDetails, SourceKind } from './source.events';
import { added, given, ID, refusal } from '../testing/scenario';

const correct = (changes: Partial<SourceDetails>) => ({
  kind: 'CorrectSource' as const,
  id: ID,
  changes,
});

describe('correct a source', () => {
  it('records only the fields that changed', () => {
    expect(
      given([added])
        .when(correct({ title: 'The final report', publisher: added.data.publisher }))
        .then(),
    ).toEqual([{ type: 'SourceCorrected', data: { title: 'The final report' } }]);
  });

  it('may clear the url and change the kind', () => {
    expect(
      given([added])
        .when(correct({ url: null, kind: SourceKind.INQUIRY }))
        .then(),
    ).toEqual([{ type: 'SourceCorrected', data: { url: null, kind: SourceKind.INQUIRY } }]);
  });

  it('may add themes and reorder them', () => {
    const themes = ['Implementation', 'Reset', 'A revolution in Family Help', 'Workforce'];
    expect(given([added]).when(correct({ themes })).then()).toEqual([
      { type: 'SourceCorrected', data: { themes } },
    ]);
  });

  it('refuses to remove or rename a theme, since recommendations may be filed under it', () => {
    expect(
      refusal(
        given([added]).when(correct({ themes: ['Reset', 'Family Help', 'Implementation'] })).then,
      ),
    ).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field: 'themes', rule: 'keepsThemes' },
      message: expect.stringContaining('"A revolution in Family Help"'),
    });
  });

  it('refuses a correction that changes nothing', () => {
    expect(
      refusal(given([added]).when(correct({ title: ` ${added.data.title}` })).then),
    ).toMatchObject({ details: { field: 'changes', rule: 'somethingToChange' } });
  });

  it('checks corrected fields as when added', () => {
    expect(refusal(given([added]).when(correct({ publishedOn: '2022-13-01' })).then)).toMatchObject(
      { details: { field: 'publishedOn', rule: 'calendarDate' } },
    );
  });

  it('requires a reason', () => {
    expect(
      refusal(given([added]).when(correct({ title: 'New' }), { reason: ' ' }).then),
    ).toMatchObject({ details: { field: 'reason', rule: 'required' } });
  });

  it('given no such source, refuses with NOT_FOUND', () => {
    expect(refusal(given().when(correct({ title: 'New' })).then).code).toBe(ErrorCode.NOT_FOUND);
  });

  it('folds a correction into the source as it stands now', () => {
    const corrected = { type: 'SourceCorrected' as const, data: { title: 'Renamed' } };
    expect(
      refusal(
        given([added], [corrected, '2023-01-01T00:00:00.000Z']).when(correct({ title: 'Renamed' }))
          .then,
      ),
    ).toMatchObject({ details: { rule: 'somethingToChange' } });
  });
});
