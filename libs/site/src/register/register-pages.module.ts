import { Module } from '@nestjs/common';
import { RegisterController } from './register.controller';

/** The register's pages. Its queries come from the recommendations context (via CoreModule). */
@Module({ controllers: [RegisterController] })
export class RegisterPagesModule {}
