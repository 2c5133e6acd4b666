import type { Problem } from '../layout/date-input';

/**
 * The upload form's own checks, in the GOV.UK Design System's words for file uploads: before
 * the file is read (a programme and a CSV file chosen), and once it has been (not empty, not
 * over the limit). The file's contents are the import's to check.
 */

export interface UploadProblems {
  errors: Partial<Record<'programme' | 'file', { text: string }>>;
  problems: Problem[];
}

/** These problems, each beside its field and in the error summary. */
export const problemsOf = (
  found: [field: 'programme' | 'file', text: string][],
): UploadProblems => ({
  errors: Object.fromEntries(found.map(([field, text]) => [field, { text }])),
  problems: found.map(([field, text]) => ({ text, href: `#${field}` })),
});

/** A programme offered chosen, and a file ending .csv. Pure. */
export function readUploadForm(
  { programmeId, filename }: { programmeId: string; filename: string },
  programmeIds: readonly string[],
): UploadProblems {
  const found: [field: 'programme' | 'file', text: string][] = [];
  if (!programmeIds.includes(programmeId)) {
    found.push(['programme', 'Select the programme the milestones are for']);
  }
  if (!filename) found.push(['file', 'Select a CSV file']);
  else if (!/\.csv$/i.test(filename)) found.push(['file', 'The selected file must be a CSV']);
  return problemsOf(found);
}

/** "64 MB", "512 KB": a limit as the hint and the error say it. */
export function sizeWords(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The file as read: refused when empty or cut short at the limit. Pure. */
export function readFileReceived(
  { bytes, truncated }: { bytes: number; truncated: boolean },
  limitBytes: number,
): UploadProblems {
  if (truncated)
    return problemsOf([
      ['file', `The selected file must be smaller than ${sizeWords(limitBytes)}`],
    ]);
  if (bytes === 0) return problemsOf([['file', 'The selected file is empty']]);
  return problemsOf([]);
}

/** A problem with the file the import found before reading it (its name). */
export const fileNameProblem = (): UploadProblems =>
  problemsOf([
    [
      'file',
      "The selected file's name must be 255 characters or less, without hidden characters: rename the file and upload it again",
    ],
  ]);

/** The checked file is no longer kept (imported already, or an hour has passed). */
export const fileNotKept = (): UploadProblems =>
  problemsOf([['file', 'The file you checked is no longer kept: upload it again']]);

export const noProblems = (): UploadProblems => problemsOf([]);
