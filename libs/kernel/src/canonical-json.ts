/**
 * The canonical encoding hashed by tamper evidence and by command fingerprints: JSON with the keys of every object sorted
 * (by UTF-16 code units) and no whitespace, in the manner of RFC 8785 (JCS). It keeps
 * JSON.stringify's own rules for everything else (toJSON, undefined and functions left out of
 * objects and null in arrays, non-finite numbers as null, ECMAScript number and string
 * forms), so a value encodes the same before it is stored as after it is read back from its
 * JSON, whatever order an adapter keeps the keys in.
 */
export function canonicalJson(value: unknown): string {
  const encoded = encode(value, '');
  if (encoded === undefined) throw new TypeError('The value has no JSON encoding');
  return encoded;
}

// Written for speed (every append and every verification runs it once per event): string
// concatenation, and the rarer cases (toJSON, boxed primitives) checked on objects only.
function encode(value: unknown, key: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('A BigInt has no JSON encoding');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      return value === null ? 'null' : encodeObject(value, key);
  }
}

function encodeObject(value: object, key: string): string | undefined {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return encode(toJSON.call(value, key), key);
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return encode(value.valueOf(), key);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      out += `${i > 0 ? ',' : ''}${encode(value[i], String(i)) ?? 'null'}`;
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const name of keys) {
    const encoded = encode(record[name], name);
    if (encoded === undefined) continue;
    out += `${first ? '' : ','}${quotedKey(name)}${encoded}`;
    first = false;
  }
  return `${out}}`;
}

/** Events use a small vocabulary of keys: their encodings are kept (up to a bound). */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;

function quotedKey(name: string): string {
  let quoted = quotedKeys.get(name);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(name)}:`;
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(name, quoted);
  }
  return quoted;
}
