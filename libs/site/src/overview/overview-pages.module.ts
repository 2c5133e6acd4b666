import { Module } from '@nestjs/common';
import { ProgrammePagesModule } from '../programmes/programme-pages.module';
import { PublicViewModule } from '../public-view/public-view.module';
import { OverviewController } from './overview.controller';
import { SignedInProgrammesController } from './signed-in-programmes.controller';

/** The signed-in overview and programme pages: they read what the public pages read, and more. */
@Module({
  imports: [ProgrammePagesModule, PublicViewModule],
  controllers: [OverviewController, SignedInProgrammesController],
})
export class OverviewPagesModule {}
