import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { WebSessions } from '@app/access';
import { openWebSessions, TRACKER_CONFIG, TrackerConfig } from '@app/core';
import { SignInController } from './sign-in.controller';
import { CsrfGuard, SignedInPageFilter, SignedInPageInterceptor } from './signed-in-page';

/** Closes the sessions' database when the app stops. */
class WebSessionsCloser implements OnApplicationShutdown {
  constructor(@Inject(WebSessions) private readonly sessions: WebSessions) {}

  async onApplicationShutdown(): Promise<void> {
    await this.sessions.close();
  }
}

/**
 * Signing in and out, the sessions (where the tokens are kept), and what every signed-in page
 * uses: its interceptor, CSRF guard and filter.
 */
@Module({
  controllers: [SignInController],
  providers: [
    {
      provide: WebSessions,
      useFactory: (config: TrackerConfig) => openWebSessions(config),
      inject: [TRACKER_CONFIG],
    },
    WebSessionsCloser,
    SignedInPageInterceptor,
    CsrfGuard,
    SignedInPageFilter,
  ],
  exports: [WebSessions],
})
export class SignedInPagesModule {}
