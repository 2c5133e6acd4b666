import { readReferenceData } from '@app/kernel';

/** A HexJSON layout (https://open-innovations.org/projects/hexmaps/hexjson): cells by area code. */
export interface HexJson {
  layout: 'odd-r' | 'even-r';
  hexes: Record<string, { n: string; q: number; r: number; region: string }>;
}

/** England's 153 upper-tier local authorities as hexagons, shipped in reference-data/. */
export const shippedHexJson = (): HexJson =>
  JSON.parse(readReferenceData('england-upper-tier-hexmap.hexjson')) as HexJson;

export interface HexCell {
  code: string;
  name: string;
  regionCode: string;
  /** Centre, in the map's own units. */
  x: number;
  y: number;
}

export interface HexGrid {
  cells: HexCell[];
  radius: number;
  width: number;
  height: number;
}

const SQRT3 = Math.sqrt(3);

/**
 * Cell centres of a pointy-topped HexJSON layout: in 'odd-r' the odd rows are shifted right by
 * half a cell, in 'even-r' the even ones. Rows count northwards, so row 0 is drawn at the bottom.
 */
export function hexGrid(hexjson: HexJson, radius = 12, padding = 4): HexGrid {
  const hexes = Object.entries(hexjson.hexes);
  const qs = hexes.map(([, hex]) => hex.q);
  const rs = hexes.map(([, hex]) => hex.r);
  const [minQ, maxQ, minR, maxR] = [
    Math.min(...qs),
    Math.max(...qs),
    Math.min(...rs),
    Math.max(...rs),
  ];
  const cellWidth = SQRT3 * radius;
  const rowHeight = 1.5 * radius;
  const shiftedParity = hexjson.layout === 'even-r' ? 0 : 1;
  const cells = hexes.map(([code, hex]) => {
    const shift = Math.abs(hex.r % 2) === shiftedParity ? cellWidth / 2 : 0;
    return {
      code,
      name: hex.n,
      regionCode: hex.region,
      x: padding + cellWidth / 2 + cellWidth * (hex.q - minQ) + shift,
      y: padding + radius + rowHeight * (maxR - hex.r),
    };
  });
  return {
    cells,
    radius,
    width: 2 * padding + cellWidth * (maxQ - minQ + 1.5),
    height: 2 * padding + 2 * radius + rowHeight * (maxR - minR),
  };
}

/**
 * How a cell is drawn: its fill, the colour of its short label and the label itself, so that
 * colour is never the only way to tell the states apart.
 */
export interface HexLook {
  label: string;
  /** One letter drawn in the cell ('' for none), named in the key. */
  short: string;
  fill: string;
  ink: string;
  /** The cell's edge: dark where the fill alone is too pale to see against the page. */
  stroke: string;
}

/** One area on the map: how it looks, its tooltip and the page it links to. */
export interface MapArea {
  look: HexLook;
  title: string;
  href: string;
}

const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const round = (n: number): string => n.toFixed(1);

/** The six corners of a pointy-topped hexagon around (x, y), as SVG points. */
export const hexPoints = (x: number, y: number, radius: number): string =>
  [-30, 30, 90, 150, 210, 270]
    .map((degrees) => (Math.PI / 180) * degrees)
    .map((angle) => `${round(x + radius * Math.cos(angle))},${round(y + radius * Math.sin(angle))}`)
    .join(' ');

/** One cell of the map: its hexagon and its letter, centred on (x, y). */
const hexCell = (x: number, y: number, radius: number, look: HexLook): string =>
  `<polygon points="${hexPoints(x, y, radius)}" fill="${look.fill}" stroke="${look.stroke}" stroke-width="1"/>` +
  (look.short
    ? `<text x="${round(x)}" y="${round(y + 3)}" fill="${look.ink}" font-size="9" font-weight="700" font-family="arial, sans-serif" text-anchor="middle">${escapeXml(look.short)}</text>`
    : '');

/** A hexagon of the key, drawn as on the map; its text beside it says what it means. */
export const hexSwatchSvg = (look: HexLook): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" class="app-hexmap__swatch" viewBox="0 0 24 26" width="24" height="26" aria-hidden="true" focusable="false">${hexCell(12, 13, 12, look)}</svg>`;

/**
 * The map as an SVG string: one linked hexagon per cell, with a tooltip (`<title>`), its short
 * label and the area's name. It is hidden from assistive technology and its links from the
 * keyboard (they would be 153 stops), because the tables beside it say the same for every area;
 * the figure's caption names it. The site's script (assets/hex-map.js) makes it one stop that
 * the arrow keys move within, with tooltips drawn from these attributes. Pure.
 */
export function hexMapSvg(grid: HexGrid, areaOf: (cell: HexCell) => MapArea): string {
  const cells = grid.cells.map((cell) => {
    const { look, title, href } = areaOf(cell);
    return (
      `<a href="${escapeXml(href)}" tabindex="-1" data-area-code="${escapeXml(cell.code)}" data-area-name="${escapeXml(cell.name)}">` +
      `<title>${escapeXml(title)}</title>${hexCell(cell.x, cell.y, grid.radius, look)}</a>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-hexmap" viewBox="0 0 ${grid.width.toFixed(0)} ${grid.height.toFixed(0)}" aria-hidden="true" focusable="false">` +
    `${cells.join('')}</svg>`
  );
}
