import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { SignInLimits, SignInLinks, WebSessions } from '@app/access';
import {
  openSignInLimits,
  openSignInLinks,
  openWebSessions,
  TRACKER_CONFIG,
  TrackerConfig,
} from '@app/core';
import { OidcSignInController } from './oidc-sign-in.controller';
import { SignInController } from './sign-in.controller';
import { CsrfGuard, SignedInPageFilter, SignedInPageInterceptor } from './signed-in-page';
import { SingleSignOn } from './single-sign-on';

/** Closes the sessions', links' and limits' databases when the app stops. */
class SignInStoresCloser implements OnApplicationShutdown {
  constructor(
    @Inject(WebSessions) private readonly sessions: WebSessions,
    @Inject(SignInLinks) private readonly links: SignInLinks,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sessions.close();
    await this.links.close();
    await this.limits.close();
  }
}

/**
 * Signing in (by email link, or with the organisation's single sign-on) and out, the
 * sessions, sign-in links and limits (where the tokens are kept), and what every signed-in
 * page uses: its interceptor, CSRF guard and filter.
 */
@Module({
  controllers: [SignInController, OidcSignInController],
  providers: [
    {
      provide: WebSessions,
      useFactory: (config: TrackerConfig) => openWebSessions(config),
      inject: [TRACKER_CONFIG],
    },
    {
      provide: SignInLinks,
      useFactory: (config: TrackerConfig) => openSignInLinks(config),
      inject: [TRACKER_CONFIG],
    },
    {
      provide: SignInLimits,
      useFactory: (config: TrackerConfig) => openSignInLimits(config),
      inject: [TRACKER_CONFIG],
    },
    SignInStoresCloser,
    {
      provide: SingleSignOn,
      useFactory: (config: TrackerConfig) => new SingleSignOn(config.oidc),
      inject: [TRACKER_CONFIG],
    },
    SignedInPageInterceptor,
    CsrfGuard,
    SignedInPageFilter,
  ],
  exports: [WebSessions, SignInLinks, SignInLimits],
})
export class SignedInPagesModule {}
