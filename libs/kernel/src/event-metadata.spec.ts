import { Role } from './actor';
import { InvalidInputError } from './domain-error';
import { seedContext } from './seed-context';
import { commandContextOf, commandFingerprint } from './event-metadata';

describe('commandContextOf', () => {
  const actor = { id: 'a', name: 'Ada', role: Role.BOARD_MEMBER, organisation: null };
  const now = new Date('2026-11-23T12:00:00Z');

  it('reads occurredAt as an instant, now when it is not given', () => {
    expect(commandContextOf({ occurredAt: '2024-01-02' }, actor, 'c', now).occurredAt).toBe(
      '2024-01-02T00:00:00.000Z',
    );
    // A date is a date in England: in British Summer Time it starts at 23:00 UTC the day before.
    expect(commandContextOf({ occurredAt: '2024-07-02' }, actor, 'c', now).occurredAt).toBe(
      '2024-07-01T23:00:00.000Z',
    );
    expect(commandContextOf({}, actor, 'c', now).occurredAt).toBe(now.toISOString());
  });

  // Found by the reliability suite: these pass IsISO8601 but Date cannot read them, and they
  // failed as internal errors.
  it.each(['20240101', '2024-W01-1', '+275761-01-01'])(
    'refuses %s as the user input it is',
    (occurredAt) => {
      const refuse = () => commandContextOf({ occurredAt }, actor, 'c', now);
      expect(refuse).toThrow(InvalidInputError);
      expect(refuse).toThrow(expect.objectContaining({ field: 'occurredAt' }));
    },
  );
});

describe('commandFingerprint', () => {
  const actor = { id: 'a', name: 'Ada', role: Role.BOARD_MEMBER, organisation: null };
  const fingerprint = (envelope: Record<string, unknown>, kind = 'Propose', at = '2026-11-23') =>
    commandFingerprint(kind, commandContextOf(envelope, actor, 'c', new Date(`${at}T12:00:00Z`)));

  it('is the same for a retry: another command id, expected version or time of sending', () => {
    const first = fingerprint({ id: 'R1', title: 'T', commandId: 'x', expectedVersion: 0 });
    expect(fingerprint({ id: 'R1', title: 'T', commandId: 'y', expectedVersion: 3 })).toBe(first);
    expect(fingerprint({ title: 'T', id: 'R1' }, 'Propose', '2026-11-24')).toBe(first);
  });

  it('differs for another request: its input, envelope or kind', () => {
    const first = fingerprint({ id: 'R1', title: 'T' });
    expect(fingerprint({ id: 'R1', title: 'U' })).not.toBe(first);
    expect(fingerprint({ id: 'R1', title: 'T', reason: 'why' })).not.toBe(first);
    expect(fingerprint({ id: 'R1', title: 'T', occurredAt: '2024-01-01' })).not.toBe(first);
    expect(fingerprint({ id: 'R1', title: 'T' }, 'Withdraw')).not.toBe(first);
  });

  it('is null for a command no caller sent (seeding)', () => {
    expect(commandFingerprint('Seed', seedContext('s', '2024-01-01', 'seed'))).toBeNull();
  });
});
