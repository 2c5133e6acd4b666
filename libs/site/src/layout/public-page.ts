import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, of } from 'rxjs';
import { Public } from '@app/access';
import { EVENT_STORE, EventStore, ReadModelDatabase } from '@app/event-store';
import { Clock, isoDate } from '@app/kernel';
import type { AsOf } from './as-of';
import { BuiltPages } from './built-pages';
import { SiteSettings } from './site-settings';
import { isNotModified, PageBasis, StoreHead, validatorsOf } from './validators';

declare module 'fastify' {
  interface FastifyReply {
    /** What @fastify/view adds to every template's model: set for each request. */
    locals: Record<string, unknown> | null;
  }
}

/** The event store's head and when its event was recorded (read again only when it moves). */
@Injectable()
export class StoreHeads {
  private last: StoreHead = { position: 0, recordedAt: null };

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<StoreHead> {
    const position = await this.store.headPosition();
    if (position === this.last.position) return this.last;
    const [event] = await this.store.readAll({ after: position - 1, maxCount: 1 });
    this.last = { position, recordedAt: event?.recordedAt ?? null };
    return this.last;
  }
}

/** What a page is built from now: the store's head, the read models' checkpoints, today. */
@Injectable()
export class PageBases {
  constructor(
    private readonly heads: StoreHeads,
    private readonly readModels: ReadModelDatabase,
    private readonly clock: Clock,
  ) {}

  private thisTurn: Promise<PageBasis> | null = null;

  /**
   * Read once per turn of the event loop: every request handled in a turn arrived before the
   * turn began, so a basis read during it is at least as recent as each of them, and a busy
   * site does not read the store's head and the checkpoints once per request.
   */
  current(): Promise<PageBasis> {
    if (!this.thisTurn) {
      this.thisTurn = this.read();
      setImmediate(() => (this.thisTurn = null));
    }
    return this.thisTurn;
  }

  private async read(): Promise<PageBasis> {
    const [head, readModels] = await Promise.all([
      this.heads.current(),
      this.readModels.checkpoints(),
    ]);
    return { head, readModels, today: isoDate(this.clock.now()) };
  }
}

/** Headers every page of the site carries (the 404 page too). */
export function setPageHeaders(
  reply: FastifyReply,
  request: FastifyRequest,
  settings: SiteSettings,
): void {
  void reply.header('content-security-policy', settings.contentSecurityPolicy);
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('referrer-policy', 'strict-origin-when-cross-origin');
  void reply.header('x-frame-options', 'DENY');
  reply.locals = {
    ...reply.locals,
    canonicalUrl: settings.absoluteUrl(request, request.url),
  };
}

/**
 * Serves a public page or download: open to anyone, with the site's headers, and validators
 * (ETag, Last-Modified) tied to what it is built from and its URL, answering 304 to a request
 * whose If-None-Match names the current ETag, and a page already built for that ETag, without
 * running the handler.
 */
@Injectable()
export class PublicPageInterceptor implements NestInterceptor {
  constructor(
    private readonly settings: SiteSettings,
    private readonly bases: PageBases,
    private readonly built: BuiltPages,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    setPageHeaders(reply, request, this.settings);
    const { etag, lastModified } = validatorsOf(
      await this.bases.current(),
      request.url,
      this.settings.version,
    );
    void reply.header('etag', etag);
    if (lastModified) void reply.header('last-modified', lastModified);
    // Kept by browsers and caches, but checked with the server on every use.
    void reply.header('cache-control', 'no-cache');
    if (isNotModified(request.headers['if-none-match'], etag)) {
      void reply.code(304).send();
      return of(undefined);
    }
    const key = `${etag} ${this.settings.absoluteUrl(request, '')}`;
    const page = this.built.get(key);
    if (page) {
      void reply.type(page.type).send(page.body);
      return of(undefined);
    }
    this.built.expect(request, key);
    return next.handle();
  }
}

/**
 * A download's or a feed's answer to dates it cannot read: 400 with the problems in words (a
 * page shows them in its error summary instead); null when there are none.
 */
export function refuseDateProblems(reply: FastifyReply, asOf: AsOf): FastifyReply | null {
  if (asOf.problems.length === 0) return null;
  return reply
    .code(400)
    .type('text/plain; charset=utf-8')
    .send(asOf.problems.map((problem) => problem.text).join('\n'));
}

/**
 * A route of the public site (a page or a download). The handler takes `@Res()` and answers
 * with `reply.view(template, model)` or `reply.send(...)`.
 */
export const PublicPage = (): MethodDecorator & ClassDecorator =>
  applyDecorators(Public(), UseInterceptors(PublicPageInterceptor));
