import { closeReason, endedBy, judgeMessage, ProtocolState } from './live-protocol';

const state = (over: Partial<ProtocolState> = {}): ProtocolState => ({
  protocol: 'graphql-transport-ws',
  initialised: true,
  acknowledged: true,
  operations: new Set(['1']),
  ...over,
});
const subscribe = (id: string): string =>
  JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { a }' } });

describe('the graphql-transport-ws rules', () => {
  it('accepts what a client may send when it may send it', () => {
    for (const data of [
      subscribe('2'),
      '{"type":"ping"}',
      '{"type":"pong"}',
      '{"id":"1","type":"complete"}',
    ]) {
      expect(judgeMessage(state(), data)).toEqual({ accept: JSON.parse(data) });
    }
    expect(
      judgeMessage(
        state({ initialised: false, acknowledged: false }),
        '{"type":"connection_init"}',
      ),
    ).toEqual({
      accept: { type: 'connection_init' },
    });
  });

  it('refuses the rest with the close code the protocol gives it', () => {
    const refusal = (over: Partial<ProtocolState>, data: string) => {
      const judgement = judgeMessage(state(over), data);
      return 'refuse' in judgement ? [judgement.refuse, judgement.reason] : judgement;
    };
    expect(refusal({}, subscribe('1'))).toEqual([4409, 'Subscriber for 1 already exists']);
    expect(refusal({ acknowledged: false }, subscribe('2'))).toEqual([4401, 'Unauthorized']);
    expect(refusal({}, '{"type":"connection_init"}')).toEqual([
      4429,
      'Too many initialisation requests',
    ]);
    expect(refusal({}, '{"type":"connection_ack"}')).toEqual([
      4400,
      'Unexpected message of type connection_ack from a client',
    ]);
    expect(refusal({}, '{"id":"2","type":"subscribe","payload":{}}')).toEqual([
      4400,
      `"subscribe" message payload expects the 'query' property to be a string, but got undefined`,
    ]);
    expect(refusal({}, 'hello')).toEqual([4400, expect.stringContaining('JSON')]);
  });

  it('in the legacy graphql-ws subprotocol, refuses only an id in use and leaves the rest to Mercurius', () => {
    const legacy = state({ protocol: 'graphql-ws', acknowledged: false });
    const start = (id: string) =>
      JSON.stringify({ id, type: 'start', payload: { query: '{ a }' } });
    expect(judgeMessage(legacy, start('1'))).toEqual({
      refuse: 4409,
      reason: 'Subscriber for 1 already exists',
    });
    expect(judgeMessage(legacy, start('2'))).toEqual({ accept: JSON.parse(start('2')) });
    expect(judgeMessage(legacy, 'hello')).toEqual({ accept: null });
  });

  it('finds the operation the server ends in its complete or error only', () => {
    expect(endedBy('{"type":"complete","id":"1"}')).toBe('1');
    expect(endedBy('{"type":"error","id":"2","payload":[]}')).toBe('2');
    expect(
      endedBy('{"type":"next","id":"3","payload":{"data":{"a":{"type":"error"}}}}'),
    ).toBeUndefined();
    expect(
      endedBy('{"type":"next","id":"3","payload":{"data":{"type":"complete"}}}'),
    ).toBeUndefined();
    expect(endedBy('{"type":"connection_ack"}')).toBeUndefined();
  });

  it('keeps a close reason within the 123 bytes a WebSocket allows', () => {
    expect(closeReason('short')).toBe('short');
    const long = closeReason(`Subscriber for ${'é'.repeat(100)} already exists`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(123);
  });
});
