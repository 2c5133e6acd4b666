import { Global, Module } from '@nestjs/common';
import { LocalAuthorityRegister } from './local-authorities';

@Global()
@Module({
  providers: [
    { provide: LocalAuthorityRegister, useFactory: () => LocalAuthorityRegister.shipped() },
  ],
  exports: [LocalAuthorityRegister],
})
export class AreasModule {}
