import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { SecurityLog } from '@app/access';
import { Role } from '@app/kernel';
import { SignedInPage } from '../signed-in/signed-in-page';
import {
  SECURITY_LOG_PAGE_SIZE,
  securityLogPageOf,
  securityLogRequestOf,
} from './security-log.view';

/** The security log for admins: every sign-in, sign-out and refusal, newest first, by email. */
@Controller('admin/security-log')
export class SecurityLogController {
  constructor(private readonly log: SecurityLog) {}

  @Get()
  @SignedInPage(Role.ADMIN)
  async securityLog(
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const request = securityLogRequestOf(query);
    const entries = await this.log.list({
      limit: SECURITY_LOG_PAGE_SIZE,
      before: request.before,
      email: request.email || undefined,
    });
    return reply.view('admin/security-log.njk', {
      email: request.email,
      ...securityLogPageOf(request, entries),
    });
  }
}
