import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import { SEAL_STREAM } from './seal';
import { verifyAuditTrail, type AuditVerification } from './verify-audit-trail';

export interface VerifyRequest {
  /** Seal hashes published outside the store, each of which must be found intact. */
  expectSeals?: readonly string[];
  /** Problems listed in full (default 100); all are counted. */
  maxProblems?: number;
}

/** Events read per page: verification holds one page and one head per stream, never the store. */
const PAGE = 1000;

/**
 * Verifies the store's tamper evidence (see verifyAuditTrail) up to the head it finds when it
 * starts. A verification reads every event, so requests made while one is running share it.
 */
@Injectable()
export class AuditTrailVerifier {
  private readonly running = new Map<string, Promise<AuditVerification>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  verify(request: VerifyRequest = {}): Promise<AuditVerification> {
    const key = JSON.stringify([[...(request.expectSeals ?? [])].sort(), request.maxProblems]);
    let verification = this.running.get(key);
    if (!verification) {
      verification = this.run(request).finally(() => this.running.delete(key));
      this.running.set(key, verification);
    }
    return verification;
  }

  private async run(request: VerifyRequest): Promise<AuditVerification> {
    // Read before the head: a seal is recorded only once stored, so every seal recorded is
    // then at or below the head.
    const sealRecord = (await this.store.readSealRecord?.()) ?? [];
    const head = await this.store.headPosition();
    return verifyAuditTrail(this.events(head), this.seals(head), {
      expectSeals: request.expectSeals,
      maxProblems: request.maxProblems,
      checkedUpTo: head,
      sealRecord,
    });
  }

  /** The events up to `upTo`, a page at a time. */
  private async *events(upTo: number): AsyncGenerator<RecordedEvent[]> {
    for (let after = 0; after < upTo;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      const within = page.filter((event) => event.position <= upTo);
      if (within.length > 0) yield within;
      if (within.length < PAGE) return;
      after = page[page.length - 1].position;
      // A page's reads may all resolve at once: let the server answer other requests meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async *seals(upTo: number): AsyncGenerator<RecordedEvent> {
    for (let from = 1; ;) {
      const page = await this.store.readStream(SEAL_STREAM, { fromVersion: from, maxCount: PAGE });
      for (const event of page) {
        if (event.position > upTo) return;
        yield event;
      }
      if (page.length < PAGE) return;
      from = page[page.length - 1].version + 1;
    }
  }
}
