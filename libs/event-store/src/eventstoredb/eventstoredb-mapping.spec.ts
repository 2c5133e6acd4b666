import { expectedVersionHolds } from '../event-store.port';
import {
  AccessDeniedError,
  ANY,
  CancelledError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventTooLargeError, WrongExpectedVersionError } from '../errors';
import {
  clientConnectionString,
  isAfter,
  isStreamNotFound,
  isSystemEvent,
  isTransient,
  normalisedEventId,
  positionAfter,
  redactedConnectionString,
  toExpectedRevision,
  toPortAppendError,
  toPortPosition,
  versionOfRevision,
} from './eventstoredb-mapping';

/** The pure translations, checked against the client's own constants and error classes. */
describe('eventstoredb mapping', () => {
  describe('expected versions', () => {
    it('maps the named ones to the client constants', () => {
      expect(toExpectedRevision('no_stream')).toBe(NO_STREAM);
      expect(toExpectedRevision('any')).toBe(ANY);
      expect(toExpectedRevision('exists')).toBe(STREAM_EXISTS);
    });

    it('maps a count of events to the revision of the last one (version - 1)', () => {
      expect(toExpectedRevision(1)).toBe(0n);
      expect(toExpectedRevision(3)).toBe(2n);
      expect(toExpectedRevision(Number.MAX_SAFE_INTEGER)).toBe(
        BigInt(Number.MAX_SAFE_INTEGER) - 1n,
      );
    });

    it('maps version 0 to "no stream", as the port means it', () => {
      expect(toExpectedRevision(0)).toBe(NO_STREAM);
    });

    it('refuses a version no stream can be at', () => {
      for (const impossible of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => toExpectedRevision(impossible)).toThrow('whole number');
      }
    });

    it('reads a current revision back as a count of events', () => {
      expect(versionOfRevision(NO_STREAM)).toBe(0);
      expect(versionOfRevision(-1n)).toBe(0);
      expect(versionOfRevision(0n)).toBe(1);
      expect(versionOfRevision(2n)).toBe(3);
    });

    it('round-trips: the revision expected for version n reads back as n', () => {
      for (const version of [1, 2, 10, 123_456]) {
        expect(versionOfRevision(toExpectedRevision(version) as bigint)).toBe(version);
      }
    });

    it('checks a version the way the other stores do', () => {
      expect(expectedVersionHolds('any', 7)).toBe(true);
      expect(expectedVersionHolds('no_stream', 0)).toBe(true);
      expect(expectedVersionHolds('no_stream', 1)).toBe(false);
      expect(expectedVersionHolds('exists', 0)).toBe(false);
      expect(expectedVersionHolds('exists', 2)).toBe(true);
      expect(expectedVersionHolds(0, 0)).toBe(true);
      expect(expectedVersionHolds(3, 3)).toBe(true);
      expect(expectedVersionHolds(3, 4)).toBe(false);
    });
  });

  describe('positions', () => {
    it('uses the commit position as the global position', () => {
      expect(toPortPosition({ commit: 1234n, prepare: 1234n })).toBe(1234);
      expect(toPortPosition({ commit: 0n, prepare: 0n })).toBe(0);
    });

    it('stays exact up to 2^53 - 1 and refuses to round beyond', () => {
      const max = BigInt(Number.MAX_SAFE_INTEGER);
      expect(toPortPosition({ commit: max, prepare: max })).toBe(Number.MAX_SAFE_INTEGER);
      expect(() => toPortPosition({ commit: max + 1n, prepare: max + 1n })).toThrow('2^53');
    });

    it('resumes after a position from the event there, which the reader then drops', () => {
      const from = positionAfter(98_765);
      expect(from).toEqual({ commit: 98_765n, prepare: 98_765n });
      expect(toPortPosition(from)).toBe(98_765);
      expect(isAfter({ commit: 98_765n, prepare: 98_765n }, from)).toBe(false);
      expect(isAfter({ commit: 98_900n, prepare: 98_900n }, from)).toBe(true);
      expect(() => positionAfter(-1)).toThrow();
      expect(() => positionAfter(0.5)).toThrow();
    });

    it('orders whole positions by commit, then prepare', () => {
      const at = (commit: bigint, prepare: bigint) => ({ commit, prepare });
      expect(isAfter(at(10n, 10n), null)).toBe(true);
      expect(isAfter(at(11n, 0n), at(10n, 10n))).toBe(true);
      expect(isAfter(at(10n, 12n), at(10n, 11n))).toBe(true);
      expect(isAfter(at(10n, 11n), at(10n, 11n))).toBe(false);
      expect(isAfter(at(9n, 50n), at(10n, 0n))).toBe(false);
    });
  });

  describe('errors', () => {
    const append = { streamId: 'recommendation-X', expectedVersion: 3, sizeBytes: 2048 };

    it('maps a wrong expected version to the port error with the actual version', () => {
      const esdb = new EsdbWrongExpectedVersionError(undefined, {
        streamName: 'ns-recommendation-X',
        expected: 2n,
        current: 4n,
      });
      const mapped = toPortAppendError(esdb, append);
      expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
      expect(mapped).toMatchObject({
        streamId: 'recommendation-X',
        expectedVersion: 3,
        actualVersion: 5,
        code: 'VERSION_CONFLICT',
      });
    });

    it('reports a missing stream as version 0', () => {
      const esdb = new EsdbWrongExpectedVersionError(undefined, {
        streamName: 'x',
        expected: STREAM_EXISTS,
        current: NO_STREAM,
      });
      expect(toPortAppendError(esdb, { ...append, expectedVersion: 'exists' })).toMatchObject({
        expectedVersion: 'exists',
        actualVersion: 0,
      });
    });

    it("maps the server's append size limit to EventTooLargeError", () => {
      const mapped = toPortAppendError(MaxAppendSizeExceededError.fromMaxAppendSize(1024), append);
      expect(mapped).toBeInstanceOf(EventTooLargeError);
      expect(mapped).toMatchObject({
        sizeBytes: 2048,
        limitBytes: 1024,
        code: 'PAYLOAD_TOO_LARGE',
      });
    });

    it('passes any other error on unchanged', () => {
      const unavailable = new UnavailableError();
      expect(toPortAppendError(unavailable, append)).toBe(unavailable);
      const plain = new Error('boom');
      expect(toPortAppendError(plain, append)).toBe(plain);
    });

    it('recognises a missing stream and the failures worth retrying', () => {
      expect(isStreamNotFound(new StreamNotFoundError(undefined, 'x'))).toBe(true);
      expect(isStreamNotFound(new Error('x'))).toBe(false);
      expect(isTransient(new UnavailableError())).toBe(true);
      expect(isTransient(new CancelledError())).toBe(true);
      expect(isTransient(new AccessDeniedError())).toBe(false);
      expect(isTransient(new StreamNotFoundError(undefined, 'x'))).toBe(false);
      expect(isTransient('unavailable')).toBe(false);
    });
  });

  describe('names and ids', () => {
    it("tells the server's own events from the application's", () => {
      expect(isSystemEvent('$stats-127.0.0.1:2113', 'Stats')).toBe(true);
      expect(isSystemEvent('$$recommendation-X', '$metadata')).toBe(true);
      expect(isSystemEvent('recommendation-X', '$>')).toBe(true);
      expect(isSystemEvent('recommendation-X', 'RecommendationProposed')).toBe(false);
    });

    it("gives the 6.x client the esdb schemes for KurrentDB's", () => {
      expect(clientConnectionString('kurrentdb://127.0.0.1:2113?tls=false')).toBe(
        'esdb://127.0.0.1:2113?tls=false',
      );
      expect(clientConnectionString('kurrentdb+discover://a:2113,b:2113')).toBe(
        'esdb+discover://a:2113,b:2113',
      );
      expect(clientConnectionString('esdb://host:2113')).toBe('esdb://host:2113');
    });

    it('masks a password in a connection string', () => {
      expect(redactedConnectionString('esdb://admin:changeit@host:2113?tls=true')).toBe(
        'esdb://admin:***@host:2113?tls=true',
      );
      expect(redactedConnectionString('esdb://host:2113')).toBe('esdb://host:2113');
    });

    it('takes UUID event ids, in lower case as the server returns them, and refuses others', () => {
      expect(normalisedEventId('F2A7A0C4-3F43-4C1C-9B43-3C2B5C1E0001')).toBe(
        'f2a7a0c4-3f43-4c1c-9b43-3c2b5c1e0001',
      );
      expect(() => normalisedEventId('cli-1')).toThrow('UUID');
    });
  });
});
