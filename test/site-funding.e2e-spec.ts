import { tableRows } from './support/html';
import { TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const DURHAM = 'E06000047';
const SWIS = 'social-workers-in-schools';
const SWIS_NAME = 'Social Workers in Schools (SWIS) trial';
const SOURCE = 'https://www.gov.uk/government/publications/example-grant-determination';

describe('the funding pages over HTTP', () => {
  const server = new TrackerServer('site-funding');
  const page = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { response, html: await response.text() };
  };
  const allocate = async (input: Record<string, unknown>, token: string) => {
    const answer = await server.gql(
      'mutation($input: AllocateGrantInput!) { allocateGrant(input: $input) { allocationId } }',
      {
        input: {
          programmeId: SWIS,
          periodStart: '2024-04-01',
          periodEnd: '2025-03-31',
          sourceUrl: SOURCE,
          allocatedOn: '2024-03-15',
          fundingSource: 'Department for Education',
          ...input,
        },
      },
      token,
    );
    expect(answer.errors).toBeUndefined();
  };

  beforeAll(async () => {
    await server.start();
    const admin = server.createToken('ADMIN', 'Ann Admin');
    await allocate({ areaCode: LAMBETH, amountPence: 10_000_001, grantName: 'SWIS grant' }, admin);
    await allocate(
      { areaCode: LAMBETH, amountPence: 2, periodStart: '2025-04-01', periodEnd: '2026-03-31' },
      admin,
    );
    // A council not in the trial may still be granted money for it.
    await allocate({ areaCode: DURHAM, amountPence: 999 }, admin);
  }, 120_000);
  afterAll(() => server.dispose());

  it('sums grants by region and programme to the penny, each region linking to its grants', async () => {
    const { response, html } = await page('/funding');
    expect(response.status).toBe(200);
    const rows = tableRows(html, 'funding-by-region');
    expect(rows).toHaveLength(9);
    expect(rows).toContainEqual(['London', '£100,000.03', '£100,000.03']);
    expect(rows).toContainEqual(['North East', '£9.99', '£9.99']);
    expect(rows).toContainEqual(['South West', '£0.00', '£0.00']);
    expect(html).toContain(`>${SWIS_NAME}</th>`);
    expect(html).toMatch(/England<\/th>[\s\S]*£100,010.02[\s\S]*£100,010.02/);
    expect(html).toContain('href="/funding/regions/E12000007"');
    expect(html).toContain('href="/funding/funding-by-region.csv"');
  });

  it("lists a region's grants by council with their periods and sources", async () => {
    const { response, html } = await page('/funding/regions/E12000007');
    expect(response.status).toBe(200);
    expect(tableRows(html, 'region-funding')).toEqual([
      [
        'Lambeth',
        SWIS_NAME,
        '1 April 2024 to 31 March 2025',
        '£100,000.01',
        'SWIS grant from Department for Education, allocated 15 March 2024',
      ],
      [
        'Lambeth',
        SWIS_NAME,
        '1 April 2025 to 31 March 2026',
        '£0.02',
        'Grant from Department for Education, allocated 15 March 2024',
      ],
    ]);
    expect(html).toContain(`href="${SOURCE}"`);
    expect(html).toContain(`href="/programmes/${SWIS}/areas/${LAMBETH}"`);
    expect(html).toMatch(/Total<\/th>\s*<td[^>]*>£100,000.03</);
    expect((await page('/funding/regions/E12999999')).response.status).toBe(404);
  });

  it('downloads the table as CSV, one line per region and programme', async () => {
    const { response, html: csv } = await page('/funding/funding-by-region.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('funding-by-region.csv');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'region_code,region_name,programme_id,programme_name,amount_pence,amount_gbp',
    );
    expect(lines).toHaveLength(10);
    expect(lines).toContain(`E12000007,London,${SWIS},${SWIS_NAME},10000003,100000.03`);
  });

  it("shows an area's funding on its page, enrolled or not", async () => {
    const enrolled = await page(`/programmes/${SWIS}/areas/${LAMBETH}`);
    expect(enrolled.response.status).toBe(200);
    expect(enrolled.html).toContain('<h2 class="govuk-heading-m" id="funding">Funding</h2>');
    expect(tableRows(enrolled.html, 'area-funding').map((row) => row[2])).toEqual([
      '£100,000.01',
      '£0.02',
    ]);
    expect(enrolled.html).toMatch(/Total<\/th>\s*<td[^>]*>£100,000.03</);
    const notEnrolled = await page(`/programmes/${SWIS}/areas/${DURHAM}`);
    expect(notEnrolled.html).toContain('id="not-enrolled"');
    expect(tableRows(notEnrolled.html, 'area-funding').map((row) => row[2])).toEqual(['£9.99']);
    // As things stood before the grants were allocated, the area had none.
    const before = await page(`/programmes/${SWIS}/areas/${LAMBETH}?validAt=2024-03-14`);
    expect(before.html).toContain('id="area-funding-none"');
  });
});
