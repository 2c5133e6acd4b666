import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'fs';
import { rm, stat } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '@app/kernel';

/** How long a checked file waits to be imported. */
export const KEEP_FOR_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 5 * 60 * 1000;

/**
 * A file kept after its dry run, for the person who uploaded it, with what its import needs
 * besides (`About`: a milestone file's programme).
 */
export type KeptUpload<About = { programmeId: string }> = About & {
  id: string;
  actorId: string;
  /** As uploaded: the import records it in each event's reason. */
  filename: string | null;
  keptAt: number;
  path: string;
  bytes: number;
};

/**
 * Uploaded files kept between the dry run and the import, so the officer imports exactly
 * the file that was checked without choosing it again (a page cannot fill a file input).
 * Each is a file in a directory of this process's own under the OS temp dir, named by a random
 * 128-bit id, which the results page's import form carries beside its CSRF token. Only the
 * actor who uploaded it finds it by that id, so the id needs no place in the session. A file
 * is removed once imported, and an hour after it was uploaded (checked on use, swept every five
 * minutes); the directory goes when the app stops. The files are this process's: with several
 * processes behind a load balancer, the import must reach the one that checked the file.
 */
@Injectable()
export class KeptUploads<About = { programmeId: string }> implements OnModuleDestroy {
  private readonly directory = mkdtempSync(join(tmpdir(), 'reform-tracker-uploads-'));
  private readonly kept = new Map<string, KeptUpload<About>>();
  private readonly sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();

  constructor(private readonly clock: Clock) {}

  /** Writes the file to disk as it arrives and keeps it for `owner`; answers its id. */
  async keep(
    file: Readable,
    owner: About & Pick<KeptUpload<About>, 'actorId' | 'filename'>,
  ): Promise<KeptUpload<About>> {
    const id = randomBytes(16).toString('hex');
    const path = join(this.directory, `${id}.upload`);
    try {
      await pipeline(file, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    const { size } = await stat(path);
    const upload: KeptUpload<About> = {
      ...owner,
      id,
      path,
      bytes: size,
      keptAt: this.clock.now().getTime(),
    };
    this.kept.set(id, upload);
    return upload;
  }

  /** The file kept under `id` for this actor, if it is still kept. */
  find(id: string, actorId: string): KeptUpload<About> | null {
    const upload = this.kept.get(id);
    if (!upload || upload.actorId !== actorId || this.expired(upload)) return null;
    return upload;
  }

  /** The file's bytes, chunk by chunk, as the import reads them. */
  read(upload: KeptUpload<About>): AsyncIterable<Buffer> {
    return createReadStream(upload.path);
  }

  async remove(upload: KeptUpload<About>): Promise<void> {
    this.kept.delete(upload.id);
    await rm(upload.path, { force: true });
  }

  /** Removes every file kept longer than an hour. */
  async sweep(): Promise<void> {
    await Promise.all(
      [...this.kept.values()]
        .filter((upload) => this.expired(upload))
        .map((upload) => this.remove(upload)),
    );
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.kept.clear();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private expired(upload: KeptUpload<About>): boolean {
    return this.clock.now().getTime() - upload.keptAt >= KEEP_FOR_MS;
  }
}

/**
 * Answers an upload form; one refused before its files were read is answered, then its
 * connection closed rather than the rest read.
 */
export async function answerUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await answer();
  } finally {
    if (!request.raw.complete) void reply.header('connection', 'close');
  }
}
