import { Module } from '@nestjs/common';
import { SecurityLogController } from './security-log.controller';

/** The pages for admins. The security log comes from CoreModule. */
@Module({ controllers: [SecurityLogController] })
export class AdminPagesModule {}
