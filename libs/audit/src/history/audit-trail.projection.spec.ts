import Database from 'better-sqlite3';
import {
  readCheckpoint,
  setUpCheckpoints,
  setUpProjection,
  SqliteSql,
  writeCheckpoint,
} from '@app/event-store';
import { auditTrailProjection } from './audit-trail.projection';

describe('audit trail projection setup', () => {
  it('replaces a trail that kept the events themselves, replaying it from the start', async () => {
    const sql = new SqliteSql(new Database(':memory:'));
    await setUpCheckpoints(sql);
    await sql.exec('CREATE TABLE audit_trail (position INTEGER PRIMARY KEY, data TEXT NOT NULL)');
    await sql.run(`INSERT INTO audit_trail VALUES (1, '{}')`);
    await writeCheckpoint(sql, 'audit-trail', 1);

    await auditTrailProjection.setup(sql);

    expect(await sql.all(`SELECT name FROM sqlite_master WHERE name = 'audit_trail'`)).toEqual([]);
    expect(await readCheckpoint(sql, 'audit-trail')).toBe(0);
  });

  it('drops the full recommendation index of read models built before it was partial', async () => {
    const sql = new SqliteSql(new Database(':memory:'));
    await auditTrailProjection.setup(sql);
    await sql.exec(
      'CREATE INDEX audit_entries_by_recommendation ON audit_entries (recommendation_id, position)',
    );

    await setUpProjection(auditTrailProjection, sql);

    expect(
      await sql.all(`SELECT name FROM sqlite_master WHERE name LIKE 'audit_entries_%recommend%'`),
    ).toEqual([{ name: 'audit_entries_of_recommendations' }]);
  });

  it('keeps the checkpoint of a trail already kept in audit_entries', async () => {
    const sql = new SqliteSql(new Database(':memory:'));
    await auditTrailProjection.setup(sql);
    await auditTrailProjection.applyBatch!(sql, [
      {
        eventId: 'e1',
        streamId: 'recommendation-R1',
        version: 1,
        position: 1,
        type: 'RecommendationProposed',
        data: {},
        metadata: { occurredAt: '2022-01-01T00:00:00.000Z' },
        recordedAt: '2022-01-01T00:00:00.000Z',
      },
    ]);
    await writeCheckpoint(sql, 'audit-trail', 1);

    await auditTrailProjection.setup(sql);

    expect(await readCheckpoint(sql, 'audit-trail')).toBe(1);
    expect(await sql.all('SELECT position, recommendation_id FROM audit_entries')).toEqual([
      { position: 1, recommendation_id: 'R1' },
    ]);
  });
});
