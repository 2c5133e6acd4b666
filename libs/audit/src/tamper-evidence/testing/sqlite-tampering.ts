import Database from 'better-sqlite3';

/** A row of the SQLite adapter's `events` table, with its JSON parsed. */
export interface StoredRow {
  position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: string;
}

type RawRow = Omit<StoredRow, 'data' | 'metadata'> & { data: string; metadata: string };

/**
 * Tampers with an SQLite event store file behind the store's back, as someone with access to
 * the file could: for tests of tamper evidence only.
 */
export class SqliteTampering {
  private readonly db: Database.Database;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('busy_timeout = 5000');
  }

  rows(streamId?: string): StoredRow[] {
    const raw = streamId
      ? this.db
          .prepare<[string], RawRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY version')
          .all(streamId)
      : this.db.prepare<[], RawRow>('SELECT * FROM events ORDER BY position').all();
    return raw.map(parse);
  }

  row(position: number): StoredRow {
    const raw = this.db
      .prepare<[number], RawRow>('SELECT * FROM events WHERE position = ?')
      .get(position);
    if (!raw) throw new Error(`No event at position ${position}`);
    return parse(raw);
  }

  /** Rewrites columns of the event at `position` (JSON columns as values). */
  update(position: number, changes: Partial<StoredRow>): void {
    const columns = Object.keys(changes) as (keyof StoredRow)[];
    const values = columns.map((column) => {
      const value = changes[column];
      return column === 'data' || column === 'metadata' ? JSON.stringify(value) : value;
    });
    this.db
      .prepare(
        `UPDATE events SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE position = ?`,
      )
      .run(...values, position);
  }

  insert(row: Omit<StoredRow, 'position'> & { position?: number }): number {
    const result = this.db
      .prepare(
        `INSERT INTO events (position, stream_id, version, event_id, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.position ?? null,
        row.stream_id,
        row.version,
        row.event_id,
        row.type,
        JSON.stringify(row.data),
        JSON.stringify(row.metadata),
        row.recorded_at,
      );
    return Number(result.lastInsertRowid);
  }

  delete(position: number): void {
    this.db.prepare('DELETE FROM events WHERE position = ?').run(position);
  }

  deleteStream(streamId: string): number {
    return this.db.prepare('DELETE FROM events WHERE stream_id = ?').run(streamId).changes;
  }

  /** Exchanges the global positions of two events. */
  swapPositions(a: number, b: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
      this.db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
      this.db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
    })();
  }

  close(): void {
    this.db.close();
  }
}

function parse(raw: RawRow): StoredRow {
  return {
    ...raw,
    data: JSON.parse(raw.data) as Record<string, unknown>,
    metadata: JSON.parse(raw.metadata) as Record<string, unknown>,
  };
}

/** One random change to one stored event, as applied. */
export interface Alteration {
  position: number;
  streamId: string;
  version: number;
  field: 'data' | 'metadata' | 'type' | 'recordedAt';
  description: string;
}

export interface AlterationOptions {
  /**
   * Positions whose recordedAt no later event or seal records (in a sealed store, the newest
   * seal's): tamper evidence pins them only to within its tolerance of when they were chained,
   * so they are shifted by at least `minimumShiftMs` there.
   */
  unrecordedPositions?: ReadonlySet<number>;
  minimumShiftMs?: number;
}

/**
 * Alters one random stored event: a value in its data or metadata (changed, added or removed,
 * at any depth, the integrity block included), its type, or its recordedAt (moved by 1 ms to
 * 30 days either way). Every alteration changes what the event says, never only how its JSON is
 * spelt.
 */
export function alterRandomEvent(
  tampering: SqliteTampering,
  random: () => number,
  options: AlterationOptions = {},
): Alteration {
  const rows = tampering.rows();
  const row = rows[Math.floor(random() * rows.length)];
  const field = pick(random, ['data', 'metadata', 'type', 'recordedAt'] as const);
  const at = { position: row.position, streamId: row.stream_id, version: row.version, field };
  switch (field) {
    case 'data':
    case 'metadata': {
      const value = row[field];
      const description = alterJson(value, random);
      tampering.update(row.position, { [field]: value });
      return { ...at, description: `${field}: ${description}` };
    }
    case 'type':
      tampering.update(row.position, { type: `${row.type}X` });
      return { ...at, description: `type ${row.type} -> ${row.type}X` };
    case 'recordedAt': {
      const day = 24 * 60 * 60 * 1000;
      const minimum = options.unrecordedPositions?.has(row.position)
        ? (options.minimumShiftMs ?? 0)
        : 1;
      const magnitude = Math.max(minimum, Math.round(Math.exp(random() * Math.log(30 * day))));
      const shift = (random() < 0.5 ? -1 : 1) * magnitude;
      const moved = new Date(Date.parse(row.recorded_at) + shift).toISOString();
      tampering.update(row.position, { recorded_at: moved });
      return { ...at, description: `recordedAt ${row.recorded_at} -> ${moved}` };
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Changes one thing in a JSON object in place; says what. */
function alterJson(root: Record<string, unknown>, random: () => number): string {
  // Every container in the tree, with its path: one of them is changed.
  const containers: { path: string; value: Json[] | { [key: string]: Json } }[] = [];
  const walk = (value: Json, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    containers.push({ path, value });
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
  };
  walk(root as Json, '');
  const { path, value } = pick(random, containers);
  const keys = Object.keys(value);
  const action = keys.length === 0 ? 'add' : pick(random, ['change', 'change', 'add', 'remove']);
  if (Array.isArray(value)) {
    const index = Math.floor(random() * value.length);
    if (action === 'add') {
      value.push('tampered');
      return `appended to ${path || '.'}[]`;
    }
    if (action === 'remove') {
      value.splice(index, 1);
      return `removed ${path}[${index}]`;
    }
    value[index] = changed(value[index]);
    return `changed ${path}[${index}]`;
  }
  if (action === 'add') {
    value[`tampered${keys.length}`] = true;
    return `added a key to ${path || '.'}`;
  }
  const key = pick(random, keys);
  if (action === 'remove') {
    delete value[key];
    return `removed ${path}.${key}`;
  }
  value[key] = changed(value[key]);
  return `changed ${path}.${key}`;
}

function changed(value: Json): Json {
  if (value === null) return 'tampered';
  switch (typeof value) {
    case 'string':
      return /^[0-9a-f]{64}$/.test(value)
        ? `${value.slice(0, 63)}${value.endsWith('0') ? '1' : '0'}`
        : `${value}!`;
    case 'number':
      return value + 1;
    case 'boolean':
      return !value;
    default:
      return Array.isArray(value) ? [...value, 'tampered'] : { ...value, tampered: true };
  }
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

export { seededRandom } from '@app/kernel';
