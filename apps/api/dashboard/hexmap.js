// England's local authorities as a hexagon map (HexJSON), drawn as SVG: one polygon per area,
// pointy-topped, and each region's outer edges drawn over the cells.
import { s } from './dom.js';

const SQRT3 = Math.sqrt(3);

/**
 * Cell centres of a HexJSON layout ('odd-r' or 'even-r': those rows are shifted right by half a
 * cell). Rows count northwards, as in Open Innovations' maps, so row 0 is drawn at the bottom.
 * Each cell also gets lattice coordinates (col counts half cells, row counts rows from the top)
 * in which its six neighbours are fixed offsets.
 */
export function layoutHexes(hexjson, radius = 12, padding = 4) {
  const width = SQRT3 * radius;
  const rowHeight = 1.5 * radius;
  const shiftedParity = hexjson.layout === 'even-r' ? 0 : 1;
  const entries = Object.entries(hexjson.hexes);
  const qs = entries.map(([, hex]) => hex.q);
  const rs = entries.map(([, hex]) => hex.r);
  const [minQ, maxQ, minR, maxR] = [
    Math.min(...qs),
    Math.max(...qs),
    Math.min(...rs),
    Math.max(...rs),
  ];
  const cells = entries.map(([code, hex]) => {
    const shifted = ((hex.r % 2) + 2) % 2 === shiftedParity ? 1 : 0;
    const col = 2 * (hex.q - minQ) + shifted;
    const row = maxR - hex.r;
    return {
      code,
      name: hex.n,
      region: hex.region,
      col,
      row,
      x: padding + (width / 2) * (col + 1),
      y: padding + radius + rowHeight * row,
    };
  });
  return {
    cells,
    radius,
    width: 2 * padding + width * (maxQ - minQ + 1.5),
    height: 2 * padding + 2 * radius + rowHeight * (maxR - minR),
  };
}

/** The six corners of a pointy-topped hexagon, clockwise from the upper right. */
export function corners(cell, radius) {
  return [-30, 30, 90, 150, 210, 270].map((degrees) => {
    const angle = (Math.PI / 180) * degrees;
    return [cell.x + radius * Math.cos(angle), cell.y + radius * Math.sin(angle)];
  });
}

/** The neighbour across edge i (corner i to corner i+1), as a lattice offset. */
const NEIGHBOUR_OFFSETS = [
  [2, 0],
  [1, 1],
  [-1, 1],
  [-2, 0],
  [-1, -1],
  [1, -1],
];

/**
 * Each region's outline: the edges of its cells that no cell of the same region shares, as
 * one SVG path per region.
 */
export function regionOutlines(layout) {
  const at = new Map(layout.cells.map((cell) => [`${cell.col}:${cell.row}`, cell]));
  const paths = new Map();
  for (const cell of layout.cells) {
    const points = corners(cell, layout.radius);
    NEIGHBOUR_OFFSETS.forEach(([dc, dr], i) => {
      const neighbour = at.get(`${cell.col + dc}:${cell.row + dr}`);
      if (neighbour?.region === cell.region) return;
      const [a, b] = [points[i], points[(i + 1) % 6]];
      const d = `M${a[0].toFixed(1)} ${a[1].toFixed(1)}L${b[0].toFixed(1)} ${b[1].toFixed(1)}`;
      paths.set(cell.region, (paths.get(cell.region) ?? '') + d);
    });
  }
  return paths;
}

/**
 * The map as an SVG element. `describe(cell)` gives each cell's { fill, ink, short, text }:
 * its colour, the colour of its short label, the short label (or '') and its text alternative.
 * Cells outside `region` (when given) are dimmed and hidden from assistive technology.
 */
export function hexMap({ layout, describe, region, label, onSelect }) {
  const cells = [];
  const labels = [];
  for (const cell of layout.cells) {
    const info = describe(cell);
    const dimmed = region && cell.region !== region;
    const points = corners(cell, layout.radius)
      .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
      .join(' ');
    cells.push(
      s(
        'polygon',
        {
          class: `app-hex${info.outlined ? ' app-hex--outlined' : ''}${dimmed ? ' app-hex--dimmed' : ''}`,
          points,
          fill: info.fill,
          'data-area-code': cell.code,
          'data-region': cell.region,
          role: 'img',
          'aria-label': info.text,
          'aria-hidden': dimmed ? 'true' : null,
          onclick: onSelect ? () => onSelect(cell.code) : null,
        },
        s('title', {}, info.text),
      ),
    );
    if (info.short) {
      labels.push(
        s(
          'text',
          {
            class: `app-hex__label${dimmed ? ' app-hex--dimmed' : ''}`,
            x: cell.x.toFixed(1),
            y: (cell.y + 3).toFixed(1),
            fill: info.ink,
          },
          info.short,
        ),
      );
    }
  }
  const outlines = [...regionOutlines(layout)].map(([code, d]) =>
    s('path', {
      class: `app-hexmap__region${region === code ? ' app-hexmap__region--selected' : ''}`,
      d,
      'data-region': code,
    }),
  );
  return s(
    'svg',
    {
      class: 'app-hexmap',
      viewBox: `0 0 ${layout.width.toFixed(0)} ${layout.height.toFixed(0)}`,
      role: 'group',
      'aria-label': label,
      focusable: 'false',
    },
    s('g', {}, cells),
    s('g', { 'aria-hidden': 'true' }, labels),
    s('g', { 'aria-hidden': 'true' }, outlines),
  );
}
