import {
  fileNameProblem,
  fileNotKept,
  readFileReceived,
  readUploadForm,
  sizeWords,
} from './upload-form';

describe('the upload form', () => {
  const programmes = ['swis', 'family-hubs'];

  it('takes a programme offered and a file ending .csv', () => {
    expect(readUploadForm({ programmeId: 'swis', filename: 'March.CSV' }, programmes)).toEqual({
      errors: {},
      problems: [],
    });
  });

  it('lists both problems at once, each linked to its field', () => {
    expect(readUploadForm({ programmeId: '', filename: '' }, programmes)).toEqual({
      errors: {
        programme: { text: 'Select the programme the milestones are for' },
        file: { text: 'Select a CSV file' },
      },
      problems: [
        { text: 'Select the programme the milestones are for', href: '#programme' },
        { text: 'Select a CSV file', href: '#file' },
      ],
    });
    expect(
      readUploadForm({ programmeId: 'not-enrolled', filename: 'march.xlsx' }, programmes).problems,
    ).toEqual([
      { text: 'Select the programme the milestones are for', href: '#programme' },
      { text: 'The selected file must be a CSV', href: '#file' },
    ]);
  });

  it('refuses an empty file and one over the limit, saying the limit in words', () => {
    expect(readFileReceived({ bytes: 0, truncated: false }, 64 * 1024 * 1024).problems).toEqual([
      { text: 'The selected file is empty', href: '#file' },
    ]);
    expect(readFileReceived({ bytes: 1024, truncated: true }, 64 * 1024 * 1024).problems).toEqual([
      { text: 'The selected file must be smaller than 64 MB', href: '#file' },
    ]);
    expect(readFileReceived({ bytes: 10, truncated: false }, 1024).problems).toEqual([]);
    expect(sizeWords(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(sizeWords(2000)).toBe('2 KB');
  });

  it('says what to do when the name is refused or the checked file is gone', () => {
    expect(fileNameProblem().problems[0].href).toBe('#file');
    expect(fileNotKept().errors.file).toEqual({
      text: 'The file you checked is no longer kept: upload it again',
    });
  });
});
