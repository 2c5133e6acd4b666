import { ErrorCode } from '@app/kernel';
import { given, ID, published, record, refusal } from '../testing/scenario';
import { EvaluationSubjectKind, Finding } from './evaluation';

const correct = (changes: object) => ({ kind: 'CorrectEvaluation' as const, id: ID, changes });

describe('recording an evaluation', () => {
  it('publishes it with its subject, date, evaluator, finding, link and summary', () => {
    expect(given().when(record()).then()).toEqual([published]);
  });

  it('trims the evaluator and the summary', () => {
    const [event] = given()
      .when(record({ evaluator: '  Foundations ', summary: ' Fewer referrals. ' }))
      .then();
    expect(event.data).toMatchObject({ evaluator: 'Foundations', summary: 'Fewer referrals.' });
  });

  it('refuses a subject that does not exist, naming it', () => {
    const error = refusal(() =>
      given()
        .when(record({ subject: { kind: EvaluationSubjectKind.RECOMMENDATION, id: 'CSC-NOPE' } }), {
          subjectExists: false,
        })
        .then(),
    );
    expect(error.code).toBe(ErrorCode.NOT_FOUND);
    expect(error.message).toBe('Recommendation CSC-NOPE was not found');
    expect(error.details).toMatchObject({ field: 'subjectId' });
  });

  it.each([
    [{ publishedOn: '2025-06-02' }, 'publishedOn', 'notInFuture'],
    [{ publishedOn: '2023-02-30x' }, 'publishedOn', 'calendarDate'],
    [{ finding: 'GREAT' as Finding }, 'finding', 'knownFinding'],
    [{ url: 'ftp://example.org/report' }, 'url', 'webAddress'],
    [{ url: 'report.pdf' }, 'url', 'webAddress'],
    [{ evaluator: '   ' }, 'evaluator', 'required'],
    [{ summary: '' }, 'summary', 'required'],
    [{ summary: 'x'.repeat(601) }, 'summary', 'maxLength'],
    [{ evaluator: 'What\nWorks' }, 'evaluator', 'singleLine'],
  ])('refuses %j, naming %s and the rule %s', (overrides, field, rule) => {
    const error = refusal(() => given().when(record(overrides)).then());
    expect(error.details).toEqual({ field, rule });
  });

  it('keeps a summary of exactly 600 characters', () => {
    expect(
      given()
        .when(record({ summary: 'x'.repeat(600) }))
        .then(),
    ).toHaveLength(1);
  });

  it('refuses to record the same evaluation twice', () => {
    expect(refusal(() => given(published).when(record()).then()).code).toBe(
      ErrorCode.ALREADY_EXISTS,
    );
  });

  it('refuses a command said to happen in the future', () => {
    const error = refusal(() =>
      given().when(record(), { occurredAt: '2026-01-01T00:00:00.000Z' }).then(),
    );
    expect(error.details).toEqual({ field: 'occurredAt', rule: 'notInFuture' });
  });
});

describe('correcting an evaluation', () => {
  it('records only the fields that change', () => {
    expect(
      given(published)
        .when(correct({ finding: Finding.MIXED, evaluator: published.data.evaluator }))
        .then(),
    ).toEqual([{ type: 'EvaluationCorrected', data: { finding: Finding.MIXED } }]);
  });

  it('refuses a correction that changes nothing', () => {
    expect(
      refusal(() =>
        given(published)
          .when(correct({ summary: ` ${published.data.summary}` }))
          .then(),
      ).details,
    ).toEqual({ field: 'changes', rule: 'changesSomething' });
  });

  it('holds a correction to the same rules as the record', () => {
    expect(
      refusal(() =>
        given(published)
          .when(correct({ url: 'not a link' }))
          .then(),
      ).details,
    ).toEqual({ field: 'url', rule: 'webAddress' });
  });

  it('refuses to correct an evaluation that was never recorded', () => {
    expect(
      refusal(() =>
        given()
          .when(correct({ finding: Finding.MIXED }))
          .then(),
      ).code,
    ).toBe(ErrorCode.NOT_FOUND);
  });
});
