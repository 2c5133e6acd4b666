import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'stream';
import { LocalAuthorityRegister } from '@app/areas';
import { FundingQueries } from '@app/funding';
import { CURRENT } from '@app/kernel';
import { PublicPage } from '../layout/public-page';
import { FundingPages } from './funding-pages';
import {
  allocationTable,
  FUNDING_CSV,
  FUNDING_PATH,
  fundingCsvLines,
  NEW_ALLOCATION_PATH,
  regionTable,
} from './funding-view';

/**
 * `/funding`: grants summed by region and programme, each region's grants, and the table as a
 * CSV file. Published grant determinations are public, so these pages are too. They show the
 * grants recorded now (the read model keeps no earlier state).
 */
@Controller('funding')
export class FundingPagesController {
  constructor(
    private readonly queries: FundingQueries,
    private readonly pages: FundingPages,
    private readonly areas: LocalAuthorityRegister,
  ) {}

  @Get()
  @PublicPage()
  async byRegion(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const names = await this.pages.programmeNames(CURRENT);
    return reply.view('funding/index.njk', {
      table: regionTable(await this.queries.byRegion(), names, ''),
      csvHref: `${FUNDING_PATH}/${FUNDING_CSV}`,
      newAllocationHref: NEW_ALLOCATION_PATH,
    });
  }

  @Get(FUNDING_CSV)
  @PublicPage()
  async csv(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const names = await this.pages.programmeNames(CURRENT);
    const funding = await this.queries.byRegion();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${FUNDING_CSV}"`)
      .send(Readable.from(fundingCsvLines(funding, names)));
  }

  @Get('regions/:regionCode')
  @PublicPage()
  async region(
    @Param('regionCode') regionCode: string,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const region = this.areas.regions.find((candidate) => candidate.regionCode === regionCode);
    if (!region) throw new NotFoundException();
    const allocations = await this.queries.allocations({ region: regionCode });
    // By area, then programme and period: a council's grants together.
    const byArea = [...allocations].sort(
      (a, b) =>
        a.areaName.localeCompare(b.areaName, 'en-GB') ||
        a.programmeId.localeCompare(b.programmeId) ||
        a.periodStart.localeCompare(b.periodStart),
    );
    return reply.view('funding/region.njk', {
      region,
      table: allocationTable(byArea, await this.pages.programmeNames(CURRENT), ''),
    });
  }
}
