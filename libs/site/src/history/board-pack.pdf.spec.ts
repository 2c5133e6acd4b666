import type { Readable } from 'node:stream';
import { noBoardChanges, type BoardChanges } from '@app/audit';
import { boardPackPdf, PDF_ROWS_PER_SECTION, type BoardPack } from './board-pack.pdf';
import { pdfCatalog, pdfPages as pagesOf, pdfStreams } from '../../../../test/support/pdf-text';
import { changesSectionsOf, type ChangeNames } from './changes.view';

const recorded = {
  on: '2024-04-01',
  recordedAt: '2024-04-02T09:00:00.000Z',
  reason: 'Agreed by the board',
  evidence: [],
};

const NONE = noBoardChanges();

const SOME: BoardChanges = {
  ...NONE,
  stageChanges: [
    { ...recorded, recommendationId: 'CSC-1', from: 'ACCEPTED', to: 'FUNDED', skipped: [] },
  ],
  targetsMoved: [
    {
      ...recorded,
      reason: 'Building works late',
      programmeId: 'family-hubs',
      areaCode: 'E09000022',
      milestoneKey: 'hub-open',
      from: '2025-03-31',
      to: '2025-06-30',
    },
  ],
  areasWithdrawn: [
    {
      ...recorded,
      reason: 'Left the programme',
      programmeId: 'family-hubs',
      areaCode: 'E09000028',
      date: '2024-04-01',
      pilot: false,
    },
  ],
  evaluations: [
    {
      ...recorded,
      evaluationId: 'swis',
      subject: { kind: 'PROGRAMME', id: 'family-hubs' },
      publishedOn: '2023-03-30',
      evaluator: 'What Works for Children’s Social Care',
      finding: 'NO_EFFECT',
      url: 'https://example.org/swis',
      summary: 'No effect on referrals',
    },
  ],
};

const names: ChangeNames = {
  areaName: (code) => ({ E09000022: 'Lambeth', E09000028: 'Southwark' })[code],
  programmeName: (id) => (id === 'family-hubs' ? 'Family Hubs' : undefined),
  milestoneTitle: () => 'Hub open',
  recommendationTitle: (id) => (id === 'CSC-1' ? 'Stable homes' : undefined),
};

const LABEL = 'between 1 April 2024 and 30 April 2024, by the date things happened';
const packOf = (changes: BoardChanges): BoardPack => ({
  label: LABEL,
  recordedAt: '5 December 2026 at 7:30pm',
  position: 1234,
  sections: changesSectionsOf(changes, names),
});

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe('the board pack as a PDF', () => {
  it('has a title page with the dates, the position read at and the counts, then a page a section', async () => {
    const pdf = await bytesOf(boardPackPdf(packOf(SOME)));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pagesOf(pdf);
    expect(pages).toHaveLength(9);
    expect(pages[0]).toContain(`Changes ${LABEL}`);
    expect(pages[0]).toContain(
      'As recorded at 5 December 2026 at 7:30pm, at position 1234 of the history',
    );
    expect(pages[0]).toContain('Recommendations that changed stage 1');
    expect(pages[0]).toContain('Targets moved 1');
    expect(pages[0]).toContain('Government responses recorded 0');
    [
      'Recommendations that changed stage (1)',
      'Government responses recorded (0)',
      'Milestones achieved (0)',
      'Targets moved (1)',
      'Areas enrolled (0)',
      'Areas withdrawn (1)',
      'Evaluations published (1)',
    ].forEach((heading, index) =>
      expect([index, pages[index + 1]]).toEqual([index, expect.stringContaining(heading)]),
    );
    expect(pages[1]).toContain('CSC-1: Stable homes Accepted Funded None 1 April 2024');
    expect(pages[4]).toContain(
      'Family Hubs Lambeth Hub open 31 March 2025 30 June 2025 91 days later 1 April 2024 Building works late',
    );
    expect(pages[6]).toContain('Family Hubs Southwark 1 April 2024 Left the programme');
    // Paper has no links: a report's address is written out.
    expect(pages[7].replace(/ /g, '')).toContain('Theevaluation:https://example.org/swis');
    expect(pages[2]).toContain('None.');
  });

  it('numbers every page and heads each after the first with the dates and when recorded', async () => {
    const pages = await pagesOf(await bytesOf(boardPackPdf(packOf(SOME))));
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      if (index)
        expect(page).toContain(`Changes ${LABEL}, as recorded at 5 December 2026 at 7:30pm`);
    });
  });

  it('says when there were no changes between the dates', async () => {
    const pages = await pagesOf(await bytesOf(boardPackPdf(packOf(NONE))));
    expect(pages[0]).toContain('There were no changes between these dates.');
    expect(pages.slice(1).every((page) => page.includes('None.'))).toBe(true);
  });

  it('is tagged, in British English, with its title shown and its fonts embedded', async () => {
    const bytes = await bytesOf(boardPackPdf(packOf(SOME)));
    const pdf = bytes.toString('latin1');
    expect(pdf).toMatch(/^%PDF-1\.7/);
    const catalog = pdfCatalog(bytes);
    expect(catalog).toContain('/MarkInfo << /Marked true >>');
    expect(catalog).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(catalog).toContain('/Lang (en-GB)');
    expect(catalog).toContain('/ViewerPreferences << /DisplayDocTitle true >>');
    for (const type of ['H1', 'H2', 'Table', 'TR', 'TH', 'TD', 'P', 'Sect'])
      expect([type, pdf.includes(`/S /${type}\n`)]).toEqual([type, true]);
    // The running header and the page number, on each of the 9 pages: furniture, not text to read.
    const furniture = pdfStreams(bytes)
      .join('')
      .match(/\/Artifact <<\s*\/Type \/Pagination\s*>> BDC/g);
    expect(furniture).toHaveLength(9);
    expect(pdf).toContain('/FontFile2');
    expect(pdf).toContain('DejaVuSans');
    expect(pdf).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  it('repeats the headings on every page of a long table, cuts it at its bound, and takes turns while laying it out', async () => {
    const many = PDF_ROWS_PER_SECTION + 500;
    const changes: BoardChanges = {
      ...NONE,
      stageChanges: Array.from({ length: many }, (_, index) => ({
        ...recorded,
        recommendationId: `CSC-${index + 1}`,
        from: 'ACCEPTED',
        to: 'FUNDED',
        skipped: [],
      })),
    };
    let turns = 0;
    const ticking = setInterval(() => turns++, 1);
    const pdf = await bytesOf(boardPackPdf(packOf(changes)));
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(1);
    const pages = await pagesOf(pdf);
    const table = pages.slice(1, -7);
    expect(table.length).toBeGreaterThan(10);
    for (const page of table)
      expect(page).toContain('Recommendation From To Stages skipped On Why');
    expect(pages[1]).toContain(
      `The first ${PDF_ROWS_PER_SECTION.toLocaleString('en-GB')} of ${many.toLocaleString('en-GB')} are listed here.`,
    );
    const listed = table.join(' ').match(/CSC-\d+(: Stable homes)? Accepted/g) ?? [];
    expect(listed).toHaveLength(PDF_ROWS_PER_SECTION);
    expect(pages[0]).toContain(
      `Recommendations that changed stage ${many.toLocaleString('en-GB')}`,
    );
  }, 120_000);
});
