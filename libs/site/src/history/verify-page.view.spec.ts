import { SEAL_STREAM, type AuditVerification } from '@app/audit';
import type { PublicDirectory } from '../public-view/public-entry';
import { expectedSealsOf, historyNameOf, verificationOutcomeOf } from './verify-page.view';

const directory: PublicDirectory = {
  areaName: (code) => (code === 'E09000022' ? 'Lambeth' : undefined),
  programmeName: (id) => (id === 'family-hubs' ? 'Family hubs' : undefined),
  milestoneTitle: () => undefined,
};
const HASH = 'a'.repeat(64);

const intact: AuditVerification = {
  ok: true,
  eventsChecked: 1234,
  streamsChecked: 200,
  sealsChecked: 3,
  sealRecordEntries: 3,
  unchainedEvents: 0,
  checkedUpTo: 1234,
  lastSeal: { position: 1230, hash: HASH, sealedUpTo: 1229 },
  problemCount: 0,
  problems: [],
};

describe('the seals pasted to verify', () => {
  it('reads one hash a line, skipping empty lines and spaces', () => {
    expect(expectedSealsOf(`  ${HASH}\r\n\n${'B'.repeat(64)}\n`)).toEqual({
      seals: [HASH, 'B'.repeat(64)],
      problems: [],
    });
    expect(expectedSealsOf(undefined)).toEqual({ seals: [], problems: [] });
  });

  it('names the lines that are not seals, in one message beside the field', () => {
    expect(expectedSealsOf(`${HASH}\nnot a seal`).problems).toEqual([
      {
        text: 'The seal on line 2 must be 64 characters long, using only the numbers 0 to 9 and the letters a to f',
        href: '#seals',
      },
    ]);
    expect(expectedSealsOf(`x\n${HASH}\ny\nz`).problems[0].text).toMatch(
      /^The seals on lines 1, 3 and 4 must be 64 characters long/,
    );
  });
});

describe('the outcome of a verification', () => {
  it('says an intact trail was verified, how far, and the seals checked', () => {
    expect(verificationOutcomeOf(intact, [HASH], directory)).toEqual({
      ok: true,
      heading: 'The audit trail is intact',
      details: [
        '1,234 events in 200 histories checked, up to position 1,234.',
        `3 seals checked. The last, at position 1,230, covers every event up to position 1,229; its hash is ${HASH}.`,
        'The 1 seal you gave was found intact.',
      ],
      problems: [],
    });
  });

  it('says exactly what is wrong: which event, of which history, and what was found', () => {
    const damaged: AuditVerification = {
      ...intact,
      ok: false,
      lastSeal: null,
      sealsChecked: 0,
      unchainedEvents: 1,
      problemCount: 101,
      problems: [
        {
          kind: 'ALTERED',
          streamId: 'rollout-family-hubs.E09000022',
          position: 12,
          version: 3,
          message: 'its hash does not match its contents',
        },
        {
          kind: 'SEAL_MISMATCH',
          streamId: SEAL_STREAM,
          position: null,
          version: null,
          message: `no valid seal has the expected hash ${HASH}`,
        },
      ],
    };
    const outcome = verificationOutcomeOf(damaged, [HASH], directory);
    expect(outcome.ok).toBe(false);
    expect(outcome.heading).toBe('The audit trail is damaged: 101 problems found');
    expect(outcome.details).toEqual([
      '1,234 events in 200 histories checked, up to position 1,234.',
      'No seal yet.',
      '1 event from before tamper evidence is covered by a later event or a seal.',
      'The first 2 are listed.',
    ]);
    expect(outcome.problems).toEqual([
      {
        what: 'An event was changed after it was recorded',
        history: 'Lambeth in Family hubs',
        where: 'The event at position 12, number 3 of its history',
        found: 'its hash does not match its contents',
      },
      {
        what: 'A seal does not match the store, or an expected seal is missing',
        history: "The audit trail's seals",
        where: 'Not one event',
        found: `no valid seal has the expected hash ${HASH}`,
      },
    ]);
  });

  it('names each history in words', () => {
    expect(historyNameOf('recommendation-CSC-X', directory)).toBe('Recommendation CSC-X');
    expect(historyNameOf('programme-family-hubs', directory)).toBe('Family hubs');
    expect(historyNameOf('area-E09000022', directory)).toBe('Lambeth');
    expect(historyNameOf('rollout-other.E09000022', directory)).toBe('Lambeth in other');
    expect(historyNameOf('something-else', directory)).toBe('something-else');
    expect(historyNameOf('account-0b9d7c3e', directory)).toBe('Account 0b9d7c3e');
    expect(historyNameOf(`account-email-${'ab'.repeat(32)}`, directory)).toBe(
      "The claim on an account's email address",
    );
  });
});
