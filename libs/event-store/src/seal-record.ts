import { open, readFile } from 'fs/promises';
import type { SealRecord } from './event-store.port';

const HASH = /^[0-9a-f]{64}$/;
const isPositive = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** A seal record entry checked, or an error naming `where` it came from. */
export function sealRecordOf(value: unknown, where: string): SealRecord {
  const { version, hash, position } = (value ?? {}) as Record<string, unknown>;
  if (
    !isPositive(version) ||
    typeof hash !== 'string' ||
    !HASH.test(hash) ||
    !isPositive(position)
  ) {
    throw new Error(
      `${where} is not a seal record entry (a version, a sha256 hash in hex and a position): ${JSON.stringify(value)}`,
    );
  }
  return { version, hash, position };
}

/**
 * A seal record kept as a file, one JSON line per entry, only ever appended to: the SQLite
 * store's, beside its database file. Outside the database, so deleting rows, or putting an
 * older copy of the database file back, leaves it as it was.
 */
export class SealRecordFile {
  constructor(readonly filename: string) {}

  async append(record: SealRecord): Promise<void> {
    const line = `${JSON.stringify(sealRecordOf(record, 'The seal to record'))}\n`;
    const file = await open(this.filename, 'a');
    try {
      await file.appendFile(line);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  async read(): Promise<SealRecord[]> {
    let text: string;
    try {
      text = await readFile(this.filename, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .map((line, index) => ({ line, where: `${this.filename} line ${index + 1}` }))
      .filter(({ line }) => line !== '')
      .map(({ line, where }) => sealRecordOf(parseJson(line), where));
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}
