import { Module } from '@nestjs/common';
import { EvaluationFindings } from '../evaluations/evaluation-findings';
import { RegisterController } from './register.controller';

/** The register's pages. Its queries come from the recommendations context (via CoreModule). */
@Module({ controllers: [RegisterController], providers: [EvaluationFindings] })
export class RegisterPagesModule {}
