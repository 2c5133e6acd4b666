import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';

/**
 * Each page's text of a PDF, as a reader's tools extract it (pdf.js, through pdf-parse, in a
 * child process: test/support/pdf-text.mjs), its white space made single spaces.
 */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const reading = promisify(execFile)(process.execPath, [join(__dirname, 'pdf-text.mjs')], {
    maxBuffer: 64 * 1024 * 1024,
  });
  reading.child.stdin!.end(pdf);
  const pages = JSON.parse((await reading).stdout) as string[];
  return pages.map((page) => page.replace(/\s+/g, ' ').trim());
}

/**
 * A PDF's catalog (its root dictionary, uncompressed as pdfkit writes it), with its mark info and
 * viewer preferences written in place of their references, its white space made single spaces.
 */
export function pdfCatalog(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const object = (ref: string): string =>
    new RegExp(`\\n${ref} 0 obj\\n<<([\\s\\S]*?)>>\\nendobj`).exec(text)?.[1].trim() ?? '';
  const catalog = /\/Type \/Catalog\n([\s\S]*?)>>\nendobj/.exec(text)?.[1] ?? '';
  return catalog
    .replace(
      /\/(MarkInfo|ViewerPreferences) (\d+) 0 R/g,
      (_, name, ref) => `/${name} << ${object(ref)} >>`,
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** The PDF's compressed streams (pages' content among them) inflated, to read their operators. */
export function pdfStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/FlateDecode[\s\S]*?>>\nstream\n/g)].map((match) => {
    const start = match.index + match[0].length;
    const end = text.indexOf('\nendstream', start);
    return inflateSync(pdf.subarray(start, end)).toString('latin1');
  });
}
