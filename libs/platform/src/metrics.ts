import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a cached read (a millisecond) to a large import (tens of seconds). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Appends per commit: one alone on a quiet server, up to the group commit's limit under load. */
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export const IMPORT_ROW_OUTCOMES = ['checked', 'refused', 'recorded', 'unchanged'] as const;
export const VERIFICATION_RESULTS = ['intact', 'problems', 'failed'] as const;

/**
 * The process's Prometheus metrics, in a registry of its own (one per app, so two apps in one
 * process, as in tests, never share counts). Every label takes values from a bounded set: route
 * patterns, status codes, schema fields, fixed outcomes; never a string a client chose.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'tracker_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route pattern and status code, and their duration',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlOperations = new Histogram({
    name: 'tracker_graphql_operation_duration_seconds',
    help: 'GraphQL operations over HTTP, by type, root field and outcome (ok, or error when the answer has errors), and their duration',
    labelNames: ['type', 'operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'tracker_events_appended_total',
    help: 'Events stored by appends of this process',
    registers: [this.registry],
  });

  readonly commitBatchSize = new Histogram({
    name: 'tracker_commit_batch_size',
    help: 'Appends stored together in one commit (group commit)',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });

  readonly projectionLag = new Gauge({
    name: 'tracker_projection_lag_events',
    help: 'Events stored but not yet applied by each projection, counted up to 1000 (read when scraped)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly liveSubscriptions = new Gauge({
    name: 'tracker_live_subscriptions',
    help: 'GraphQL subscriptions running on this process (read when scraped)',
    registers: [this.registry],
  });

  readonly importRows = new Counter({
    name: 'tracker_import_rows_total',
    help: 'Rows of imports (milestones, register) read, by outcome: recorded, unchanged, refused (the import had errors: nothing written), checked (dry run)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly auditVerifications = new Counter({
    name: 'tracker_audit_verifications_total',
    help: 'Verifications of the audit trail run, by result: intact, problems found, or failed (stopped or not finished)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Every outcome shown from the start, at 0, so a rate over the first one is right.
    for (const outcome of IMPORT_ROW_OUTCOMES) this.importRows.inc({ outcome }, 0);
    for (const result of VERIFICATION_RESULTS) this.auditVerifications.inc({ result }, 0);
  }

  /** A commit of the event store: its appends and their events. */
  committed({ appends, events }: { appends: number; events: number }): void {
    if (appends === 0) return;
    this.commitBatchSize.observe(appends);
    this.eventsAppended.inc(events);
  }
}
