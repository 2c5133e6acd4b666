import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentActor, historyScopeOf, READ_ALL_ROLES } from '@app/access';
import { BoardChangesReader } from '@app/audit';
import { Actor, Clock, isoDate } from '@app/kernel';
import { RecommendationQueries } from '@app/recommendations';
import { govukDateTime } from '../layout/dates';
import { PublicHistory } from '../public-view/public-history';
import { SignedInPage } from '../signed-in/signed-in-page';
import { boardPackPdf } from './board-pack.pdf';
import { changesRequestOf, type ChangesRequest } from './changes-filter';
import { changesCsv, changesSectionsOf, type ChangeNames } from './changes.view';

type PageQuery = Record<string, unknown>;
/** The changes page once its question is answered: its sections are there. */
type Answered<Page> = Page extends { sections: null } ? never : Page;

/**
 * What changed between two dates, for the board's meetings: a page, its download and its board
 * pack (a page to print, and a PDF). For those who read the whole history (as /history), since
 * the changes say who decided and why.
 */
@Controller('changes')
export class ChangesController {
  constructor(
    private readonly reader: BoardChangesReader,
    private readonly publicHistory: PublicHistory,
    private readonly recommendations: RecommendationQueries,
    private readonly clock: Clock,
  ) {}

  @Get()
  @SignedInPage(...READ_ALL_ROLES)
  async changes(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const page = await this.pageOf(query, actor);
    return reply.code(page.problems.length ? 400 : 200).view('history/changes.njk', page);
  }

  @Get('download')
  @SignedInPage(...READ_ALL_ROLES)
  async download(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const request = changesRequestOf(query, isoDate(this.clock.now()));
    // A question with problems is shown on the page, with its error messages.
    if (!request.dates) return reply.redirect(pageAgain(query), 303);
    const { changes } = await this.reader.between(request.dates, historyScopeOf(actor));
    const [from, to] = [request.fields.from.date, request.fields.to.date];
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="changes-${from}-to-${to}.csv"`)
      .send(changesCsv(changes));
  }

  /** The changes laid out for printing (A4, a section a page): the board's papers. */
  @Get('board-pack')
  @SignedInPage(...READ_ALL_ROLES)
  async boardPack(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.sendPack(query, actor, reply, (page) => reply.view('history/board-pack.njk', page));
  }

  /** The board pack as a tagged PDF, streamed as it is laid out. */
  @Get('board-pack.pdf')
  @SignedInPage(...READ_ALL_ROLES)
  async boardPackPdf(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.sendPack(query, actor, reply, (page) => {
      const [from, to] = [page.fields.from.date, page.fields.to.date];
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="board-pack-${from}-to-${to}.pdf"`)
        .send(boardPackPdf(page));
    });
  }

  /** The board pack, sent by `send`; a question with problems goes back to the changes page. */
  private async sendPack(
    query: PageQuery,
    actor: Actor,
    reply: FastifyReply,
    send: (page: Answered<Awaited<ReturnType<ChangesController['pageOf']>>>) => FastifyReply,
  ): Promise<FastifyReply> {
    const page = await this.pageOf(query, actor);
    return page.sections ? send(page) : reply.redirect(pageAgain(query), 303);
  }

  private async pageOf(query: PageQuery, actor: Actor) {
    const now = this.clock.now();
    const request = changesRequestOf(query, isoDate(now));
    const form = { ...request, axes: axesOf(request) };
    if (!request.dates) return { ...form, sections: null };
    const { changes, position } = await this.reader.between(request.dates, historyScopeOf(actor));
    return {
      ...form,
      recordedAt: govukDateTime(now),
      position,
      sections: changesSectionsOf(changes, await this.names()),
      download: `/changes/download?${request.query}`,
      boardPack: `/changes/board-pack?${request.query}`,
      boardPackPdf: `/changes/board-pack.pdf?${request.query}`,
    };
  }

  private async names(): Promise<ChangeNames> {
    const [directory, recommendations] = await Promise.all([
      this.publicHistory.directory(),
      this.recommendations.all(),
    ]);
    const titles = new Map(recommendations.map(({ id, title }) => [id, title]));
    return { ...directory, recommendationTitle: (id) => titles.get(id) };
  }
}

const axesOf = ({ axis }: ChangesRequest) => [
  { value: 'happened', text: 'When things happened', checked: axis === 'happened' },
  { value: 'recorded', text: 'When they were recorded', checked: axis === 'recorded' },
];

/** The changes page with the same question, to show its problems. */
function pageAgain(query: PageQuery): string {
  const search = new URLSearchParams(
    Object.entries(query).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  ).toString();
  return search ? `/changes?${search}` : '/changes';
}
