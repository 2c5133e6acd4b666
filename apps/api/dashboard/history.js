// The auditor's page: the history (every stored event with who, when on both time axes, why and
// which command), filtered and paged, and the tamper-evidence verification.
import { NotificationBanner } from './govuk/govuk-frontend.min.js';
import { ApiError, gql } from './api.js';
import { localAuthorities, subjectOf } from './areas.js';
import {
  banner,
  field,
  formatDate,
  formatDateTime,
  h,
  heading,
  input,
  paragraph,
  replace,
  ROLE_NAMES,
  select,
  table,
  words,
} from './dom.js';
import { problemsOf, showProblems } from './errors.js';

const PAGE_SIZE = 25;
const TEXT_FILTERS = ['recommendationId', 'eventType', 'actorId', 'streamId'];
const DATE_FILTERS = ['recordedFrom', 'recordedTo', 'occurredFrom', 'occurredTo'];
const FILTERS = ['programmeId', 'areaCode', 'role', ...TEXT_FILTERS, ...DATE_FILTERS];
const LABELS = {
  programmeId: 'Programme',
  areaCode: 'Area',
  role: 'Role of whoever acted',
  recommendationId: 'Recommendation',
  eventType: 'Event type',
  actorId: 'Token holder id',
  streamId: 'Stream',
  recordedFrom: 'Recorded from',
  recordedTo: 'Recorded to',
  occurredFrom: 'Happened from',
  occurredTo: 'Happened to',
};
const HINTS = {
  recommendationId: 'For example, CSC-SWIS',
  eventType: 'For example, MilestoneAchieved',
  streamId: 'For example, rollout-social-workers-in-schools.E09000022',
  recordedFrom: 'A date (2024-03-01) or an instant; system time',
  recordedTo: 'A date means the whole day',
  occurredFrom: 'A date or an instant; business time',
  occurredTo: 'A date means the whole day',
};

const VERIFY = `query Verify($expect: [String!]) { verifyAuditTrail(expectSeals: $expect) {
  ok eventsChecked streamsChecked sealsChecked checkedUpTo unchainedEvents problemCount
  lastSeal { hash position sealedUpTo } problems { kind streamId position version message } } }`;

function filterForm(filters, newestFirst, programmes, areas) {
  const control = (name) => {
    if (name === 'programmeId') {
      return select(
        name,
        [['', 'Any programme'], ...programmes.map((p) => [p.id, p.name])],
        filters[name],
      );
    }
    if (name === 'areaCode') {
      const options = [...areas.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((a) => [a.areaCode, a.current ? a.name : `${a.name} (former)`]);
      return select(name, [['', 'Any area'], ...options], filters[name]);
    }
    if (name === 'role') {
      return select(name, [['', 'Any role'], ...Object.entries(ROLE_NAMES)], filters[name]);
    }
    return input(name, {
      value: filters[name] ?? '',
      spellcheck: 'false',
      'aria-describedby': HINTS[name] ? `${name}-hint` : null,
    });
  };
  return h(
    'form',
    { novalidate: true, id: 'history-filters', class: 'app-filters' },
    h(
      'div',
      { class: 'app-filters__grid' },
      FILTERS.map((name) =>
        field({ id: name, label: LABELS[name], hint: HINTS[name], control: control(name) }),
      ),
      field({
        id: 'order',
        label: 'Order',
        control: select(
          'order',
          [
            ['newest', 'Newest first'],
            ['oldest', 'Oldest first'],
          ],
          newestFirst ? 'newest' : 'oldest',
        ),
      }),
    ),
    h(
      'div',
      { class: 'govuk-button-group' },
      h(
        'button',
        { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' },
        'Apply filters',
      ),
      h('a', { class: 'govuk-link', href: '?view=history' }, 'Clear filters'),
    ),
  );
}

function eventsTable(nodes, areas, programmeNames) {
  return table({
    id: 'history-table',
    columns: [
      { label: 'Position', numeric: true },
      { label: 'Recorded' },
      { label: 'Happened' },
      { label: 'Event' },
      { label: 'By' },
      { label: 'Why' },
    ],
    rows: nodes.map((event) => [
      String(event.position),
      formatDateTime(event.recordedAt),
      formatDate(event.occurredAt),
      [
        h('span', { class: 'govuk-!-font-weight-bold' }, words(event.type)),
        h('br'),
        subjectOf(event.streamId, areas, programmeNames),
        h(
          'details',
          { class: 'govuk-details govuk-!-margin-bottom-0 govuk-!-margin-top-1' },
          h(
            'summary',
            { class: 'govuk-details__summary' },
            h('span', { class: 'govuk-details__summary-text' }, 'Details'),
          ),
          h(
            'div',
            { class: 'govuk-details__text' },
            h(
              'pre',
              { class: 'app-pre' },
              JSON.stringify(
                {
                  streamId: event.streamId,
                  version: event.version,
                  commandId: event.commandId,
                  data: event.data,
                },
                null,
                2,
              ),
            ),
          ),
        ),
      ],
      `${event.actor.name} (${ROLE_NAMES[event.actor.role] ?? event.actor.role}${event.actor.organisation ? `, ${event.actor.organisation}` : ''})`,
      [
        event.reason ?? '',
        ...event.evidence
          .filter((url) => /^https?:\/\//i.test(url))
          .map((url) => [
            h('br'),
            h(
              'a',
              { class: 'govuk-link', href: url, rel: 'noreferrer noopener', target: '_blank' },
              url,
            ),
          ]),
      ],
    ]),
  });
}

function verification(result) {
  const sealText = result.lastSeal
    ? `${result.sealsChecked} seal${result.sealsChecked === 1 ? '' : 's'}, the last at position ${result.lastSeal.position} covering up to ${result.lastSeal.sealedUpTo} (hash ${result.lastSeal.hash})`
    : 'no seal yet';
  const summary = `${result.eventsChecked} events in ${result.streamsChecked} streams checked up to position ${result.checkedUpTo}; ${sealText}.${result.unchainedEvents ? ` ${result.unchainedEvents} events from before tamper evidence are covered by a later event or seal.` : ''}`;
  if (result.ok) {
    const element = banner(
      'Verified',
      [
        h('p', { class: 'govuk-notification-banner__heading' }, 'The audit trail is intact'),
        h('p', { class: 'govuk-body' }, summary),
      ],
      'success',
    );
    return [element, () => new NotificationBanner(element)];
  }
  const element = h(
    'div',
    { class: 'app-verify-damaged', role: 'alert', tabindex: '-1' },
    h(
      'h3',
      { class: 'govuk-heading-m' },
      `The audit trail is damaged: ${result.problemCount} problem${result.problemCount === 1 ? '' : 's'}`,
    ),
    paragraph(summary),
    table({
      id: 'verify-problems',
      columns: [
        { label: 'Problem' },
        { label: 'Stream' },
        { label: 'Position', numeric: true },
        { label: 'Version', numeric: true },
        { label: 'What the evidence shows' },
      ],
      rows: result.problems.map((p) => [
        p.kind,
        p.streamId,
        String(p.position ?? ''),
        String(p.version ?? ''),
        p.message,
      ]),
    }),
  );
  return [element, () => element.focus()];
}

function verifySection() {
  const result = h('div', { id: 'verify-result' });
  const seals = h('textarea', {
    class: 'govuk-textarea',
    id: 'expect-seals',
    name: 'expect-seals',
    rows: 2,
    spellcheck: 'false',
    'aria-describedby': 'expect-seals-hint',
  });
  const verifyButton = h(
    'button',
    { type: 'submit', class: 'govuk-button govuk-button--secondary', id: 'verify-button' },
    'Verify the audit trail',
  );
  const form = h(
    'form',
    { novalidate: true, id: 'verify-form' },
    field({
      id: 'expect-seals',
      label: 'Seals published elsewhere (optional)',
      hint: 'Seal hashes to require, one a line',
      control: seals,
    }),
    verifyButton,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const expect = seals.value.split(/\s+/).filter(Boolean);
    verifyButton.disabled = true;
    replace(result, paragraph('Verifying every event and seal…'));
    result.setAttribute('aria-busy', 'true');
    try {
      const data = await gql(VERIFY, { expect: expect.length ? expect : null });
      const [element, init] = verification(data.verifyAuditTrail);
      replace(result, element);
      init();
    } catch (error) {
      const missing =
        error instanceof ApiError &&
        error.code === 'GRAPHQL_VALIDATION_FAILED' &&
        /verifyAuditTrail|AuditVerification/.test(error.message);
      replace(
        result,
        h(
          'div',
          { class: 'govuk-inset-text', role: 'status' },
          missing
            ? 'Verification is not available on this server yet: its API has no verifyAuditTrail query. The command line can verify the store: tracker verify.'
            : `The verification could not run: ${error.message}`,
        ),
      );
    } finally {
      verifyButton.disabled = false;
      result.removeAttribute('aria-busy');
    }
  });
  return [form, result];
}

export async function render(container, ctx) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, ctx.params.get(name) || null]));
  const newestFirst = ctx.params.get('order') !== 'oldest';
  const after = ctx.params.get('after');
  const [{ programmes }, areas] = await Promise.all([
    gql('{ programmes { id name } }'),
    localAuthorities(),
  ]);
  const programmeNames = new Map(programmes.map((p) => [p.id, p.name]));
  const summary = h('div', { id: 'error-summary' });
  const form = filterForm(filters, newestFirst, programmes, areas);
  const results = h('div', { id: 'history-results' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = { view: 'history' };
    for (const name of FILTERS) chosen[name] = form.querySelector(`#${name}`).value.trim() || null;
    chosen.order = form.querySelector('#order').value === 'oldest' ? 'oldest' : null;
    ctx.navigate(chosen);
  });
  replace(
    container,
    summary,
    heading(1, 'xl', 'History and verification'),
    h(
      'section',
      { 'aria-labelledby': 'verify-heading' },
      heading(2, 'l', 'Verify the audit trail', { id: 'verify-heading' }),
      paragraph(
        'Checks every stored event’s hash and link, and every seal, for anything altered, removed, inserted or reordered since it was recorded.',
      ),
      verifySection(),
    ),
    h(
      'section',
      { 'aria-labelledby': 'history-heading' },
      heading(2, 'l', 'History', { id: 'history-heading' }),
      form,
      results,
    ),
  );
  const filter = Object.fromEntries(Object.entries(filters).filter(([, value]) => value));
  let page;
  try {
    ({ auditTrail: page } = await gql(
      `query History($filter: AuditFilterInput, $after: String, $newestFirst: Boolean) {
        auditTrail(filter: $filter, first: ${PAGE_SIZE}, after: $after, newestFirst: $newestFirst) {
          totalCount pageInfo { endCursor hasNextPage }
          nodes { position streamId version type occurredAt recordedAt reason evidence commandId data actor { name role organisation } } } }`,
      { filter, after, newestFirst },
    ));
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'BAD_USER_INPUT') throw error;
    const fieldIds = Object.fromEntries(FILTERS.map((name) => [name, name]));
    showProblems({
      summary,
      form,
      fieldIds: { ...fieldIds, after: 'programmeId', '*': 'programmeId' },
      problems: problemsOf(error),
    });
    return;
  }
  if (!ctx.isCurrent()) return;
  const query = (extra) =>
    `?${new URLSearchParams(Object.entries({ view: 'history', ...filter, order: newestFirst ? null : 'oldest', ...extra }).filter(([, v]) => v))}`;
  replace(
    results,
    paragraph(
      h(
        'strong',
        { id: 'history-count' },
        `${page.totalCount} event${page.totalCount === 1 ? '' : 's'}`,
      ),
      Object.keys(filter).length ? ' match the filters' : ' recorded',
      `, ${newestFirst ? 'newest' : 'oldest'} first.`,
    ),
    page.nodes.length ? eventsTable(page.nodes, areas, programmeNames) : null,
    after || page.pageInfo.hasNextPage
      ? h(
          'nav',
          {
            class: 'govuk-pagination govuk-pagination--block',
            'aria-label': 'Pages of the history',
          },
          after
            ? h(
                'div',
                { class: 'govuk-pagination__prev' },
                h(
                  'a',
                  { class: 'govuk-link govuk-pagination__link', href: query({}), rel: 'prev' },
                  h('span', { class: 'govuk-pagination__link-title' }, 'First page'),
                ),
              )
            : null,
          page.pageInfo.hasNextPage
            ? h(
                'div',
                { class: 'govuk-pagination__next' },
                h(
                  'a',
                  {
                    class: 'govuk-link govuk-pagination__link',
                    href: query({ after: page.pageInfo.endCursor }),
                    rel: 'next',
                  },
                  h('span', { class: 'govuk-pagination__link-title' }, 'Next page'),
                ),
              )
            : null,
        )
      : null,
  );
}
