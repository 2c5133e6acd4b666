import { existsSync } from 'fs';
import { Readable } from 'stream';
import { Clock } from '@app/kernel';
import { KEEP_FOR_MS, KeptUploads } from './kept-uploads';

class MovingClock extends Clock {
  time = Date.parse('2026-12-05T10:00:00Z');
  now(): Date {
    return new Date(this.time);
  }
}

const text = async (chunks: AsyncIterable<Buffer>): Promise<string> => {
  const read: Buffer[] = [];
  for await (const chunk of chunks) read.push(chunk);
  return Buffer.concat(read).toString();
};

describe('uploaded files kept between the dry run and the import', () => {
  const clock = new MovingClock();
  let uploads: KeptUploads;
  const owner = { actorId: 'officer', programmeId: 'swis', filename: 'march.csv' };
  const keep = (content: string) => uploads.keep(Readable.from([Buffer.from(content)]), owner);

  beforeEach(() => (uploads = new KeptUploads(clock)));
  afterEach(() => uploads.onModuleDestroy());

  it('keeps a file for the officer who uploaded it, under an id no one can guess', async () => {
    const upload = await keep('areaCode,milestoneKey\n');
    expect(upload.id).toMatch(/^[0-9a-f]{32}$/);
    expect(upload.bytes).toBe(22);
    expect(uploads.find(upload.id, 'officer')).toMatchObject(owner);
    expect(await text(uploads.read(upload))).toBe('areaCode,milestoneKey\n');
    expect(uploads.find(upload.id, 'another officer')).toBeNull();
    expect(uploads.find('0'.repeat(32), 'officer')).toBeNull();
    expect((await keep('x')).id).not.toBe(upload.id);
  });

  it('removes a file once imported', async () => {
    const upload = await keep('a');
    await uploads.remove(upload);
    expect(uploads.find(upload.id, 'officer')).toBeNull();
    expect(existsSync(upload.path)).toBe(false);
  });

  it('forgets a file an hour after it was uploaded, and the sweep removes it', async () => {
    const upload = await keep('a');
    clock.time += KEEP_FOR_MS - 1;
    expect(uploads.find(upload.id, 'officer')).not.toBeNull();
    clock.time += 1;
    expect(uploads.find(upload.id, 'officer')).toBeNull();
    await uploads.sweep();
    expect(existsSync(upload.path)).toBe(false);
  });

  it('removes its files when the app stops', async () => {
    const upload = await keep('a');
    uploads.onModuleDestroy();
    expect(existsSync(upload.path)).toBe(false);
  });
});
