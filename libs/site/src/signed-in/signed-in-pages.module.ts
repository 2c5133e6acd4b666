import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { WebSessions } from '@app/access';
import { openWebSessions, TRACKER_CONFIG, TrackerConfig } from '@app/core';
import { OidcSignInController } from './oidc-sign-in.controller';
import { SignInController } from './sign-in.controller';
import { CsrfGuard, SignedInPageFilter, SignedInPageInterceptor } from './signed-in-page';
import { SingleSignOn } from './single-sign-on';

/** Closes the sessions' database when the app stops. */
class WebSessionsCloser implements OnApplicationShutdown {
  constructor(@Inject(WebSessions) private readonly sessions: WebSessions) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sessions.close();
  }
}

/**
 * Signing in (with the organisation's single sign-on too) and out, the sessions (where the
 * tokens are kept), and what every signed-in page uses: its interceptor, CSRF guard and filter.
 */
@Module({
  controllers: [SignInController, OidcSignInController],
  providers: [
    {
      provide: WebSessions,
      useFactory: (config: TrackerConfig) => openWebSessions(config),
      inject: [TRACKER_CONFIG],
    },
    WebSessionsCloser,
    {
      provide: SingleSignOn,
      useFactory: (config: TrackerConfig) => new SingleSignOn(config.oidc),
      inject: [TRACKER_CONFIG],
    },
    SignedInPageInterceptor,
    CsrfGuard,
    SignedInPageFilter,
  ],
  exports: [WebSessions],
})
export class SignedInPagesModule {}
