import 'reflect-metadata';
import { readFileSync } from 'fs';
import { Controller, Get, Module, NotFoundException, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A page as the real server answered it: its body and the headers to send again. */
export interface RecordedPage {
  body: string;
  headers: Record<string, string>;
}

/**
 * The public site's ceiling: the same stack (NestJS on Fastify) with no data at all. It answers
 * the paths the benchmark measures with the real server's pages, byte for byte and with their
 * headers, from memory, and 304 to their ETags, so that what the real server reaches is
 * reported as a share of what the stack itself reaches with pages of the same size.
 */
const pages = new Map(
  Object.entries(
    JSON.parse(readFileSync(process.env.SITE_PAGES!, 'utf8')) as Record<string, RecordedPage>,
  ),
);

@Controller()
class CeilingPagesController {
  @Get('health')
  health(): string {
    return 'ok';
  }

  @Get(['register', 'programmes/:id'])
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    const page = pages.get(request.url);
    if (!page) throw new NotFoundException();
    void reply.headers(page.headers);
    if (request.headers['if-none-match'] === page.headers.etag) return reply.code(304).send();
    return reply.send(page.body);
  }
}

@Module({ controllers: [CeilingPagesController] })
class CeilingSiteModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    CeilingSiteModule,
    new FastifyAdapter(),
    { logger: false },
  );
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
}

void main();
