import { Module } from '@nestjs/common';
import { EvaluationFindings } from '../evaluations/evaluation-findings';
import { KeptUploads } from '../report/kept-uploads';
import { RegisterImportPagesController } from './register-import.controller';
import { RegisterController } from './register.controller';

/**
 * The register's pages, and the board's import of sources and recommendations from files.
 * Its queries and the import come from the recommendations context (via CoreModule).
 */
@Module({
  controllers: [RegisterController, RegisterImportPagesController],
  providers: [EvaluationFindings, KeptUploads],
})
export class RegisterPagesModule {}
