// The as-of control: a slider over dates (a day a step) and a date field, choosing the state
// "as recorded on" a date (asOf, system time) or "as it stood in the world on" it (validAt,
// business time). The views read the slice from the query string and pass it to the API.
import { gql } from './api.js';
import { formatDate, h, today } from './dom.js';

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The slice a view's query string asks for: { axis: 'asOf' | 'validAt', date } (date null: now). */
export function sliceFrom(params) {
  const validAt = params.get('validAt');
  const asOf = params.get('asOf');
  if (validAt && DATE.test(validAt)) return { axis: 'validAt', date: validAt };
  if (asOf && DATE.test(asOf)) return { axis: 'asOf', date: asOf };
  return { axis: params.get('axis') === 'validAt' ? 'validAt' : 'asOf', date: null };
}

/** The query-string parameters of a slice. */
export const sliceParams = (slice) =>
  slice.date ? { [slice.axis]: slice.date } : { axis: slice.axis === 'validAt' ? 'validAt' : null };

/** The GraphQL variables of a slice: { asOf, validAt }. */
export const sliceVariables = (slice) => ({
  asOf: slice.date && slice.axis === 'asOf' ? slice.date : null,
  validAt: slice.date && slice.axis === 'validAt' ? slice.date : null,
});

/** What the view shows, in words. */
export function describeSlice(slice) {
  if (!slice.date) return 'Showing the state today, as recorded now.';
  return slice.axis === 'asOf'
    ? `Showing the state as recorded on ${formatDate(slice.date)}: only what the tracker had recorded by the end of that day.`
    : `Showing the state as it stood in the world on ${formatDate(slice.date)}, as recorded today.`;
}

let bounds = null;

/** The first date worth showing: the earliest fact or record the API knows of. */
function earliestDate() {
  bounds ??= gql(
    `{ auditTrail(first: 1) { nodes { recordedAt occurredAt } }
       programmes { createdAt }
       recommendations(first: 100) { nodes { proposedAt } } }`,
  ).then(
    (data) => {
      const dates = [
        ...data.auditTrail.nodes.flatMap((node) => [node.recordedAt, node.occurredAt]),
        ...data.programmes.map((programme) => programme.createdAt),
        ...data.recommendations.nodes.map((node) => node.proposedAt),
      ]
        .filter(Boolean)
        .map((value) => value.slice(0, 10))
        .sort();
      return dates[0] ?? today();
    },
    () => {
      bounds = null;
      return today();
    },
  );
  return bounds;
}

const dayNumber = (date) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
const dateOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);

/**
 * The control, for a view showing `slice`: calls onChange(slice) once the user settles on a
 * date (while the slider moves, at most every 300 ms).
 */
export async function timeSliceControl(slice, onChange) {
  const first = await earliestDate();
  const last = today();
  const [min, max] = [dayNumber(first < last ? first : last), dayNumber(last)];
  let current = { ...slice };
  let timer = null;

  const range = h('input', {
    type: 'range',
    class: 'app-range',
    id: 'slice-range',
    min,
    max,
    step: 1,
    value: current.date ? Math.min(max, Math.max(min, dayNumber(current.date))) : max,
    'aria-describedby': 'slice-range-hint',
  });
  const rangeValue = h('span', { class: 'app-range__value' });
  const dateField = h('input', {
    type: 'date',
    class: 'govuk-input govuk-input--width-10',
    id: 'slice-date',
    name: 'slice-date',
    min: dateOf(min),
    max: last,
    value: current.date ?? last,
  });
  const status = h(
    'div',
    { class: 'govuk-inset-text app-time-slice__status', id: 'slice-status', 'aria-live': 'polite' },
    describeSlice(current),
  );
  const radio = (value, label) =>
    h(
      'div',
      { class: 'govuk-radios__item' },
      h('input', {
        class: 'govuk-radios__input',
        id: `slice-axis-${value}`,
        name: 'slice-axis',
        type: 'radio',
        value,
        checked: current.axis === value ? true : null,
        onchange: () => {
          current = { ...current, axis: value };
          commit();
        },
      }),
      h('label', { class: 'govuk-label govuk-radios__label', for: `slice-axis-${value}` }, label),
    );

  const showDate = () => {
    const date = dateOf(Number(range.value));
    const text = Number(range.value) === max ? `Today (${formatDate(date)})` : formatDate(date);
    rangeValue.textContent = text;
    range.setAttribute('aria-valuetext', text);
  };
  const commit = () => {
    clearTimeout(timer);
    timer = null;
    const day = Number(range.value);
    const next = { axis: current.axis, date: day >= max ? null : dateOf(day) };
    current = next;
    status.textContent = describeSlice(next);
    onChange(next);
  };
  range.addEventListener('input', () => {
    showDate();
    dateField.value = dateOf(Number(range.value));
    clearTimeout(timer);
    timer = setTimeout(commit, 300);
  });
  range.addEventListener('change', commit);
  dateField.addEventListener('change', () => {
    if (!DATE.test(dateField.value)) return;
    range.value = String(Math.min(max, Math.max(min, dayNumber(dateField.value))));
    showDate();
    commit();
  });
  showDate();

  return h(
    'div',
    { class: 'app-time-slice' },
    h(
      'div',
      { class: 'govuk-form-group app-time-slice__range' },
      h(
        'label',
        { class: 'govuk-label govuk-label--s', for: 'slice-range' },
        'Date shown: ',
        rangeValue,
      ),
      h(
        'div',
        { class: 'govuk-hint', id: 'slice-range-hint' },
        `Slide back to ${formatDate(dateOf(min))}, a day a step (arrow keys move a day, Page Up and Page Down further).`,
      ),
      range,
    ),
    h(
      'div',
      { class: 'app-time-slice__row' },
      h(
        'div',
        { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label', for: 'slice-date' }, 'Or enter a date'),
        dateField,
      ),
      h(
        'div',
        { class: 'govuk-form-group' },
        h(
          'fieldset',
          { class: 'govuk-fieldset' },
          h('legend', { class: 'govuk-fieldset__legend' }, 'The date means'),
          h(
            'div',
            { class: 'govuk-radios govuk-radios--small govuk-radios--inline' },
            radio('asOf', 'As recorded on that date'),
            radio('validAt', 'As things stood in the world on that date'),
          ),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'govuk-button govuk-button--secondary',
          id: 'slice-today',
          onclick: () => {
            range.value = String(max);
            dateField.value = last;
            showDate();
            commit();
          },
        },
        'Show today',
      ),
    ),
    status,
  );
}
