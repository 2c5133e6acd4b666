import { TextDecoder } from 'util';
import { InvalidInputError } from '@app/kernel';

/** The file cannot be read on (bad encoding, broken quoting, overlong row): nothing after it is. */
export class CsvFileError extends InvalidInputError {
  constructor(
    readonly line: number,
    rule: string,
    message: string,
    /** The header's name of the column it is in, when known. */
    readonly column: string | null = null,
  ) {
    super('file', rule, message);
  }
}

/** Excel's own name for the format to choose in "Save as". */
export const SAVE_AS_CSV_UTF8 = 'save the file as CSV UTF-8 (comma delimited)';

/**
 * The file's text, chunk by chunk. UTF-8, with or without a byte order mark, or UTF-16 with
 * one (LE or BE); the byte order mark is dropped. Bytes that are not valid in the encoding
 * refuse the file, naming the line and character of the first, never becoming U+FFFD: a file
 * saved as Windows-1252 ("CSV (comma delimited)" in Excel) would otherwise lose its £, € and é.
 */
export async function* csvText(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let start = Buffer.alloc(0);
  let reader: TextReader | null = null;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!reader) {
      // The byte order mark is up to 3 bytes: wait for them before choosing the encoding.
      start = Buffer.concat([start, bytes]);
      if (start.length < 3) continue;
      reader = new TextReader(start);
      yield reader.read(start);
    } else {
      yield reader.read(bytes);
    }
  }
  if (!reader) {
    reader = new TextReader(start);
    yield reader.read(start);
  }
  yield reader.end();
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const encodingOf = (bytes: Buffer): Encoding =>
  bytes[0] === 0xff && bytes[1] === 0xfe
    ? 'utf-16le'
    : bytes[0] === 0xfe && bytes[1] === 0xff
      ? 'utf-16be'
      : 'utf-8';

/**
 * Decodes with TextDecoder (fatal: invalid bytes throw) and, for UTF-8, keeps the bytes of the
 * line being read (after the last line feed) so that a refusal can say where the bad byte is.
 */
class TextReader {
  readonly encoding: Encoding;
  private readonly decoder: TextDecoder;
  /** The line the kept bytes start on, and those bytes (UTF-8 only: 0x0A is always a line feed). */
  private line = 1;
  private lineBytes = Buffer.alloc(0);

  constructor(start: Buffer) {
    this.encoding = encodingOf(start);
    this.decoder = new TextDecoder(this.encoding, { fatal: true });
  }

  read(bytes: Buffer): string {
    const text = this.decode(bytes, true);
    if (this.encoding === 'utf-8') this.follow(bytes);
    return text;
  }

  end(): string {
    return this.decode(Buffer.alloc(0), false);
  }

  private decode(bytes: Buffer, stream: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream });
    } catch {
      throw this.encoding === 'utf-8'
        ? this.notUtf8(Buffer.concat([this.lineBytes, bytes]))
        : new CsvFileError(
            this.line,
            'encoding',
            `The file starts as UTF-16 (it has a UTF-16 byte order mark) but is not valid UTF-16; ${SAVE_AS_CSV_UTF8} and import it again`,
          );
    }
  }

  private follow(bytes: Buffer): void {
    const lastFeed = bytes.lastIndexOf(0x0a);
    if (lastFeed < 0) {
      this.lineBytes = Buffer.concat([this.lineBytes, bytes]);
      return;
    }
    for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) this.line++;
    this.lineBytes = Buffer.from(bytes.subarray(lastFeed + 1));
  }

  /** Where in `bytes` (starting a line) the first invalid byte is, as a refusal. */
  private notUtf8(bytes: Buffer): CsvFileError {
    // The longest valid start: decoding a prefix fails once it holds the first bad byte.
    const fails = (length: number): boolean => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), {
          stream: true,
        });
        return false;
      } catch {
        return true;
      }
    };
    let [low, high] = [0, bytes.length];
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (fails(middle + 1)) high = middle;
      else low = middle + 1;
    }
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, low), { stream: true });
    const lines = before.split('\n');
    const line = this.line + lines.length - 1;
    const character = [...lines[lines.length - 1]].length + 1;
    const bad = bytes[Buffer.byteLength(before)] ?? bytes[bytes.length - 1];
    return new CsvFileError(
      line,
      'encoding',
      `The file is not UTF-8: line ${line}, character ${character} has the byte 0x${bad.toString(16).toUpperCase().padStart(2, '0')}, as a file saved in another encoding (such as Windows-1252) would; ${SAVE_AS_CSV_UTF8} and import it again`,
    );
  }
}
