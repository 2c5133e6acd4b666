import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LogOutput } from './log-output';

describe('LogOutput', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rt-log-output-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds at most its bound while a write is under way, drops and counts the rest', async () => {
    const file = join(dir, 'log');
    const fd = openSync(file, 'w');
    const output = new LogOutput(fd, 1000);
    const line = `${'x'.repeat(99)}\n`;
    // One tick: the first line is being written while the others queue up to 1,000 bytes.
    for (let i = 0; i < 100; i++) output.write(line);
    await output.flush(5000);
    closeSync(fd);
    const written = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    expect(output.droppedLines).toBeGreaterThan(0);
    expect(written + output.droppedLines).toBe(100);
    expect(written).toBeLessThanOrEqual(11);
  });

  it('drops what comes after a failed write, without throwing or retrying', async () => {
    // A descriptor open for reading only: every write fails (EBADF), as on a closed pipe (EPIPE).
    closeSync(openSync(join(dir, 'log'), 'w'));
    const fd = openSync(join(dir, 'log'), 'r');
    const output = new LogOutput(fd);
    output.write('lost\n');
    await output.flush(5000);
    output.write('also lost\n');
    expect(output.droppedLines).toBe(1);
    await expect(output.flush(5000)).resolves.toBeUndefined();
    closeSync(fd);
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('');
  });
});
