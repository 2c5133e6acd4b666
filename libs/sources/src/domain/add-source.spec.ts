import { ErrorCode } from '@app/kernel';
import { add, added, addWith, given, refusal } from '../testing/scenario';

describe('add a source', () => {
  it('given nothing, adds it with its facts', () => {
    expect(given().when(add).then()).toEqual([added]);
  });

  it('trims its texts', () => {
    expect(
      given()
        .when(addWith({ title: `  ${added.data.title} `, themes: [' Reset', 'Implementation '] }))
        .then(),
    ).toEqual([
      { type: 'SourceAdded', data: { ...added.data, themes: ['Reset', 'Implementation'] } },
    ]);
  });

  it('given it exists, refuses with ALREADY_EXISTS', () => {
    expect(refusal(given([added]).when(add).then).code).toBe(ErrorCode.ALREADY_EXISTS);
  });

  it('accepts a source with no known copy (url null)', () => {
    expect(
      given()
        .when(addWith({ url: null }))
        .then(),
    ).toEqual([{ type: 'SourceAdded', data: { ...added.data, url: null } }]);
  });

  it.each([
    ['kind', 'oneOf', { kind: 'BLOG_POST' }],
    ['title', 'required', { title: '   ' }],
    ['title', 'maxLength', { title: 'x'.repeat(301) }],
    ['title', 'singleLine', { title: 'Two\nlines' }],
    ['publisher', 'required', { publisher: '' }],
    ['publisher', 'maxLength', { publisher: 'p'.repeat(301) }],
    ['publishedOn', 'calendarDate', { publishedOn: '23/05/2022' }],
    ['publishedOn', 'calendarDate', { publishedOn: '2022-02-30' }],
    ['publishedOn', 'notInFuture', { publishedOn: '2025-06-02' }],
    ['url', 'absoluteUrl', { url: 'gov.uk/report' }],
    ['url', 'absoluteUrl', { url: 'ftp://example.org/report.pdf' }],
    ['url', 'maxLength', { url: `https://example.org/${'a'.repeat(2000)}` }],
    ['themes', 'required', { themes: ['Reset', ' '] }],
    ['themes', 'unique', { themes: ['Reset', 'Reset '] }],
    ['themes', 'maxCount', { themes: Array.from({ length: 101 }, (_, i) => `Theme ${i}`) }],
    ['themes', 'maxLength', { themes: ['t'.repeat(201)] }],
  ])('refuses a bad %s, naming the field and the rule (%s)', (field, rule, change) => {
    expect(refusal(given().when(addWith(change)).then)).toMatchObject({
      code: ErrorCode.BAD_USER_INPUT,
      details: { field, rule },
    });
  });

  it.each([['IRCSC Final'], [`a${'-b'.repeat(60)}`]])('refuses the id "%s"', (id) => {
    expect(refusal(given().when({ ...add, id }).then)).toMatchObject({
      details: { field: 'id', rule: 'sourceId' },
    });
  });

  it('refuses the id "new", the address of the page that adds a source', () => {
    expect(refusal(given().when({ ...add, id: 'new' }).then)).toMatchObject({
      details: { field: 'id', rule: 'notReserved' },
    });
  });

  it('accepts a source with no themes of its own, as a government response', () => {
    expect(
      given()
        .when(addWith({ themes: [] }))
        .then(),
    ).toEqual([{ type: 'SourceAdded', data: { ...added.data, themes: [] } }]);
  });

  it('accepts a source published today', () => {
    expect(
      given()
        .when(addWith({ publishedOn: '2025-06-01' }))
        .then(),
    ).toHaveLength(1);
  });

  it('refuses a business date in the future', () => {
    expect(
      refusal(given().when(add, { occurredAt: '2030-01-01T00:00:00.000Z' }).then),
    ).toMatchObject({ details: { field: 'occurredAt', rule: 'notInFuture' } });
  });
});
