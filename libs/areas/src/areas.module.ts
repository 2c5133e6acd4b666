import { Global, Module } from '@nestjs/common';
import { LocalAuthorityResolver } from './graphql/local-authority.resolver';
import { LocalAuthorityRegister } from './local-authorities';
import { RecordAreaSuccessionHandler } from './record-area-succession/record-area-succession.handler';
import { AreaSeeder } from './seed/area-seeder';
import { AreaSuccessions } from './succession/area-successions';

/** The areas context: local authorities and their reorganisations. Expects EVENT_STORE and Clock. */
@Global()
@Module({
  providers: [
    { provide: LocalAuthorityRegister, useFactory: () => LocalAuthorityRegister.shipped() },
    AreaSuccessions,
    RecordAreaSuccessionHandler,
    LocalAuthorityResolver,
    AreaSeeder,
  ],
  exports: [LocalAuthorityRegister, AreaSuccessions, AreaSeeder],
})
export class AreasModule {}
