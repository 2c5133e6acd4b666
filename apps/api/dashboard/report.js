// The local authority page: where the officer's own area stands in each programme, and
// reporting for it: a milestone, a RAG status, or many milestones from a CSV file (checked by a
// dry run first, row by row). The API decides; refusals show its messages field by field.
import { NotificationBanner } from './govuk/govuk-frontend.min.js';
import { gql, gqlOrNull, importMilestones } from './api.js';
import { localAuthorities } from './areas.js';
import {
  banner,
  dateInput,
  dateValue,
  field,
  formatDate,
  h,
  heading,
  input,
  paragraph,
  replace,
  select,
  summaryList,
  table,
  tag,
  words,
} from './dom.js';
import { clearProblems, problemsOf, showProblems } from './errors.js';

const RAG_TAGS = { RED: 'red', AMBER: 'orange', GREEN: 'green' };
const OUTCOME_TAGS = { RECORD: 'green', UNCHANGED: 'grey', ERROR: 'red' };
const OUTCOME_WORDS = {
  RECORD: 'Would be recorded',
  UNCHANGED: 'Already recorded',
  ERROR: 'Error',
};

const ROLLOUT = `stage enrolledOn withdrawnOn version status { rag period commentary }
  milestones { key title targetDate achievedOn overdue }`;

const newCommandId = () => `dashboard:${crypto.randomUUID()}`;

/** The area's rollout in every programme (null where it is not enrolled), side by side. */
async function rolloutsOf(programmes, areaCode) {
  const rollouts = await Promise.all(
    programmes.map((p) =>
      gqlOrNull(
        `query Rollout($p: ID!, $a: ID!) { areaRollout(programmeId: $p, areaCode: $a) { ${ROLLOUT} } }`,
        { p: p.id, a: areaCode },
      ),
    ),
  );
  return new Map(programmes.map((p, i) => [p.id, rollouts[i]?.areaRollout ?? null]));
}

const textarea = (id, props = {}) =>
  h('textarea', { class: 'govuk-textarea', id, name: id, rows: 3, ...props });

const button = (text, props = {}) =>
  h(
    'button',
    { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button', ...props },
    text,
  );

function ragRadios() {
  return h(
    'div',
    { class: 'govuk-form-group', 'data-field-group': 'rag-group' },
    h(
      'fieldset',
      { class: 'govuk-fieldset' },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'RAG status'),
      h(
        'div',
        {
          class: 'govuk-radios govuk-radios--inline',
          'data-module': 'govuk-radios',
          id: 'rag-group',
        },
        ['RED', 'AMBER', 'GREEN'].map((rag, i) =>
          h(
            'div',
            { class: 'govuk-radios__item' },
            h('input', {
              class: 'govuk-radios__input',
              id: i === 0 ? 'rag' : `rag-${rag.toLowerCase()}`,
              name: 'rag',
              type: 'radio',
              value: rag,
            }),
            h(
              'label',
              {
                class: 'govuk-label govuk-radios__label',
                for: i === 0 ? 'rag' : `rag-${rag.toLowerCase()}`,
              },
              words(rag),
            ),
          ),
        ),
      ),
    ),
  );
}

function progress(programme, rollout, areaName) {
  if (!rollout) {
    return [
      paragraph(
        `${areaName} is not enrolled in ${programme.name}. The board enrols areas; reports for it will be refused.`,
      ),
    ];
  }
  return [
    summaryList(
      [
        ['Stage', words(rollout.stage)],
        ['Enrolled on', formatDate(rollout.enrolledOn)],
        rollout.withdrawnOn ? ['Withdrawn on', formatDate(rollout.withdrawnOn)] : null,
        [
          'Latest status',
          rollout.status
            ? [
                tag(words(rollout.status.rag), RAG_TAGS[rollout.status.rag]),
                ` ${rollout.status.period}: ${rollout.status.commentary}`,
              ]
            : 'None reported',
        ],
      ].filter(Boolean),
    ),
    table({
      id: 'progress-table',
      caption: 'Milestones',
      captionSize: 's',
      columns: [{ label: 'Milestone' }, { label: 'Target' }, { label: 'Achieved' }],
      rows: rollout.milestones.map((m) => [
        h('span', { 'data-milestone': m.key }, m.title),
        m.targetDate ? formatDate(m.targetDate) : 'None set',
        m.achievedOn ? formatDate(m.achievedOn) : m.overdue ? tag('Overdue', 'red') : 'Not yet',
      ]),
    }),
  ];
}

function importResults(result, refused) {
  const rowErrors = new Map();
  for (const error of result.errors) {
    if (error.row > 0) rowErrors.set(error.row, [...(rowErrors.get(error.row) ?? []), error]);
  }
  const details =
    result.rowsDetail ??
    [...rowErrors.keys()].map((row) => ({
      row,
      outcome: 'ERROR',
      areaCode: '',
      milestoneKey: '',
      achievedOn: '',
    }));
  const problemText = (row) =>
    (rowErrors.get(row) ?? [])
      .map((e) => `${e.column ? `${e.column}: ` : ''}${e.message}`)
      .join('; ');
  return [
    summaryList([
      ['Rows read', String(result.rows)],
      [
        result.dryRun ? 'Would be recorded' : 'Recorded',
        String(result.dryRun ? result.toRecord : result.recorded),
      ],
      ['Already recorded', String(result.unchanged)],
      ['Errors', String(result.errorCount)],
    ]),
    refused || (result.dryRun && result.errorCount)
      ? h(
          'div',
          { class: 'govuk-warning-text' },
          h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h(
            'strong',
            { class: 'govuk-warning-text__text' },
            h('span', { class: 'govuk-visually-hidden' }, 'Warning'),
            `${result.errorCount} row${result.errorCount === 1 ? ' has' : 's have'} problems: the file would be refused as a whole. Nothing has been written.`,
          ),
        )
      : null,
    details.length
      ? table({
          id: 'import-rows',
          small: true,
          caption: result.dryRun ? 'Dry run, row by row' : 'Errors, row by row',
          captionSize: 's',
          columns: [
            { label: 'Row', numeric: true },
            { label: 'Area' },
            { label: 'Milestone' },
            { label: 'Achieved on' },
            // The note as it would be recorded, to be read before it becomes permanent.
            { label: 'Note' },
            { label: 'Outcome' },
            { label: 'Problem' },
          ],
          rowHeader: false,
          rows: details.map((d) => [
            String(d.row),
            d.areaCode,
            d.milestoneKey,
            d.achievedOn,
            d.note ?? '',
            tag(OUTCOME_WORDS[d.outcome] ?? d.outcome, OUTCOME_TAGS[d.outcome]),
            problemText(d.row),
          ]),
        })
      : null,
  ];
}

export async function render(container, ctx) {
  const areaCode = ctx.identity.organisation;
  const [areas, { programmes }] = await Promise.all([
    localAuthorities(),
    gql('{ programmes { id name milestones { key title } } }'),
  ]);
  const areaName = areas.get(areaCode)?.name ?? areaCode;
  let rollouts = await rolloutsOf(programmes, areaCode);
  if (!ctx.isCurrent()) return;
  const enrolled = programmes.filter((p) => rollouts.get(p.id));
  let programmeId = ctx.params.get('programme');
  if (!programmes.some((p) => p.id === programmeId))
    programmeId = (enrolled[0] ?? programmes[0])?.id;
  const programmeOf = () => programmes.find((p) => p.id === programmeId);

  const summary = h('div', { id: 'error-summary' });
  const notice = h('div', { id: 'notice' });
  const progressArea = h('div', { id: 'progress' });
  const importArea = h('div', { id: 'import-results' });
  let milestoneCommand = newCommandId();
  let statusCommand = newCommandId();

  const showProgress = () =>
    replace(progressArea, progress(programmeOf(), rollouts.get(programmeId), areaName));
  const refresh = async () => {
    rollouts = await rolloutsOf(programmes, areaCode);
    showProgress();
  };
  const succeeded = (title, text) => {
    const element = banner(
      title,
      h('p', { class: 'govuk-notification-banner__heading' }, text),
      'success',
    );
    replace(notice, element);
    // GOV.UK Frontend focuses a success banner, so screen readers announce it.
    new NotificationBanner(element);
  };
  const milestoneOptions = () => programmeOf().milestones.map((m) => [m.key, m.title]);

  // A milestone achieved.
  const milestoneKey = select('milestone-key', milestoneOptions(), null);
  const milestoneForm = h(
    'form',
    { novalidate: true, id: 'milestone-form' },
    field({ id: 'milestone-key', label: 'Milestone', control: milestoneKey }),
    dateInput({ id: 'achieved-on', legend: 'Date achieved', hint: 'For example, 27 3 2024' }),
    field({
      id: 'evidence',
      label: 'Link to the evidence (optional)',
      hint: 'A web address starting with https://',
      control: input('evidence', {
        spellcheck: 'false',
        autocomplete: 'url',
        'aria-describedby': 'evidence-hint',
      }),
    }),
    field({ id: 'note', label: 'Note (optional)', control: textarea('note') }),
    button('Report milestone'),
  );
  milestoneForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(container, summary);
    replace(notice);
    const form = milestoneForm;
    const evidence = form.querySelector('#evidence').value.trim();
    const achievedOn = dateValue(form, 'achieved-on');
    const report = {
      programmeId,
      areaCode,
      milestoneKey: form.querySelector('#milestone-key').value,
      achievedOn,
      evidence: evidence ? [evidence] : null,
      note: form.querySelector('#note').value.trim() || null,
      commandId: milestoneCommand,
    };
    try {
      await gql(
        'mutation($input: ReportMilestoneInput!) { reportMilestone(input: $input) { version } }',
        {
          input: report,
        },
      );
    } catch (error) {
      showProblems({
        summary,
        form,
        problems: problemsOf(error),
        fieldIds: {
          milestoneKey: 'milestone-key',
          achievedOn: 'achieved-on-day',
          evidence: 'evidence',
          note: 'note',
          '*': 'milestone-key',
        },
      });
      return;
    }
    milestoneCommand = newCommandId();
    const title =
      programmeOf().milestones.find((m) => m.key === report.milestoneKey)?.title ??
      report.milestoneKey;
    form.reset();
    await refresh();
    succeeded('Milestone reported', `${title}: achieved on ${formatDate(achievedOn)}.`);
  });

  // A RAG status for a period.
  const statusForm = h(
    'form',
    { novalidate: true, id: 'status-form' },
    ragRadios(),
    field({
      id: 'commentary',
      label: 'Commentary',
      hint: 'What is going well, what is not, and what you need',
      control: textarea('commentary', { 'aria-describedby': 'commentary-hint' }),
    }),
    dateInput({ id: 'period-start', legend: 'First day of the period' }),
    dateInput({ id: 'period-end', legend: 'Last day of the period' }),
    button('Report status'),
  );
  statusForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(container, summary);
    replace(notice);
    const form = statusForm;
    const rag = form.querySelector('input[name="rag"]:checked')?.value ?? null;
    const fieldIds = {
      rag: 'rag',
      commentary: 'commentary',
      periodStart: 'period-start-day',
      periodEnd: 'period-end-day',
      '*': 'rag',
    };
    if (!rag) {
      showProblems({
        summary,
        form,
        fieldIds,
        problems: [{ field: 'rag', message: 'Choose a RAG status: red, amber or green' }],
      });
      return;
    }
    const report = {
      programmeId,
      areaCode,
      rag,
      commentary: form.querySelector('#commentary').value,
      periodStart: dateValue(form, 'period-start'),
      periodEnd: dateValue(form, 'period-end'),
      commandId: statusCommand,
    };
    try {
      await gql(
        'mutation($input: ReportStatusInput!) { reportStatus(input: $input) { version } }',
        {
          input: report,
        },
      );
    } catch (error) {
      showProblems({ summary, form, fieldIds, problems: problemsOf(error) });
      return;
    }
    statusCommand = newCommandId();
    form.reset();
    await refresh();
    succeeded(
      'Status reported',
      `${words(rag)} for ${formatDate(report.periodStart)} to ${formatDate(report.periodEnd)}.`,
    );
  });

  // Many milestones from a CSV file: a dry run first, then the import.
  let checkedFile = null;
  const fileInput = h('input', {
    class: 'govuk-file-upload',
    id: 'csv-file',
    name: 'csv-file',
    type: 'file',
    accept: '.csv,text/csv',
    'aria-describedby': 'csv-file-hint',
    onchange: () => {
      checkedFile = null;
      importButton.hidden = true;
    },
  });
  const importButton = h(
    'button',
    { type: 'button', class: 'govuk-button govuk-button--warning', id: 'import-run', hidden: true },
    'Import the file',
  );
  const importForm = h(
    'form',
    { novalidate: true, id: 'import-form' },
    field({
      id: 'csv-file',
      label: 'CSV file',
      hint: 'One header row with areaCode, milestoneKey, achievedOn (YYYY-MM-DD), evidenceUrl and note, then one milestone a row. Checking the file writes nothing.',
      control: fileInput,
    }),
    h(
      'div',
      { class: 'govuk-button-group' },
      h(
        'button',
        { type: 'submit', class: 'govuk-button govuk-button--secondary', id: 'import-check' },
        'Check the file (dry run)',
      ),
      importButton,
    ),
  );
  const runImport = async (dryRun) => {
    clearProblems(container, summary);
    replace(notice);
    const file = fileInput.files?.[0];
    const fieldIds = {
      file: 'csv-file',
      'content-type': 'csv-file',
      programme: 'csv-file',
      '*': 'csv-file',
    };
    if (!file) {
      showProblems({
        summary,
        form: importForm,
        fieldIds,
        problems: [{ field: 'file', message: 'Choose a CSV file' }],
      });
      return;
    }
    importArea.setAttribute('aria-busy', 'true');
    const { status, body } = await importMilestones(programmeId, file, dryRun);
    importArea.removeAttribute('aria-busy');
    if (status === 200) {
      replace(
        importArea,
        heading(3, 'm', dryRun ? 'Dry run results' : 'Import results', {
          id: 'import-heading',
          tabindex: '-1',
        }),
        importResults(body, false),
      );
      checkedFile = dryRun && body.errorCount === 0 && body.toRecord > 0 ? file : null;
      importButton.hidden = !checkedFile;
      importButton.textContent = checkedFile
        ? `Import ${body.toRecord} milestone${body.toRecord === 1 ? '' : 's'}`
        : 'Import the file';
      const headerErrors = body.errors.filter((e) => e.row === 0);
      if (headerErrors.length) {
        showProblems({
          summary,
          form: importForm,
          fieldIds,
          problems: headerErrors.map((e) => ({ field: 'file', message: e.message })),
        });
      } else if (dryRun) {
        importArea.querySelector('#import-heading')?.focus();
      } else {
        fileInput.value = '';
        await refresh();
        succeeded(
          'File imported',
          `${body.recorded} milestone${body.recorded === 1 ? '' : 's'} recorded, ${body.unchanged} already recorded.`,
        );
      }
      return;
    }
    const error = body?.error ?? { message: `The import failed (HTTP ${status})` };
    if (status === 422 && Array.isArray(error.errors)) {
      replace(
        importArea,
        heading(3, 'm', 'Import refused'),
        importResults({ ...error, dryRun: false, toRecord: 0, recorded: 0, unchanged: 0 }, true),
      );
    }
    showProblems({
      summary,
      form: importForm,
      fieldIds,
      problems: [{ field: error.field ?? 'file', message: error.message }],
    });
  };
  importForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void runImport(true);
  });
  importButton.addEventListener('click', () => {
    if (checkedFile && fileInput.files?.[0] === checkedFile) void runImport(false);
  });

  const programmeSelect = select(
    'programme',
    programmes.map((p) => [p.id, `${p.name}${rollouts.get(p.id) ? '' : ' (not enrolled)'}`]),
    programmeId,
    {
      onchange: (event) => {
        programmeId = event.target.value;
        ctx.setParams({ view: 'report', programme: programmeId });
        replace(
          milestoneKey,
          milestoneOptions().map(([value, text]) => h('option', { value }, text)),
        );
        replace(importArea);
        clearProblems(container, summary);
        replace(notice);
        showProgress();
      },
    },
  );
  showProgress();
  replace(
    container,
    summary,
    notice,
    h('span', { class: 'govuk-caption-l' }, `Local authority ${areaCode}`),
    heading(1, 'xl', `Report for ${areaName}`),
    h(
      'div',
      { class: 'govuk-grid-row' },
      h(
        'div',
        { class: 'govuk-grid-column-two-thirds' },
        field({
          id: 'programme',
          label: 'Programme',
          labelSize: 'm',
          hint: 'Everything on this page is for this programme.',
          control: programmeSelect,
        }),
        h(
          'section',
          { 'aria-labelledby': 'progress-heading' },
          heading(2, 'l', `Where ${areaName} stands`, { id: 'progress-heading' }),
          progressArea,
        ),
        h(
          'section',
          { 'aria-labelledby': 'milestone-heading' },
          heading(2, 'l', 'Report a milestone', { id: 'milestone-heading' }),
          milestoneForm,
        ),
        h(
          'section',
          { 'aria-labelledby': 'status-heading' },
          heading(2, 'l', 'Report a status', { id: 'status-heading' }),
          statusForm,
        ),
        h(
          'section',
          { 'aria-labelledby': 'import-heading-section' },
          heading(2, 'l', 'Import milestones from a CSV file', { id: 'import-heading-section' }),
          importForm,
          importArea,
        ),
      ),
    ),
  );
  programmeSelect.setAttribute('aria-describedby', 'programme-hint');
}
