import { SEAL_STREAM, subjectsOf, type AuditProblemKind, type AuditVerification } from '@app/audit';
import { ACCOUNT_STREAM_PREFIX, EMAIL_CLAIM_STREAM_PREFIX } from '@app/accounts';
import type { Problem } from '../layout/date-input';
import type { PublicDirectory } from '../public-view/public-entry';

/** A seal's hash as published: sha256 in hexadecimal. */
const SEAL_HASH = /^[0-9a-f]{64}$/i;

/** Each kind of damage in words: what the evidence shows happened to the stored events. */
export const PROBLEM_KINDS: Readonly<Record<AuditProblemKind, string>> = {
  ALTERED: 'An event was changed after it was recorded',
  REMOVED: 'Events are missing from the middle of a history',
  INSERTED: 'An event was added that does not belong',
  REORDERED: 'Events were stored out of their order',
  STREAM_REMOVED: 'A sealed history has no events left',
  TRUNCATED: 'A sealed history lost its latest events',
  UNCHAINED: 'Events from before tamper evidence are not yet covered by a seal',
  SEAL_MISMATCH: 'A seal does not match the store, or an expected seal is missing',
};

const count = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const at = (position: number): string => `position ${position.toLocaleString('en-GB')}`;

/** The seals pasted in the form, one a line, or the problem with them. */
export function expectedSealsOf(text: unknown): { seals: string[]; problems: Problem[] } {
  const lines = (typeof text === 'string' ? text : '').split(/\r?\n/).map((line) => line.trim());
  const bad = lines.flatMap((line, index) => (line && !SEAL_HASH.test(line) ? [index + 1] : []));
  if (bad.length === 0) return { seals: lines.filter(Boolean), problems: [] };
  const where =
    bad.length === 1
      ? `The seal on line ${bad[0]}`
      : `The seals on lines ${bad.slice(0, -1).join(', ')} and ${bad.at(-1)}`;
  return {
    seals: [],
    problems: [
      {
        text: `${where} must be 64 characters long, using only the numbers 0 to 9 and the letters a to f`,
        href: '#seals',
      },
    ],
  };
}

/** What a stream's events are about, in words: "Lambeth in Family hubs", "Recommendation CSC-X". */
export function historyNameOf(streamId: string, directory: PublicDirectory): string {
  if (streamId === SEAL_STREAM) return "The audit trail's seals";
  // A claim's stream is named by a hash of the email, which means nothing to a reader.
  if (streamId.startsWith(EMAIL_CLAIM_STREAM_PREFIX))
    return "The claim on an account's email address";
  if (streamId.startsWith(ACCOUNT_STREAM_PREFIX)) {
    return `Account ${streamId.slice(ACCOUNT_STREAM_PREFIX.length)}`;
  }
  const { recommendationId, programmeId, areaCode } = subjectsOf(streamId);
  const programme = programmeId && (directory.programmeName(programmeId) ?? programmeId);
  const area = areaCode && (directory.areaName(areaCode) ?? areaCode);
  if (recommendationId) return `Recommendation ${recommendationId}`;
  if (programme && area) return `${area} in ${programme}`;
  return programme || area || streamId;
}

/** The outcome of a verification in words: what was checked, and exactly what is wrong. */
export function verificationOutcomeOf(
  result: AuditVerification,
  expectedSeals: readonly string[],
  directory: PublicDirectory,
) {
  const checked = `${count(result.eventsChecked, 'event')} in ${count(result.streamsChecked, 'history', 'histories')} checked, up to ${at(result.checkedUpTo)}.`;
  const seals = result.lastSeal
    ? `${count(result.sealsChecked, 'seal')} checked. The last, at ${at(result.lastSeal.position)}, covers every event up to ${at(result.lastSeal.sealedUpTo)}; its hash is ${result.lastSeal.hash}.`
    : 'No seal yet.';
  const details = [
    checked,
    seals,
    ...(result.unchainedEvents
      ? [
          `${count(result.unchainedEvents, 'event')} from before tamper evidence ${result.unchainedEvents === 1 ? 'is' : 'are'} covered by a later event or a seal.`,
        ]
      : []),
    ...(expectedSeals.length && result.ok
      ? [
          `The ${count(expectedSeals.length, 'seal')} you gave ${expectedSeals.length === 1 ? 'was' : 'were'} found intact.`,
        ]
      : []),
  ];
  if (result.ok) return { ok: true, heading: 'The audit trail is intact', details, problems: [] };
  return {
    ok: false,
    heading: `The audit trail is damaged: ${count(result.problemCount, 'problem')} found`,
    details: [
      ...details,
      ...(result.problemCount > result.problems.length
        ? [`The first ${result.problems.length} are listed.`]
        : []),
    ],
    problems: result.problems.map((problem) => ({
      what: PROBLEM_KINDS[problem.kind],
      history: historyNameOf(problem.streamId, directory),
      where:
        problem.position === null
          ? 'Not one event'
          : `The event at ${at(problem.position)}${problem.version === null ? '' : `, number ${problem.version} of its history`}`,
      found: problem.message,
    })),
  };
}
