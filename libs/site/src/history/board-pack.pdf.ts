import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { turnTaker } from '@app/kernel';
import type { Cell, ChangesSection } from './changes.view';

/** What the board pack shows: the changes' sections, and when and where they were read. */
export interface BoardPack {
  /** "between 1 March 2014 and 31 March 2014, by the date things happened". */
  label: string;
  /** When it was produced, as GOV.UK writes a date and time. */
  recordedAt: string;
  /** The store position the changes were read at. */
  position: number;
  sections: ChangesSection[];
}

/**
 * The most rows a section lists in the PDF: the pages are held until the last is laid out (so
 * that each can say "of M"), so a section is cut there; the CSV download lists every row.
 */
export const PDF_ROWS_PER_SECTION = 2000;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

// A4, with the print styles' margins (15mm, 12mm, 18mm) and room for the running header.
const MM = 72 / 25.4;
const MARGINS = { top: 22 * MM, bottom: 18 * MM, left: 12 * MM, right: 12 * MM };
const PADDING = 3;
const BODY = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';
const TABLE_SIZE = 8.5;
/** The widest a column is kept for its longest word: a long web address wraps. */
const MAX_WORD = 110;

/**
 * DejaVu Sans, embedded (PDF/UA asks for every font embedded, which the 14 standard fonts are
 * not) and subset by pdfkit: its wide coverage keeps any name or reason the users typed legible.
 */
let fonts: Record<string, Buffer> | null = null;
function fontFiles(): Record<string, Buffer> {
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  fonts ??= {
    [BODY]: readFileSync(join(dir, 'DejaVuSans.ttf')),
    [BOLD]: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const rowCount = (count: number): string => count.toLocaleString('en-GB');

/**
 * The board pack as a tagged PDF (headings, tables of header and data cells, page furniture as
 * artifacts), streamed: the document is returned at once and laid out a row at a time, taking
 * turns with other requests. A failure destroys the stream.
 */
export function boardPackPdf(pack: BoardPack): Readable {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    tagged: true,
    pdfVersion: '1.7',
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `Board pack: changes ${pack.label}`,
      Author: 'Reform Tracker',
      Subject: `Changes ${pack.label}, as recorded at ${pack.recordedAt}`,
    },
  });
  for (const [name, file] of Object.entries(fontFiles())) doc.registerFont(name, file);
  layOut(doc, pack).then(
    () => doc.end(),
    (error: Error) => doc.destroy(error),
  );
  return doc;
}

async function layOut(doc: Doc, pack: BoardPack): Promise<void> {
  const pace = turnTaker();
  const document = doc.struct('Document');
  doc.addStructure(document);
  await titlePage(doc, document, pack);
  for (const section of pack.sections) {
    doc.addPage();
    await sectionPages(doc, document, section, pace);
  }
  document.end();
  pageFurniture(doc, pack);
}

async function titlePage(doc: Doc, document: Struct, pack: BoardPack): Promise<void> {
  const width = contentWidth(doc);
  paragraph(doc, document, 'Reform Tracker board pack', { size: 14, colour: '#505a5f' });
  heading(doc, document, 'H1', `Changes ${pack.label}`, 22);
  paragraph(
    doc,
    document,
    `As recorded at ${pack.recordedAt}, at position ${pack.position} of the history: ` +
      'anything recorded after that position is not in this pack.',
  );
  heading(doc, document, 'H2', 'Summary', 16);
  await table(
    doc,
    document,
    ['What changed', 'How many'],
    pack.sections.map((section) => [
      { text: section.title },
      { text: rowCount(section.rows.length) },
    ]),
    [width * 0.75, width * 0.25],
  );
  if (pack.sections.every((section) => !section.rows.length))
    paragraph(doc, document, 'There were no changes between these dates.');
  else paragraph(doc, document, 'Each kind of change follows on its own page.');
}

async function sectionPages(
  doc: Doc,
  document: Struct,
  section: ChangesSection,
  pace: () => Promise<void>,
): Promise<void> {
  const sect = doc.struct('Sect');
  document.add(sect);
  heading(doc, sect, 'H2', `${section.title} (${rowCount(section.rows.length)})`, 16);
  if (!section.rows.length) {
    paragraph(doc, sect, 'None.');
  } else {
    const rows = section.rows.slice(0, PDF_ROWS_PER_SECTION);
    if (rows.length < section.rows.length)
      paragraph(
        doc,
        sect,
        `The first ${rowCount(rows.length)} of ${rowCount(section.rows.length)} are listed ` +
          'here. Download the changes as a CSV file for all of them.',
      );
    await table(doc, sect, section.headings, rows, columnWidths(doc, section), pace);
  }
  sect.end();
}

function paragraph(
  doc: Doc,
  parent: Struct,
  text: string,
  { size = 11, colour = '#0b0c0c' }: { size?: number; colour?: string } = {},
): void {
  parent.add(
    doc.struct('P', {}, () =>
      doc
        .font(BODY)
        .fontSize(size)
        .fillColor(colour)
        .text(text, MARGINS.left, doc.y, { width: contentWidth(doc) }),
    ),
  );
  doc.moveDown(0.6);
}

function heading(doc: Doc, parent: Struct, level: 'H1' | 'H2', text: string, size: number): void {
  parent.add(
    doc.struct(level, {}, () =>
      doc
        .font(BOLD)
        .fontSize(size)
        .fillColor('#0b0c0c')
        .text(text, MARGINS.left, doc.y, { width: contentWidth(doc) }),
    ),
  );
  doc.moveDown(0.5);
}

/**
 * A table, a row at a time: a row that would not fit starts a new page, under the headings
 * again (drawn as an artifact there, since the table's one header row is already tagged).
 */
async function table(
  doc: Doc,
  parent: Struct,
  headings: string[],
  rows: Cell[][],
  widths: number[],
  pace: () => Promise<void> = async () => {},
): Promise<void> {
  const tableStruct = doc.struct('Table');
  parent.add(tableStruct);
  const head = doc.struct('THead');
  tableStruct.add(head);
  drawRow(doc, head, headings.map(cellText), widths, { header: true });
  head.end();
  const body = doc.struct('TBody');
  tableStruct.add(body);
  for (const row of rows) {
    await pace();
    // The reader went away (the reply destroyed the stream): lay out no more.
    if (doc.destroyed) throw new Error('The board pack was no longer wanted');
    const texts = row.map(cellText);
    if (doc.y + rowHeight(doc, texts, widths, false) > pageBottom(doc)) {
      doc.addPage();
      doc.markContent('Artifact', { type: 'Pagination' });
      drawCells(doc, headings.map(cellText), widths, true);
      doc.endMarkedContent();
    }
    drawRow(doc, body, texts, widths, { header: false });
  }
  body.end();
  tableStruct.end();
  doc.x = MARGINS.left;
  doc.moveDown(1);
}

/** A cell's text; a link out of the tracker keeps its address, since paper has no links. */
function cellText(cell: Cell | string): string {
  if (typeof cell === 'string') return cell;
  return cell.href && /^https?:/.test(cell.href) ? `${cell.text}: ${cell.href}` : cell.text;
}

/** A tagged row: header cells for the header row and each row's first cell, as on the page. */
function drawRow(
  doc: Doc,
  parent: Struct,
  texts: string[],
  widths: number[],
  { header }: { header: boolean },
): void {
  const tr = doc.struct('TR');
  parent.add(tr);
  const top = doc.y;
  const height = rowHeight(doc, texts, widths, header);
  let x = MARGINS.left;
  texts.forEach((text, index) => {
    const [left, width] = [x, widths[index]];
    const th = header || index === 0;
    // pdfkit writes a header cell's scope from this option, which its typings do not list yet.
    const options = th ? ({ scope: header ? 'Column' : 'Row' } as object) : {};
    tr.add(
      doc.struct(th ? 'TH' : 'TD', options, () => cell(doc, text, left, top, width, th || header)),
    );
    x += width;
  });
  tr.end();
  ruleUnder(doc, top + height, header);
  doc.y = top + height;
}

/** The headings repeated on a continued page: not tagged, the caller marks them an artifact. */
function drawCells(doc: Doc, texts: string[], widths: number[], header: boolean): void {
  const top = doc.y;
  const height = rowHeight(doc, texts, widths, header);
  let x = MARGINS.left;
  texts.forEach((text, index) => {
    cell(doc, text, x, top, widths[index], header);
    x += widths[index];
  });
  ruleUnder(doc, top + height, header);
  doc.y = top + height;
}

function cell(doc: Doc, text: string, x: number, y: number, width: number, bold: boolean): void {
  doc
    .font(bold ? BOLD : BODY)
    .fontSize(TABLE_SIZE)
    .fillColor('#0b0c0c')
    .text(text, x + PADDING, y + PADDING, { width: width - 2 * PADDING });
}

function ruleUnder(doc: Doc, y: number, header: boolean): void {
  doc.markContent('Artifact', { type: 'Layout' });
  doc
    .moveTo(MARGINS.left, y)
    .lineTo(MARGINS.left + contentWidth(doc), y)
    .lineWidth(header ? 1 : 0.5)
    .strokeColor('#b1b4b6')
    .stroke();
  doc.endMarkedContent();
}

function rowHeight(doc: Doc, texts: string[], widths: number[], header: boolean): number {
  doc.font(header ? BOLD : BODY).fontSize(TABLE_SIZE);
  const heights = texts.map((text, index) =>
    doc.heightOfString(text, { width: widths[index] - 2 * PADDING }),
  );
  return Math.max(...heights) + 2 * PADDING;
}

/**
 * Columns at least as wide as their longest word (so that no word is broken, bar a long address),
 * the rest of the width shared as their longest lines ask, sampled from the first rows.
 */
function columnWidths(doc: Doc, section: ChangesSection): number[] {
  const sample = section.rows.slice(0, 200);
  const widest = (texts: string[], font: string, of: (text: string) => string[]): number =>
    Math.max(
      0,
      ...texts.flatMap(of).map((text) => doc.font(font).fontSize(TABLE_SIZE).widthOfString(text)),
    );
  const words = (text: string) => text.split(/\s+/);
  const columns = section.headings.map((heading, index) => {
    const texts = sample.map((row) => cellText(row[index] ?? ''));
    const bold = index === 0 ? BOLD : BODY;
    const least = Math.min(
      MAX_WORD,
      Math.max(widest([heading], BOLD, words), widest(texts, bold, words)),
    );
    const most = Math.max(
      least,
      widest([heading], BOLD, (text) => [text]),
      widest(texts, bold, (text) => [text]),
    );
    return { least: least + 2 * PADDING, most: most + 2 * PADDING };
  });
  const width = contentWidth(doc);
  const least = columns.reduce((sum, column) => sum + column.least, 0);
  if (least >= width) return columns.map((column) => (column.least * width) / least);
  const wanted = columns.reduce((sum, column) => sum + column.most - column.least, 0);
  const share = (column: (typeof columns)[number]) =>
    wanted
      ? ((column.most - column.least) * (width - least)) / wanted
      : (width - least) / columns.length;
  return columns.map((column) => column.least + share(column));
}

/**
 * The running header (the dates and when recorded, from the second page on) and "Page N of
 * M" at each foot, written once every page is laid out: artifacts, not the document's text.
 */
function pageFurniture(doc: Doc, pack: BoardPack): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const bottomMargin = doc.page.margins.bottom;
    // Writing in the margins must not start another page.
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font(BODY).fontSize(8).fillColor('#505a5f');
    if (index > start)
      doc.text(`Changes ${pack.label}, as recorded at ${pack.recordedAt}`, MARGINS.left, 12 * MM, {
        width: contentWidth(doc),
        lineBreak: false,
      });
    doc.text(`Page ${index - start + 1} of ${count}`, MARGINS.left, doc.page.height - 12 * MM, {
      width: contentWidth(doc),
      align: 'right',
      lineBreak: false,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottomMargin;
  }
}

const contentWidth = (doc: Doc): number => doc.page.width - MARGINS.left - MARGINS.right;
const pageBottom = (doc: Doc): number => doc.page.height - MARGINS.bottom;
