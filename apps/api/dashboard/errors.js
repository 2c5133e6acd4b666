// Refusals shown the GOV.UK way: an error summary linking to each field, and the API's own
// message beside the field.
import { ErrorSummary } from './govuk/govuk-frontend.min.js';
import { h, replace } from './dom.js';

/**
 * What an API refusal says, field by field: [{ field, message }]. Input checks list every
 * problem (extensions.problems); other refusals name one field, or none.
 */
export function problemsOf(error) {
  const problems = [];
  for (const e of error.errors ?? [{ message: error.message }]) {
    const extensions = e.extensions ?? {};
    if (Array.isArray(extensions.problems) && extensions.problems.length) {
      for (const p of extensions.problems) problems.push({ field: p.field, message: p.message });
    } else {
      // A domain refusal names its field; GraphQL's refusal of a variable names the input it
      // was for (input.rag), which the form knows as rag.
      const field = extensions.field?.replace(/^input\./, '') ?? null;
      problems.push({ field, message: e.message });
    }
  }
  return problems;
}

/** Removes the summary and every inline error of a form. */
export function clearProblems(form, summary) {
  if (summary) replace(summary);
  for (const message of form.querySelectorAll('.govuk-error-message')) message.remove();
  for (const group of form.querySelectorAll('.govuk-form-group--error')) {
    group.classList.remove('govuk-form-group--error');
  }
  for (const control of form.querySelectorAll('[data-error-for]')) {
    control.classList.remove('govuk-input--error', 'govuk-select--error', 'govuk-textarea--error');
    const describedBy = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && id !== control.dataset.errorFor);
    if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
    delete control.dataset.errorFor;
  }
  document.title = document.title.replace(/^Error: /, '');
}

function markField(form, target, message) {
  const element = form.querySelector(`#${CSS.escape(target)}`);
  const group = element?.closest('[data-field-group]');
  if (!group) return;
  const messageId = `${group.dataset.fieldGroup}-error`;
  let paragraph = group.querySelector(`#${CSS.escape(messageId)}`);
  if (!paragraph) {
    paragraph = h(
      'p',
      { class: 'govuk-error-message', id: messageId },
      h('span', { class: 'govuk-visually-hidden' }, 'Error:'),
    );
    const control = group.querySelector(
      '.govuk-date-input, .govuk-radios, .govuk-input__wrapper, input, select, textarea',
    );
    control.before(paragraph);
  }
  paragraph.append(` ${message}`);
  group.classList.add('govuk-form-group--error');
  const controls = element.matches('input, select, textarea')
    ? [element]
    : [...element.querySelectorAll('input, select, textarea')];
  for (const control of controls) {
    if (control.type === 'radio') continue;
    const kind =
      control.tagName === 'SELECT'
        ? 'select'
        : control.tagName === 'TEXTAREA'
          ? 'textarea'
          : 'input';
    control.classList.add(`govuk-${kind}--error`);
    control.dataset.errorFor = messageId;
    const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    control.setAttribute('aria-describedby', [...describedBy, messageId].join(' '));
  }
}

/**
 * Shows problems in `summary` (an error summary, focused) and beside their fields.
 * `fieldIds` maps the API's field names to the ids of the controls (a date input's id is its
 * day field's, `${id}-day`); '*' names where problems without a known field point.
 */
export function showProblems({ summary, form, problems, fieldIds }) {
  clearProblems(form, summary);
  const targetOf = (field) =>
    (field && (fieldIds[field] ?? fieldIds[field.split('.')[0]])) || fieldIds['*'] || null;
  const items = problems.map((problem) => {
    const target = targetOf(problem.field);
    if (target) markField(form, target.replace(/-day$/, ''), problem.message);
    return h('li', {}, target ? h('a', { href: `#${target}` }, problem.message) : problem.message);
  });
  const element = h(
    'div',
    { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary' },
    h(
      'div',
      { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h(
        'div',
        { class: 'govuk-error-summary__body' },
        h('ul', { class: 'govuk-list govuk-error-summary__list' }, items),
      ),
    ),
  );
  replace(summary, element);
  if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
  // GOV.UK Frontend focuses the summary and makes its links focus their fields.
  new ErrorSummary(element);
}
