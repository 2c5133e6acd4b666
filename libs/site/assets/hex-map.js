// The programme map's enhancement (programmes/hex-map.ts draws the map on the server). Without
// JavaScript the map is a picture with the browser's own tooltips, hidden from assistive
// technology, and the tables beside it say the same. With it, the map takes one stop in the tab
// order, the arrow keys move between neighbouring areas, Enter opens an area's timeline, and a
// tooltip shows the area's name and status on hover and on focus. Everything it shows is read
// from the map's own HTML: the links' data-area-name and their <title>.

/** Arrow keys as directions on the map (y grows downwards). */
const DIRECTIONS = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The cell nearest `from` in a direction: ahead of it, scored by the distance ahead plus the
 * distance aside, so that a neighbour one row up wins over a cell two rows up, and a neighbour
 * in the same row wins over one diagonally ahead. Null at the edge of the map.
 */
function nextCell(from, cells, [dx, dy]) {
  let best = null;
  let bestScore = Infinity;
  for (const cell of cells) {
    const x = cell.x - from.x;
    const y = cell.y - from.y;
    const ahead = x * dx + y * dy;
    if (ahead <= 0) continue;
    const score = ahead + Math.abs(x * dy - y * dx);
    if (score < bestScore) [best, bestScore] = [cell, score];
  }
  return best;
}

function enhance(svg) {
  const figure = svg.closest('.app-map');
  const links = [...svg.querySelectorAll('a[data-area-code]')];
  if (!figure || links.length === 0) return;

  const cells = links.map((link) => {
    const box = link.querySelector('polygon').getBBox();
    const title = link.querySelector('title');
    const name = link.dataset.areaName;
    const said = title ? title.textContent : name;
    // The title reads "Lambeth, London: in progress, ...": the tooltip sets the name apart.
    const status = said.startsWith(`${name}, `) ? said.slice(name.length + 2) : said;
    // The tooltip replaces the browser's own, which would show the same beside it.
    title?.remove();
    link.setAttribute('aria-label', said);
    link.setAttribute('tabindex', '-1');
    return { link, name, status, x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
  // The keyboard can reach the areas now, so assistive technology must see them.
  svg.removeAttribute('aria-hidden');
  svg.removeAttribute('focusable');
  svg.setAttribute('role', 'group');
  // Chromium would make the drawing itself a stop too, before its areas.
  svg.setAttribute('tabindex', '-1');
  const caption = figure.querySelector('figcaption');
  if (caption?.id) svg.setAttribute('aria-labelledby', caption.id);
  figure.querySelector('[data-map-keys]')?.removeAttribute('hidden');
  cells[0].link.setAttribute('tabindex', '0');

  const tooltip = document.createElement('div');
  tooltip.className = 'app-hexmap__tooltip';
  // The link's own name says the same to assistive technology.
  tooltip.setAttribute('aria-hidden', 'true');
  tooltip.hidden = true;
  const tooltipName = document.createElement('strong');
  const tooltipStatus = document.createElement('span');
  tooltip.append(tooltipName, document.createElement('br'), tooltipStatus);
  figure.append(tooltip);

  const cellOf = (target) => cells.find((cell) => cell.link === target?.closest?.('a'));
  let shown = null;

  function show(cell) {
    shown = cell;
    tooltipName.textContent = cell.name;
    tooltipStatus.textContent = cell.status;
    tooltip.hidden = false;
    const area = cell.link.getBoundingClientRect();
    const frame = figure.getBoundingClientRect();
    const left = area.left + area.width / 2 - frame.left - tooltip.offsetWidth / 2;
    tooltip.style.left = `${Math.max(0, Math.min(left, frame.width - tooltip.offsetWidth))}px`;
    tooltip.style.top = `${area.top - frame.top - tooltip.offsetHeight - 4}px`;
  }

  function hide() {
    shown = null;
    tooltip.hidden = true;
  }

  /** The focused area's tooltip, if the focus is on the map; else none. */
  function showFocused() {
    const focused = cellOf(document.activeElement);
    if (focused) show(focused);
    else hide();
  }

  svg.addEventListener('focusin', (event) => {
    const cell = cellOf(event.target);
    if (!cell) return;
    // One stop in the tab order: the area last visited.
    for (const other of cells) other.link.setAttribute('tabindex', other === cell ? '0' : '-1');
    show(cell);
  });
  svg.addEventListener('focusout', (event) => {
    if (!cellOf(event.relatedTarget)) hide();
  });
  svg.addEventListener('mouseover', (event) => {
    const cell = cellOf(event.target);
    if (cell && cell !== shown) show(cell);
  });
  // The pointer may move onto the tooltip without losing it (WCAG 1.4.13).
  svg.addEventListener('mouseout', (event) => {
    if (!tooltip.contains(event.relatedTarget) && !cellOf(event.relatedTarget)) showFocused();
  });
  tooltip.addEventListener('mouseleave', (event) => {
    if (!cellOf(event.relatedTarget)) showFocused();
  });
  svg.addEventListener('keydown', (event) => {
    const cell = cellOf(event.target);
    const direction = DIRECTIONS[event.key];
    if (!cell || !direction) return;
    event.preventDefault();
    nextCell(cell, cells, direction)?.link.focus();
  });
  // Escape dismisses the tooltip, opened by the pointer or the keyboard, where the focus is.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !tooltip.hidden) hide();
  });
}

/** Enhances every programme map on the page. */
export function enhanceHexMaps(root) {
  for (const svg of root.querySelectorAll('svg.app-hexmap')) enhance(svg);
}
