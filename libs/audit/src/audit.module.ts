import { Module } from '@nestjs/common';
import { BoardChangesReader } from './changes/board-changes.reader';
import { AuditExportController } from './history/audit-export.controller';
import { AuditTrailReadModel } from './history/audit-trail.read-model';
import { AuditTrailResolver } from './history/audit-trail.resolver';
import { LiveEvents } from './live/live-events';
import { LiveEventsResolver } from './live/live-events.resolver';
import { AuditSealer } from './tamper-evidence/audit-sealer';
import { AuditTrailVerifier } from './tamper-evidence/audit-trail-verifier';
import { SealScheduler } from './tamper-evidence/seal-scheduler';
import { TamperEvidenceResolver } from './tamper-evidence/tamper-evidence.resolver';

/**
 * The audit context: the full history of every stream, its tamper evidence and verification.
 * Expects from its host: EVENT_STORE (wrapped in TamperEvidentEventStore), ReadModelDatabase,
 * Clock, RUN_PROJECTIONS and SEAL_INTERVAL_SECONDS.
 */
@Module({
  controllers: [AuditExportController],
  providers: [
    AuditTrailReadModel,
    AuditTrailResolver,
    LiveEvents,
    LiveEventsResolver,
    AuditSealer,
    AuditTrailVerifier,
    SealScheduler,
    TamperEvidenceResolver,
    BoardChangesReader,
  ],
  exports: [AuditTrailReadModel, LiveEvents, AuditSealer, AuditTrailVerifier, BoardChangesReader],
})
export class AuditModule {}
