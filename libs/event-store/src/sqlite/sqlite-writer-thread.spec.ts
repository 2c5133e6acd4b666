import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { connectionPragmas, SqliteWriterThread } from './sqlite-writer-thread';

describe('SqliteWriterThread', () => {
  it('fails every step, without hanging, when its thread cannot open the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-writer-'));
    const missing = join(dir, 'no-such-dir', 'events.sqlite');
    const thread = new SqliteWriterThread(missing, connectionPragmas(100));
    try {
      await expect(thread.begin()).rejects.toThrow();
      expect(thread.stopped).toBe(true);
      await expect(thread.versions(['a'])).rejects.toThrow();
    } finally {
      await thread.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
