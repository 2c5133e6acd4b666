import { hexGrid, hexMapSvg, hexSwatchSvg, shippedHexJson, type HexJson } from './hex-map';

const look = { label: 'Enrolled', short: 'E', fill: '#5694ca', ink: '#0b0c0c', stroke: '#ffffff' };
const twoRows = (layout: HexJson['layout']): HexJson => ({
  layout,
  hexes: {
    A: { n: 'A', q: 0, r: 0, region: 'R' },
    B: { n: 'B', q: 0, r: 1, region: 'R' },
    C: { n: 'C', q: 1, r: 0, region: 'R' },
  },
});
const at = (grid: ReturnType<typeof hexGrid>, code: string) =>
  grid.cells.find((cell) => cell.code === code)!;

describe('hexGrid', () => {
  const width = Math.sqrt(3) * 10;

  it('shifts odd rows right by half a cell in an odd-r layout, and draws row 0 at the bottom', () => {
    const grid = hexGrid(twoRows('odd-r'), 10, 0);
    expect(at(grid, 'B').x - at(grid, 'A').x).toBeCloseTo(width / 2);
    expect(at(grid, 'C').x - at(grid, 'A').x).toBeCloseTo(width);
    expect(at(grid, 'A').y - at(grid, 'B').y).toBeCloseTo(15);
    expect(at(grid, 'B').y).toBeCloseTo(10);
  });

  it('shifts even rows instead in an even-r layout', () => {
    const grid = hexGrid(twoRows('even-r'), 10, 0);
    expect(at(grid, 'A').x - at(grid, 'B').x).toBeCloseTo(width / 2);
  });

  it('lays out the 153 shipped areas inside the map, no two in the same place', () => {
    const grid = hexGrid(shippedHexJson());
    expect(grid.cells).toHaveLength(153);
    expect(new Set(grid.cells.map((c) => `${c.x.toFixed(1)},${c.y.toFixed(1)}`)).size).toBe(153);
    for (const cell of grid.cells) {
      expect(cell.x - grid.radius).toBeGreaterThanOrEqual(0);
      expect(cell.x + grid.radius).toBeLessThanOrEqual(grid.width);
      expect(cell.y - grid.radius).toBeGreaterThanOrEqual(0);
      expect(cell.y + grid.radius).toBeLessThanOrEqual(grid.height);
    }
    expect(at(grid, 'E09000022')).toMatchObject({ name: 'Lambeth', regionCode: 'E12000007' });
  });
});

describe('hexMapSvg', () => {
  const grid = hexGrid(twoRows('odd-r'));

  it('draws one linked hexagon per area, with its tooltip and letter', () => {
    const svg = hexMapSvg(grid, (cell) => ({
      look,
      title: `${cell.name}: enrolled`,
      href: `/areas/${cell.code}`,
    }));
    expect(svg.match(/<polygon /g)).toHaveLength(3);
    expect(svg).toContain(
      '<a href="/areas/B" tabindex="-1" data-area-code="B" data-area-name="B"><title>B: enrolled</title><polygon points=',
    );
    expect(svg.match(/<text [^>]*fill="#0b0c0c"[^>]*>E<\/text>/g)).toHaveLength(3);
    expect(svg).toMatch(/^<svg [^>]*aria-hidden="true" focusable="false">/);
  });

  it('escapes titles and links', () => {
    const svg = hexMapSvg(grid, () => ({
      look: { ...look, short: '' },
      title: 'Brighton & Hove <script>',
      href: '/a?validAt=2024-01-01&x="y"',
    }));
    expect(svg).toContain('<title>Brighton &amp; Hove &lt;script&gt;</title>');
    expect(svg).toContain('href="/a?validAt=2024-01-01&amp;x=&quot;y&quot;"');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<text');
  });
});

describe('hexSwatchSvg', () => {
  it("draws the key's hexagon as the map does, hidden from assistive technology", () => {
    expect(hexSwatchSvg(look)).toMatch(
      /^<svg [^>]*aria-hidden="true"[^>]*><polygon [^>]*fill="#5694ca"[^>]*\/><text [^>]*>E<\/text><\/svg>$/,
    );
  });
});
