import { Module } from '@nestjs/common';
import { KeptUploads } from './kept-uploads';
import { OfficerAreas } from './officer-areas';
import { ReportPagesController } from './report-pages.controller';
import { ReportUploadController } from './report-upload.controller';

/**
 * A local authority officer's pages: reporting milestones and statuses, and uploading them
 * from a CSV file. The commands, queries and import come from the rollout context (via
 * CoreModule); who may report is its policy's.
 */
@Module({
  controllers: [ReportPagesController, ReportUploadController],
  providers: [OfficerAreas, KeptUploads],
})
export class ReportPagesModule {}
