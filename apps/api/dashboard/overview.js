// The board overview: recommendations by stage (chart and sortable table), each programme's
// coverage, the most overdue milestones and recent activity; today or as of an earlier date.
import { gql, gqlOrNull } from './api.js';
import { localAuthorities, subjectOf } from './areas.js';
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
  sortableTable,
  table,
  tag,
  words,
} from './dom.js';
import { sliceFrom, sliceParams, sliceVariables, timeSliceControl } from './time-slice.js';

export const STAGES = [
  'PROPOSED',
  'ACCEPTED',
  'FUNDED',
  'PILOTED',
  'ROLLED_OUT',
  'REJECTED',
  'WITHDRAWN',
];
const STAGE_TAGS = {
  PROPOSED: 'grey',
  ACCEPTED: 'turquoise',
  FUNDED: 'purple',
  PILOTED: 'yellow',
  ROLLED_OUT: 'green',
  REJECTED: 'red',
  WITHDRAWN: 'orange',
};
export const stageTag = (stage) => tag(words(stage), STAGE_TAGS[stage]);

const RECOMMENDATION = 'id title theme stage stageChangedAt';
const ROLLOUT = `today coverage { enrolled totalAreas completedAreas percentComplete }
  areas { areaCode areaName overdue { key title targetDate daysOverdue } }`;
const ACTIVITY = `totalCount nodes { position streamId type occurredAt recordedAt reason actor { name role } }`;

/**
 * Everything the overview shows today but the rollouts, in one request. Each programme's rollout
 * (every area with its overdue milestones) is priced near a fifth of a request's cost limit, so
 * they are asked for one programme a request, side by side.
 */
const CURRENT = `query Overview {
  recommendationStageCounts { stage count }
  recommendations(first: 100) { nodes { ${RECOMMENDATION} } pageInfo { hasNextPage endCursor } }
  programmes { id name }
  auditTrail(first: 10, newestFirst: true) { ${ACTIVITY} }
}`;

const rolloutOf = (id) =>
  gql(`query Rollout($id: ID!) { programme(id: $id) { rollout { ${ROLLOUT} } } }`, { id });

async function currentData() {
  const data = await gql(CURRENT);
  const rollouts = Promise.all(data.programmes.map((p) => rolloutOf(p.id)));
  const recommendations = [...data.recommendations.nodes];
  for (let page = data.recommendations.pageInfo; page.hasNextPage;) {
    const next = await gql(
      `query($after: String) { recommendations(first: 100, after: $after) { nodes { ${RECOMMENDATION} } pageInfo { hasNextPage endCursor } } }`,
      { after: page.endCursor },
    );
    recommendations.push(...next.recommendations.nodes);
    page = next.recommendations.pageInfo;
  }
  return {
    counts: data.recommendationStageCounts,
    recommendations,
    programmes: (await rollouts).map(({ programme }, i) => ({
      ...data.programmes[i],
      rollout: programme.rollout,
    })),
    activity: data.auditTrail,
  };
}

/**
 * The same, as of a date: each recommendation and each programme's rollout is read at the slice,
 * one request each, side by side (one failing field would fail a whole GraphQL answer); those
 * not yet recorded then are NOT_FOUND and left out.
 */
async function slicedData(slice) {
  const ids = await gql('{ programmes { id name } recommendations(first: 100) { nodes { id } } }');
  const variables = sliceVariables(slice);
  const activity = slice.axis === 'asOf' ? { recordedTo: slice.date } : { occurredTo: slice.date };
  const [data, recommendations, rollouts] = await Promise.all([
    gql(
      `query Overview($asOf: String, $validAt: String, $activity: AuditFilterInput) {
        recommendationStageCounts(asOf: $asOf, validAt: $validAt) { stage count }
        auditTrail(first: 10, newestFirst: true, filter: $activity) { ${ACTIVITY} } }`,
      { ...variables, activity },
    ),
    Promise.all(
      ids.recommendations.nodes.map((node) =>
        gqlOrNull(
          `query Recommendation($id: ID!, $asOf: String, $validAt: String) {
            recommendation(id: $id, asOf: $asOf, validAt: $validAt) { ${RECOMMENDATION} } }`,
          { id: node.id, ...variables },
        ),
      ),
    ),
    Promise.all(
      ids.programmes.map((programme) =>
        gqlOrNull(
          `query Rollout($id: ID!, $asOf: String, $validAt: String) {
            programme(id: $id) { rollout(asOf: $asOf, validAt: $validAt) { ${ROLLOUT} } } }`,
          { id: programme.id, ...variables },
        ),
      ),
    ),
  ]);
  return {
    counts: data.recommendationStageCounts,
    recommendations: recommendations.filter(Boolean).map((r) => r.recommendation),
    programmes: ids.programmes.map((p, i) => ({
      id: p.id,
      name: p.name,
      rollout: rollouts[i]?.programme.rollout ?? null,
    })),
    activity: data.auditTrail,
  };
}

function stageChart(counts) {
  const byStage = new Map(counts.map((c) => [c.stage, c.count]));
  const rows = STAGES.map((stage) => [stage, byStage.get(stage) ?? 0]);
  const most = Math.max(1, ...rows.map(([, count]) => count));
  const [labelWidth, barWidth, rowHeight] = [130, 380, 30];
  const total = rows.reduce((sum, [, count]) => sum + count, 0);
  return h(
    'figure',
    { class: 'app-chart' },
    s(
      'svg',
      {
        viewBox: `0 0 ${labelWidth + barWidth + 60} ${rows.length * rowHeight}`,
        role: 'img',
        'aria-labelledby': 'stage-chart-title',
        'aria-describedby': 'stage-chart-desc',
        class: 'app-chart__svg',
        id: 'stage-chart',
      },
      s('title', { id: 'stage-chart-title' }, 'Recommendations by stage'),
      s(
        'desc',
        { id: 'stage-chart-desc' },
        rows.map(([stage, count]) => `${words(stage)}: ${count}`).join('. '),
      ),
      rows.map(([stage, count], i) => {
        const y = i * rowHeight;
        const width = (barWidth * count) / most;
        return s(
          'g',
          { 'data-stage': stage },
          s('text', { x: 0, y: y + 20, class: 'app-chart__label' }, words(stage)),
          s('rect', {
            x: labelWidth,
            y: y + 5,
            width: width.toFixed(1),
            height: rowHeight - 10,
            class: 'app-chart__bar',
          }),
          s(
            'text',
            {
              x: labelWidth + width + 6,
              y: y + 20,
              class: 'app-chart__value',
              'data-count': count,
            },
            String(count),
          ),
        );
      }),
    ),
    h(
      'figcaption',
      { class: 'govuk-body-s' },
      `${total} recommendation${total === 1 ? '' : 's'} recorded.`,
    ),
  );
}

function recommendationsTable(recommendations) {
  if (!recommendations.length) return paragraph('No recommendations had been recorded by then.');
  return sortableTable({
    id: 'recommendations-table',
    caption: 'Recommendations',
    rows: recommendations.map((r) => ({ ...r, key: r.id })),
    sort: { key: 'stage', direction: 'ascending' },
    columns: [
      { key: 'id', label: 'Recommendation', value: (r) => r.id },
      { key: 'title', label: 'Title', value: (r) => r.title },
      { key: 'theme', label: 'Theme', value: (r) => r.theme },
      {
        key: 'stage',
        label: 'Stage',
        value: (r) => STAGES.indexOf(r.stage),
        cell: (r) => stageTag(r.stage),
      },
      {
        key: 'since',
        label: 'Since',
        value: (r) => r.stageChangedAt,
        cell: (r) => formatDate(r.stageChangedAt),
      },
    ],
  });
}

function coverageTable(programmes, canOpen, slice) {
  return table({
    id: 'coverage-table',
    caption: 'Programmes',
    columns: [
      { label: 'Programme' },
      { label: 'Areas enrolled', numeric: true },
      { label: 'Areas complete', numeric: true },
      { label: 'Milestones achieved', numeric: true },
    ],
    rows: programmes.map((p) => {
      const name = canOpen
        ? link(
            `?${new URLSearchParams({ view: 'programme', id: p.id, ...sliceParams(slice) })}`,
            p.name,
          )
        : p.name;
      if (!p.rollout) return [name, 'Not yet recorded', '', ''];
      const c = p.rollout.coverage;
      return [
        name,
        `${c.enrolled} of ${c.totalAreas}`,
        String(c.completedAreas),
        `${c.percentComplete}%`,
      ];
    }),
  });
}

function overdueTable(programmes) {
  const overdue = programmes
    .filter((p) => p.rollout)
    .flatMap((p) =>
      p.rollout.areas.flatMap((area) =>
        area.overdue.map((milestone) => ({ programme: p.name, area: area.areaName, ...milestone })),
      ),
    )
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.area.localeCompare(b.area));
  if (!overdue.length) return [paragraph('No milestone was overdue.')];
  return [
    paragraph(
      `${overdue.length} milestone${overdue.length === 1 ? ' is' : 's are'} past ${overdue.length === 1 ? 'its' : 'their'} target; the ${Math.min(10, overdue.length)} most overdue:`,
    ),
    table({
      id: 'overdue-table',
      columns: [
        { label: 'Area' },
        { label: 'Programme' },
        { label: 'Milestone' },
        { label: 'Target date' },
        { label: 'Days overdue', numeric: true },
      ],
      rows: overdue
        .slice(0, 10)
        .map((o) => [
          o.area,
          o.programme,
          o.title,
          formatDate(o.targetDate),
          String(o.daysOverdue),
        ]),
    }),
  ];
}

function activityTable(activity, areas, programmeNames) {
  if (!activity.nodes.length) return [paragraph('Nothing had been recorded by then.')];
  return [
    table({
      id: 'activity-table',
      columns: [{ label: 'Recorded' }, { label: 'What' }, { label: 'About' }, { label: 'By' }],
      rows: activity.nodes.map((event) => [
        formatDateTime(event.recordedAt),
        words(event.type),
        subjectOf(event.streamId, areas, programmeNames),
        `${event.actor.name} (${ROLE_NAMES[event.actor.role] ?? event.actor.role})`,
      ]),
    }),
    paragraph(`The latest ${activity.nodes.length} of ${activity.totalCount} recorded events.`),
  ];
}

export async function render(container, ctx) {
  let slice = sliceFrom(ctx.params);
  const canOpenProgrammes = ctx.identity.role !== 'LOCAL_AUTHORITY';
  const body = h('div', { id: 'overview-body' });
  let loads = 0;
  const load = async () => {
    const count = ++loads;
    body.setAttribute('aria-busy', 'true');
    try {
      const [data, areas] = await Promise.all([
        slice.date ? slicedData(slice) : currentData(),
        localAuthorities().catch(() => null),
      ]);
      if (count !== loads || !ctx.isCurrent()) return;
      const programmeNames = new Map(data.programmes.map((p) => [p.id, p.name]));
      replace(
        body,
        h(
          'section',
          { 'aria-labelledby': 'stages-heading' },
          heading(2, 'l', 'Recommendations by stage', { id: 'stages-heading' }),
          stageChart(data.counts),
          recommendationsTable(data.recommendations),
        ),
        h(
          'section',
          { 'aria-labelledby': 'coverage-heading' },
          heading(2, 'l', 'Programme coverage', { id: 'coverage-heading' }),
          coverageTable(data.programmes, canOpenProgrammes, slice),
        ),
        h(
          'section',
          { 'aria-labelledby': 'overdue-heading' },
          heading(2, 'l', 'Most overdue milestones', { id: 'overdue-heading' }),
          overdueTable(data.programmes),
        ),
        h(
          'section',
          { 'aria-labelledby': 'activity-heading' },
          heading(2, 'l', 'Recent activity', { id: 'activity-heading' }),
          activityTable(data.activity, areas, programmeNames),
        ),
      );
      body.dataset.slice = slice.date ? `${slice.axis}:${slice.date}` : 'now';
    } catch (error) {
      if (count !== loads) return;
      replace(
        body,
        h(
          'div',
          { class: 'govuk-inset-text' },
          `The overview could not be loaded: ${error.message}`,
        ),
      );
      if (count === 1) throw error;
    } finally {
      if (count === loads) body.removeAttribute('aria-busy');
    }
  };
  // The data and the slider's range load side by side.
  const loading = load();
  const control = await timeSliceControl(slice, (next) => {
    slice = next;
    ctx.setParams({ view: 'overview', ...sliceParams(next) });
    void load();
  });
  replace(container, heading(1, 'xl', 'Overview'), control, body);
  await loading;
}
