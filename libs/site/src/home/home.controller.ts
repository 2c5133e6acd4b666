import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RecommendationsReadModel } from '@app/recommendations';
import { RolloutReadModel } from '@app/rollout';
import { SourcesReadModel } from '@app/sources';
import { PublicPage } from '../layout/public-page';
import { SiteSettings } from '../layout/site-settings';
import { publicPagePaths, robotsTxt, sitemapXml } from './sitemap';

/** The home page, and what search engines read: the sitemap and robots.txt. */
@Controller()
export class HomeController {
  constructor(
    private readonly settings: SiteSettings,
    private readonly recommendations: RecommendationsReadModel,
    private readonly rollout: RolloutReadModel,
    private readonly sources: SourcesReadModel,
  ) {}

  @Get()
  @PublicPage()
  home(@Res() reply: FastifyReply): FastifyReply {
    return reply.view('home.njk');
  }

  @Get('sitemap.xml')
  @PublicPage()
  async sitemap(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const programmes = await Promise.all(
      (await this.rollout.listProgrammes()).map(async ({ id }) => ({
        id,
        areaCodes: (await this.rollout.rollouts(id)).map((area) => area.areaCode),
      })),
    );
    const paths = publicPagePaths({
      recommendationIds: await this.recommendations.ids(),
      sourceIds: (await this.sources.list()).map((source) => source.id),
      programmes,
    });
    return reply
      .type('application/xml; charset=utf-8')
      .send(sitemapXml(paths.map((path) => this.settings.absoluteUrl(request, path))));
  }

  @Get('robots.txt')
  @PublicPage()
  robots(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return reply
      .type('text/plain; charset=utf-8')
      .send(robotsTxt(this.settings.absoluteUrl(request, '/sitemap.xml')));
  }
}
