import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
} from '../../../event-store/src/testing/postgres';
import type { DigestClaim, DigestsSent } from './digests-sent';
import { PostgresDigestsSent } from './postgres-digests-sent';
import { SqliteDigestsSent } from './sqlite-digests-sent';

const NOW = Date.parse('2026-12-05T09:00:00Z');
const claimBy = (claimant: string, now = NOW, accountId = 'a1'): DigestClaim => ({
  accountId,
  period: '2026-W49',
  contentHash: `hash seen by ${claimant}`,
  messageId: '<digest.2026-W49.x@tracker.example>',
  claimant,
  now,
  until: now + 60_000,
});
const settle = (claimant: string, state: 'SENT' | 'NOTHING_TO_REPORT' = 'SENT') => ({
  accountId: 'a1',
  period: '2026-W49',
  claimant,
  state,
  at: '2026-12-05T09:00:01.000Z',
});

/** The same cases on each database; `open` again is another API process on the same one. */
function describeDigestsSent(
  name: string,
  setUp: () => { open(): Promise<DigestsSent> | DigestsSent; remove(): Promise<void> | void },
): void {
  describe(name, () => {
    let store: ReturnType<typeof setUp>;
    let one: DigestsSent;
    let two: DigestsSent;
    beforeEach(async () => {
      store = setUp();
      one = await store.open();
      two = await store.open();
    });
    afterEach(async () => {
      await one.close();
      await two.close();
      await store.remove();
    });

    it('lets one process claim a digest; another cannot while the claim holds, nor after it is sent', async () => {
      expect(await one.claim(claimBy('one'))).toBe(1);
      expect(await two.claim(claimBy('two'))).toBeNull();
      expect(await two.claim(claimBy('two', NOW + 59_999))).toBeNull();
      expect(await one.settle(settle('one'))).toBe(true);
      expect(await two.claim(claimBy('two', NOW + 3_600_000))).toBeNull();
      expect(await one.claim(claimBy('one', NOW + 3_600_000))).toBeNull();
      expect(await two.find('a1', '2026-W49')).toEqual({
        accountId: 'a1',
        period: '2026-W49',
        contentHash: 'hash seen by one',
        state: 'SENT',
        claimedBy: null,
        claimedUntil: null,
        settledAt: '2026-12-05T09:00:01.000Z',
        messageId: '<digest.2026-W49.x@tracker.example>',
        attempts: 1,
      });
    });

    it('lets another process take over a claim that expired (its holder died), and refuses the old holder', async () => {
      expect(await one.claim(claimBy('one'))).toBe(1);
      expect(await two.claim(claimBy('two', NOW + 60_000))).toBe(2);
      expect(await one.settle(settle('one'))).toBe(false);
      expect(await two.settle(settle('two'))).toBe(true);
      expect(await one.find('a1', '2026-W49')).toMatchObject({
        state: 'SENT',
        contentHash: 'hash seen by two',
        attempts: 2,
      });
    });

    it('records a digest with nothing to report, which is then not claimed again in its period', async () => {
      expect(await one.claim(claimBy('one'))).toBe(1);
      expect(await one.settle(settle('one', 'NOTHING_TO_REPORT'))).toBe(true);
      expect(await two.claim(claimBy('two', NOW + 3_600_000))).toBeNull();
      expect(await two.find('a1', '2026-W49')).toMatchObject({ state: 'NOTHING_TO_REPORT' });
      expect(await two.find('a1', '2026-W50')).toBeNull();
    });

    it('keeps each person apart', async () => {
      expect(await one.claim(claimBy('one'))).toBe(1);
      expect(await two.claim(claimBy('two', NOW, 'a2'))).toBe(1);
    });

    it('gives every process the same unsubscribe secret, made once', async () => {
      const secret = await one.unsubscribeSecret();
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await two.unsubscribeSecret()).toBe(secret);
      expect(await one.unsubscribeSecret()).toBe(secret);
    });
  });
}

describeDigestsSent('digests sent, in SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digests-sent-'));
  return {
    open: () => new SqliteDigestsSent(join(dir, 'access.sqlite')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describeWithPostgres('digests sent, in PostgreSQL', (connectionString) => {
  describeDigestsSent('in a schema of their own', () => {
    const schema = uniqueSchemaName('digests');
    return {
      open: () => PostgresDigestsSent.open({ connectionString, schema }),
      remove: () => dropSchema(connectionString, schema),
    };
  });
});
