import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('encodes the same whatever order the keys were written in', () => {
    const one = { actor: { id: 'a', role: 'ADMIN' }, reason: null, evidence: ['x'] };
    const other = { evidence: ['x'], reason: null, actor: { role: 'ADMIN', id: 'a' } };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '😀': 4, '\uffff': 5, '': 6 })).toBe(
      '{"":6,"Z":3,"z":2,"é":1,"😀":4,"\uffff":5}',
    );
  });

  it('encodes a value as it reads back from JSON.stringify', () => {
    const value = {
      when: new Date('2024-01-02T03:04:05.678Z'),
      missing: undefined,
      fn: () => 1,
      list: [undefined, NaN, Infinity, -0, 1e21, 0.1 + 0.2, () => 2],
      text: 'Café – “quotes” 👩‍👧 \u0000 \n end',
      nested: { empty: {}, none: [] },
    };
    const roundTripped: unknown = JSON.parse(JSON.stringify(value));
    expect(canonicalJson(value)).toBe(canonicalJson(roundTripped));
    expect(JSON.parse(canonicalJson(value))).toEqual(roundTripped);
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
