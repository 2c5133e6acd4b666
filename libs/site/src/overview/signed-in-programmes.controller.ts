import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@app/access';
import { mayRecordFunding } from '@app/funding';
import { Actor, historyScopeOf } from '@app/kernel';
import { ProgrammePages } from '../programmes/programme-pages';
import { READERS } from '../signed-in/signed-in-actor';
import { SignedInPage } from '../signed-in/signed-in-page';
import { signedInAudience } from './programme-pages.view';

type PageQuery = Record<string, unknown>;

/**
 * The programme pages as the board, admins and auditors see them: the public pages' content,
 * with each area's status commentary and who did what, by name.
 */
@Controller('overview/programmes')
export class SignedInProgrammesController {
  constructor(private readonly pages: ProgrammePages) {}

  @Get()
  @SignedInPage(...READERS)
  programmes(
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.list(reply, query, signedInAudience(historyScopeOf(actor)));
  }

  @Get(':id')
  @SignedInPage(...READERS)
  programme(
    @Param('id') id: string,
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return this.pages.programme(reply, id, query, signedInAudience(historyScopeOf(actor)));
  }

  @Get(':id/areas/:areaCode')
  @SignedInPage(...READERS)
  area(
    @Param('id') id: string,
    @Param('areaCode') areaCode: string,
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const audience = signedInAudience(historyScopeOf(actor), mayRecordFunding(actor));
    return this.pages.area(reply, id, areaCode, query, audience);
  }
}
