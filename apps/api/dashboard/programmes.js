// Programmes: the list, and one programme's rollout as a hexagon map of England's local
// authorities (by stage or RAG status, filtered by region) beside a table of areas; an area
// opens its timeline. Today or as of an earlier date.
import { gql, gqlOrNull } from './api.js';
import { hexLayout, localAuthorities } from './areas.js';
import {
  formatDate,
  formatDateTime,
  h,
  heading,
  link,
  paragraph,
  replace,
  ROLE_NAMES,
  s,
  select,
  sortableTable,
  summaryList,
  table,
  tag,
  words,
} from './dom.js';
import { hexMap, layoutHexes } from './hexmap.js';
import { sliceFrom, sliceParams, sliceVariables, timeSliceControl } from './time-slice.js';

const NOT_ENROLLED = { fill: '#d9d9d9', ink: '#0b0c0c', short: '', label: 'Not enrolled' };
const STAGE_KEYS = {
  ENROLLED: { fill: '#5694ca', ink: '#0b0c0c', short: 'E', label: 'Enrolled' },
  IN_PROGRESS: { fill: '#1d70b8', ink: '#ffffff', short: 'P', label: 'In progress' },
  COMPLETED: { fill: '#00703c', ink: '#ffffff', short: 'C', label: 'Completed' },
  WITHDRAWN: { fill: '#505a5f', ink: '#ffffff', short: 'W', label: 'Withdrawn' },
};
const RAG_KEYS = {
  RED: { fill: '#d4351c', ink: '#ffffff', short: 'R', label: 'Red' },
  AMBER: { fill: '#f47738', ink: '#0b0c0c', short: 'A', label: 'Amber' },
  GREEN: { fill: '#00703c', ink: '#ffffff', short: 'G', label: 'Green' },
  NONE: {
    fill: '#ffffff',
    ink: '#0b0c0c',
    short: '',
    label: 'Enrolled, no status reported',
    outlined: true,
  },
};
const RAG_TAGS = { RED: 'red', AMBER: 'orange', GREEN: 'green' };
const STAGE_ORDER = ['ENROLLED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN'];

const AREA_FIELDS = `areaCode areaName regionCode regionName stage pilot wave enrolledOn withdrawnOn
  milestonesAchieved status { rag period commentary } overdue { key } inheritedFrom`;

export function render(container, ctx) {
  return ctx.view === 'programme' ? renderProgramme(container, ctx) : renderList(container, ctx);
}

async function renderList(container, ctx) {
  const { programmes } = await gql(`{ programmes { id name recommendations milestones { key }
    rollout { coverage { enrolled totalAreas completedAreas percentComplete } } } }`);
  if (!ctx.isCurrent()) return;
  replace(
    container,
    heading(1, 'xl', 'Programmes'),
    paragraph('Open a programme to see its rollout on a map of England’s local authorities.'),
    table({
      id: 'programmes-table',
      columns: [
        { label: 'Programme' },
        { label: 'Delivers' },
        { label: 'Milestones', numeric: true },
        { label: 'Areas enrolled', numeric: true },
        { label: 'Milestones achieved', numeric: true },
      ],
      rows: programmes.map((p) => [
        link(`?view=programme&id=${encodeURIComponent(p.id)}`, p.name),
        p.recommendations.join(', '),
        String(p.milestones.length),
        `${p.rollout.coverage.enrolled} of ${p.rollout.coverage.totalAreas}`,
        `${p.rollout.coverage.percentComplete}%`,
      ]),
    }),
  );
}

/** How an area is drawn and described, by stage or by RAG status. */
function keyOf(area, colour) {
  if (!area) return NOT_ENROLLED;
  if (colour === 'rag') return RAG_KEYS[area.status?.rag ?? 'NONE'];
  return STAGE_KEYS[area.stage] ?? NOT_ENROLLED;
}

function describeArea(name, regionName, area) {
  if (!area) return `${name} (${regionName}): not enrolled`;
  const status = area.status
    ? `status ${words(area.status.rag).toLowerCase()}`
    : 'no status reported';
  return `${name} (${regionName}): ${words(area.stage).toLowerCase()}, ${status}`;
}

const swatch = (key) =>
  s(
    'svg',
    {
      class: 'app-legend__swatch',
      viewBox: '0 0 20 22',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    s('polygon', {
      points: '10,1 19,6 19,16 10,21 1,16 1,6',
      fill: key.fill,
      class: key.outlined ? 'app-hex--outlined' : null,
    }),
    key.short
      ? s('text', { x: 10, y: 15, class: 'app-legend__short', fill: key.ink }, key.short)
      : null,
  );

function legend(colour, counts) {
  const keys = colour === 'rag' ? [...Object.entries(RAG_KEYS)] : [...Object.entries(STAGE_KEYS)];
  keys.push(['NOT_ENROLLED', NOT_ENROLLED]);
  return h(
    'div',
    { class: 'app-legend', id: 'map-legend' },
    h(
      'h2',
      { class: 'govuk-heading-s govuk-!-margin-bottom-2' },
      colour === 'rag' ? 'RAG status' : 'Rollout stage',
    ),
    h(
      'ul',
      { class: 'govuk-list app-legend__list' },
      keys.map(([name, key]) =>
        h(
          'li',
          { class: 'app-legend__item', 'data-legend': name },
          swatch(key),
          h(
            'span',
            { class: 'app-legend__text' },
            `${key.label}${key.short ? ` (${key.short})` : ''}: `,
            h('strong', {}, String(counts.get(name) ?? 0)),
          ),
        ),
      ),
    ),
  );
}

const evidenceLinks = (evidence) =>
  evidence
    .filter((url) => /^https?:\/\//i.test(url))
    .map((url, i) => [
      i ? ', ' : '',
      h('a', { class: 'govuk-link', href: url, rel: 'noreferrer noopener', target: '_blank' }, url),
    ]);

const eventFacts = (data) =>
  Object.entries(data ?? {})
    .filter(([, value]) => value !== null && value !== '' && typeof value !== 'object')
    .map(([key, value]) => `${words(key)}: ${value}`)
    .join('; ');

async function timelineSection(programme, code, slice, areas) {
  const name = areas.get(code)?.name ?? code;
  const data = await gqlOrNull(
    `query Area($p: ID!, $a: ID!, $asOf: String, $validAt: String) {
      areaRollout(programmeId: $p, areaCode: $a, asOf: $asOf, validAt: $validAt) {
        ${AREA_FIELDS} replacedBy replacedOn
        milestones { key title targetDate achievedOn overdue }
        timeline { streamId type occurredAt recordedAt reason evidence data actor { name role } }
      } }`,
    { p: programme.id, a: code, ...sliceVariables(slice) },
  );
  const close = h(
    'button',
    {
      type: 'button',
      class: 'govuk-button govuk-button--secondary',
      'data-close-timeline': 'true',
    },
    'Close the timeline',
  );
  if (!data) {
    return [
      heading(2, 'l', `${name}: timeline`, { id: 'timeline-heading', tabindex: '-1' }),
      paragraph(`${name} is not enrolled in ${programme.name} (at the date shown).`),
      close,
    ];
  }
  const area = data.areaRollout;
  const names = (codes) => codes.map((c) => areas.get(c)?.name ?? c).join(', ');
  return [
    heading(2, 'l', `${area.areaName}: timeline`, { id: 'timeline-heading', tabindex: '-1' }),
    summaryList(
      [
        ['Region', area.regionName],
        ['Stage', words(area.stage)],
        [
          'Enrolled on',
          `${formatDate(area.enrolledOn)}${area.pilot ? ' (pilot)' : ''}${area.wave ? `, wave ${area.wave}` : ''}`,
        ],
        area.withdrawnOn ? ['Withdrawn on', formatDate(area.withdrawnOn)] : null,
        [
          'Status',
          area.status
            ? [
                tag(words(area.status.rag), RAG_TAGS[area.status.rag]),
                ` ${area.status.period}: ${area.status.commentary}`,
              ]
            : 'None reported',
        ],
        area.inheritedFrom.length ? ['Carries the rollout of', names(area.inheritedFrom)] : null,
        area.replacedBy.length
          ? ['Replaced by', `${names(area.replacedBy)} from ${formatDate(area.replacedOn)}`]
          : null,
      ].filter(Boolean),
    ),
    table({
      id: 'area-milestones',
      caption: 'Milestones',
      captionSize: 's',
      columns: [{ label: 'Milestone' }, { label: 'Target' }, { label: 'Achieved' }],
      rows: area.milestones.map((m) => [
        m.title,
        m.targetDate ? formatDate(m.targetDate) : 'None set',
        m.achievedOn ? formatDate(m.achievedOn) : m.overdue ? tag('Overdue', 'red') : 'Not yet',
      ]),
    }),
    table({
      id: 'area-timeline',
      caption: 'Every event, oldest first',
      captionSize: 's',
      columns: [
        { label: 'Happened' },
        { label: 'Event' },
        { label: 'Recorded' },
        { label: 'By' },
        { label: 'Why' },
      ],
      rows: area.timeline.map((event) => [
        formatDate(event.occurredAt),
        [
          h('span', { class: 'govuk-!-font-weight-bold' }, words(event.type)),
          h('br'),
          h('span', { class: 'govuk-body-s' }, eventFacts(event.data)),
        ],
        formatDateTime(event.recordedAt),
        // Withheld (null) from a local authority for another area's events.
        event.actor
          ? `${event.actor.name} (${ROLE_NAMES[event.actor.role] ?? event.actor.role})`
          : 'Withheld',
        [
          event.reason ?? '',
          event.evidence.length ? [h('br'), evidenceLinks(event.evidence)] : null,
        ],
      ]),
    }),
    close,
  ];
}

async function renderProgramme(container, ctx) {
  const id = ctx.params.get('id') ?? '';
  let slice = sliceFrom(ctx.params);
  let region = ctx.params.get('region') ?? '';
  let colour = ctx.params.get('colour') === 'rag' ? 'rag' : 'stage';
  let selected = ctx.params.get('area');
  let everyArea = ctx.params.get('all') === 'yes';
  const [{ programme }, hexjson, areas] = await Promise.all([
    gql(
      'query($id: ID!) { programme(id: $id) { id name recommendations milestones { key title } } }',
      { id },
    ),
    hexLayout(),
    localAuthorities(),
  ]);
  if (!ctx.isCurrent()) return;
  document.title = `${programme.name} – Reform Tracker`;
  const layout = layoutHexes(hexjson, 12);
  const onMap = new Set(layout.cells.map((cell) => cell.code));
  const regions = [...new Map([...areas.values()].map((a) => [a.regionCode, a.regionName]))].sort();
  const regionName = new Map(regions);

  let rollout = null;
  let notRecorded = false;
  const mapColumn = h('div', { class: 'govuk-grid-column-one-half', id: 'map-column' });
  const tableColumn = h('div', { class: 'govuk-grid-column-one-half', id: 'areas-column' });
  const summary = h('div', { id: 'rollout-summary' });
  const timeline = h('section', { id: 'area-timeline-section' });

  const params = () => ({
    view: 'programme',
    id,
    ...sliceParams(slice),
    region,
    colour: colour === 'rag' ? 'rag' : null,
    all: everyArea ? 'yes' : null,
    area: selected,
  });

  const openArea = async (code, focus = true) => {
    selected = code;
    ctx.setParams(params());
    if (!code) {
      replace(timeline);
      return;
    }
    timeline.setAttribute('aria-busy', 'true');
    const content = await timelineSection(programme, code, slice, areas);
    if (selected !== code) return;
    replace(timeline, content);
    timeline.removeAttribute('aria-busy');
    timeline.querySelector('[data-close-timeline]')?.addEventListener('click', () => {
      void openArea(null);
      // Back to where the area was chosen from, for keyboard users.
      tableColumn.querySelector(`[data-area-link="${code}"]`)?.focus();
    });
    if (focus) timeline.querySelector('#timeline-heading')?.focus();
  };

  const draw = () => {
    const byCode = new Map((rollout?.areas ?? []).map((a) => [a.areaCode, a]));
    const inRegion = (code, regionCode) => !region || regionCode === region;
    const counts = new Map();
    for (const cell of layout.cells) {
      if (!inRegion(cell.code, cell.region)) continue;
      const area = byCode.get(cell.code);
      const name = !area
        ? 'NOT_ENROLLED'
        : colour === 'rag'
          ? (area.status?.rag ?? 'NONE')
          : area.stage;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const map = hexMap({
      layout,
      region,
      label: `Map of England’s local authorities coloured by ${colour === 'rag' ? 'RAG status' : 'rollout stage'}${region ? `, ${regionName.get(region)} highlighted` : ''}`,
      describe: (cell) => {
        const area = byCode.get(cell.code);
        const key = keyOf(area, colour);
        return {
          ...key,
          text: describeArea(cell.name, regionName.get(cell.region) ?? cell.region, area),
        };
      },
      onSelect: (code) => void openArea(code),
    });
    replace(
      mapColumn,
      h(
        'figure',
        { class: 'app-map-figure' },
        map,
        h(
          'figcaption',
          { class: 'govuk-body-s' },
          'Select an area on the map or in the table to see its timeline. Former areas (such as Cumbria) are not on the map: their successors show their rollout. ',
          h(
            'details',
            { class: 'govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0' },
            h(
              'summary',
              { class: 'govuk-details__summary' },
              h('span', { class: 'govuk-details__summary-text' }, 'About the map'),
            ),
            h(
              'div',
              { class: 'govuk-details__text' },
              'Hexagon layout adapted from Open Innovations’ uk-upper-tier-local-authorities.hexjson. Copyright (c) 2017- Open Innovations. MIT licence: permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions: The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.',
            ),
          ),
        ),
      ),
      legend(colour, counts),
      rollout
        ? table({
            id: 'regions-table',
            small: true,
            caption: 'By region',
            captionSize: 's',
            columns: [
              { label: 'Region' },
              { label: 'Enrolled', numeric: true },
              { label: 'Milestones achieved', numeric: true },
              { label: 'Overdue', numeric: true },
            ],
            rows: rollout.byRegion.map((r) => [
              r.regionName,
              `${r.enrolled} of ${r.totalAreas}`,
              String(r.milestonesAchieved),
              String(r.overdue),
            ]),
          })
        : null,
    );

    // The table lists every area on the map, and any former area the rollout still names.
    const rows = [
      ...layout.cells.map((cell) => ({
        code: cell.code,
        name: cell.name,
        regionCode: cell.region,
      })),
      ...[...byCode.values()]
        .filter((a) => !onMap.has(a.areaCode))
        .map((a) => ({
          code: a.areaCode,
          name: `${a.areaName} (former area, not on the map)`,
          regionCode: a.regionCode,
        })),
    ]
      .filter((row) => inRegion(row.code, row.regionCode))
      .map((row) => ({ ...row, key: row.code, area: byCode.get(row.code) ?? null }))
      .filter((row) => everyArea || row.area);
    const milestoneCount = programme.milestones.length;
    replace(
      tableColumn,
      sortableTable({
        id: 'areas-table',
        small: true,
        caption: `${everyArea ? 'Areas' : 'Areas enrolled'}${region ? ` in ${regionName.get(region)}` : ''}: ${rows.length}`,
        rows,
        sort: { key: 'area', direction: 'ascending' },
        columns: [
          {
            key: 'area',
            label: 'Area',
            value: (row) => row.name,
            cell: (row) =>
              h(
                'a',
                {
                  class: 'govuk-link',
                  href: `?${new URLSearchParams(Object.entries({ ...params(), area: row.code }).filter(([, v]) => v))}`,
                  'data-area-link': row.code,
                  onclick: (event) => {
                    event.preventDefault();
                    void openArea(row.code);
                  },
                },
                row.name,
              ),
          },
          // One region shown: its name is in the caption.
          region
            ? null
            : {
                key: 'region',
                label: 'Region',
                value: (row) => regionName.get(row.regionCode) ?? row.regionCode,
              },
          {
            key: 'stage',
            label: 'Stage',
            value: (row) => (row.area ? STAGE_ORDER.indexOf(row.area.stage) : 99),
            cell: (row) => (row.area ? words(row.area.stage) : 'Not enrolled'),
          },
          {
            key: 'rag',
            label: 'RAG',
            value: (row) => row.area?.status?.rag ?? null,
            cell: (row) =>
              row.area?.status
                ? tag(words(row.area.status.rag), RAG_TAGS[row.area.status.rag])
                : '',
          },
          {
            key: 'milestones',
            label: 'Achieved',
            numeric: true,
            value: (row) => (row.area ? row.area.milestonesAchieved : null),
            cell: (row) => (row.area ? `${row.area.milestonesAchieved} of ${milestoneCount}` : ''),
          },
          {
            key: 'overdue',
            label: 'Overdue',
            numeric: true,
            value: (row) => (row.area ? row.area.overdue.length : null),
            cell: (row) => (row.area ? String(row.area.overdue.length) : ''),
          },
        ].filter(Boolean),
      }),
    );

    const coverage = rollout?.coverage;
    replace(
      summary,
      notRecorded
        ? h(
            'div',
            { class: 'govuk-inset-text' },
            `${programme.name} had not been recorded by then.`,
          )
        : paragraph(
            `${coverage.enrolled} of ${coverage.totalAreas} areas enrolled; ${coverage.completedAreas} complete; ${coverage.percentComplete}% of their milestones achieved (overdue counted on ${formatDate(rollout.today)}).`,
          ),
    );
  };

  let loads = 0;
  const load = async () => {
    const count = ++loads;
    const data = await gqlOrNull(
      `query Rollout($id: ID!, $asOf: String, $validAt: String) {
        programme(id: $id) { rollout(asOf: $asOf, validAt: $validAt) {
          today coverage { enrolled totalAreas completedAreas percentComplete }
          byRegion { regionCode regionName totalAreas enrolled milestonesAchieved overdue }
          areas { ${AREA_FIELDS} } } } }`,
      { id, ...sliceVariables(slice) },
    );
    if (count !== loads || !ctx.isCurrent()) return;
    rollout = data?.programme.rollout ?? null;
    notRecorded = !rollout;
    draw();
    container.dataset.slice = slice.date ? `${slice.axis}:${slice.date}` : 'now';
    if (selected) await openArea(selected, false);
  };

  const regionSelect = select('region', [['', 'All regions'], ...regions], region, {
    onchange: (event) => {
      region = event.target.value;
      ctx.setParams(params());
      draw();
    },
  });
  const colourRadio = (value, label) =>
    h(
      'div',
      { class: 'govuk-radios__item' },
      h('input', {
        class: 'govuk-radios__input',
        id: `colour-${value}`,
        name: 'colour',
        type: 'radio',
        value,
        checked: colour === value ? true : null,
        onchange: () => {
          colour = value;
          ctx.setParams(params());
          draw();
        },
      }),
      h('label', { class: 'govuk-label govuk-radios__label', for: `colour-${value}` }, label),
    );

  const loading = load();
  const control = await timeSliceControl(slice, (next) => {
    slice = next;
    ctx.setParams(params());
    void load().catch((error) =>
      replace(summary, h('div', { class: 'govuk-inset-text' }, error.message)),
    );
  });
  replace(
    container,
    h('span', { class: 'govuk-caption-l' }, 'Programme'),
    heading(1, 'xl', programme.name),
    control,
    summary,
    h(
      'div',
      { class: 'app-map-controls' },
      h(
        'div',
        { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-label--s', for: 'region' }, 'Region'),
        regionSelect,
      ),
      h(
        'div',
        { class: 'govuk-form-group' },
        h(
          'fieldset',
          { class: 'govuk-fieldset' },
          h(
            'legend',
            { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' },
            'Colour areas by',
          ),
          h(
            'div',
            { class: 'govuk-radios govuk-radios--small govuk-radios--inline' },
            colourRadio('stage', 'Rollout stage'),
            colourRadio('rag', 'RAG status'),
          ),
        ),
      ),
      h(
        'div',
        { class: 'govuk-form-group app-map-controls__checkbox' },
        h(
          'div',
          { class: 'govuk-checkboxes govuk-checkboxes--small' },
          h(
            'div',
            { class: 'govuk-checkboxes__item' },
            h('input', {
              class: 'govuk-checkboxes__input',
              id: 'every-area',
              name: 'every-area',
              type: 'checkbox',
              value: 'yes',
              checked: everyArea ? true : null,
              onchange: (event) => {
                everyArea = event.target.checked;
                ctx.setParams(params());
                draw();
              },
            }),
            h(
              'label',
              { class: 'govuk-label govuk-checkboxes__label', for: 'every-area' },
              'List areas not enrolled too',
            ),
          ),
        ),
      ),
    ),
    h('div', { class: 'govuk-grid-row' }, mapColumn, tableColumn),
    timeline,
  );
  await loading;
}
