// Small DOM helpers: elements are built node by node (never from HTML strings), so text from the
// API is always text.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

function build(element, props, children) {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  return append(element, children);
}

/** An HTML element: h('p', { class: 'govuk-body' }, 'text', child, ...). */
export const h = (tag, props, ...children) => build(document.createElement(tag), props, children);

/** An SVG element, same shape as h(). */
export const s = (tag, props, ...children) =>
  build(document.createElementNS(SVG_NS, tag), props, children);

/** Replaces an element's children. */
export const replace = (parent, ...children) => {
  parent.replaceChildren();
  return append(parent, children);
};

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** 2024-03-01 or an ISO instant → "1 March 2024". */
export const formatDate = (value) => (value ? DATE.format(new Date(value.slice(0, 10))) : '');

/** An ISO instant → "1 Mar 2024, 14:05 UTC". */
export const formatDateTime = (value) => (value ? `${DATE_TIME.format(new Date(value))} UTC` : '');

/** Today's date (UTC) as YYYY-MM-DD. */
export const today = () => new Date().toISOString().slice(0, 10);

/** "MilestoneAchieved" → "Milestone achieved"; "IN_PROGRESS" → "In progress". */
export const words = (value) => {
  const spaced = String(value)
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

export const ROLE_NAMES = {
  BOARD_MEMBER: 'Board member',
  ADMIN: 'Administrator',
  AUDITOR: 'Auditor',
  LOCAL_AUTHORITY: 'Local authority officer',
};

/** A GOV.UK tag. */
export const tag = (text, colour) =>
  h('strong', { class: colour ? `govuk-tag govuk-tag--${colour}` : 'govuk-tag' }, text);

/** A GOV.UK heading. */
export const heading = (level, size, text, props = {}) =>
  h(
    `h${level}`,
    { class: `govuk-heading-${size}`, tabindex: level === 1 ? '-1' : null, ...props },
    text,
  );

export const paragraph = (...children) => h('p', { class: 'govuk-body' }, ...children);

/** A link to one of the dashboard's own views (the router catches its clicks). */
export const link = (href, text, props = {}) =>
  h('a', { class: 'govuk-link', href, ...props }, text);

/** A GOV.UK table: columns [{ label, numeric }], rows of cells (nodes or text). */
export function table({
  caption,
  captionSize = 'm',
  columns,
  rows,
  id,
  rowHeader = true,
  small = false,
}) {
  return h(
    'table',
    { class: `govuk-table${small ? ' app-table--small' : ''}`, id },
    caption
      ? h(
          'caption',
          { class: `govuk-table__caption govuk-table__caption--${captionSize}` },
          caption,
        )
      : null,
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        columns.map((column) =>
          h(
            'th',
            {
              scope: 'col',
              class: `govuk-table__header${column.numeric ? ' govuk-table__header--numeric' : ''}`,
            },
            column.label,
          ),
        ),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      rows.map((cells) =>
        h(
          'tr',
          { class: 'govuk-table__row' },
          cells.map((cell, i) =>
            i === 0 && rowHeader
              ? h('th', { scope: 'row', class: 'govuk-table__header' }, cell)
              : h(
                  'td',
                  {
                    class: `govuk-table__cell${columns[i].numeric ? ' govuk-table__cell--numeric' : ''}`,
                  },
                  cell,
                ),
          ),
        ),
      ),
    ),
  );
}

/**
 * A table sortable by column: each header holds a button, and aria-sort says how the rows are
 * ordered. columns: [{ key, label, numeric, value(row) for sorting, cell(row) for display }].
 */
export function sortableTable({ caption, columns, rows, sort, id, onSort, small = false }) {
  let current = sort ?? { key: columns[0].key, direction: 'ascending' };
  const wrapper = h('div', { class: 'app-table-wrapper' });
  const render = () => {
    const column = columns.find((c) => c.key === current.key) ?? columns[0];
    const sign = current.direction === 'ascending' ? 1 : -1;
    const sorted = [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (typeof x === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
    });
    const headers = columns.map((c) => {
      const active = c.key === current.key;
      return h(
        'th',
        {
          scope: 'col',
          class: `govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`,
          'aria-sort': active ? current.direction : 'none',
        },
        h(
          'button',
          {
            type: 'button',
            class: 'app-sort-button',
            'data-sort-key': c.key,
            onclick: () => {
              current = {
                key: c.key,
                direction: active && current.direction === 'ascending' ? 'descending' : 'ascending',
              };
              render();
              wrapper.querySelector(`[data-sort-key="${c.key}"]`)?.focus();
              onSort?.(current);
            },
          },
          c.label,
        ),
      );
    });
    replace(
      wrapper,
      h(
        'table',
        { class: `govuk-table app-sortable-table${small ? ' app-table--small' : ''}`, id },
        caption
          ? h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, caption)
          : null,
        h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, headers)),
        h(
          'tbody',
          { class: 'govuk-table__body' },
          sorted.map((row) =>
            h(
              'tr',
              { class: 'govuk-table__row', 'data-row-key': row.key ?? null },
              columns.map((c, i) =>
                h(
                  i === 0 ? 'th' : 'td',
                  {
                    scope: i === 0 ? 'row' : null,
                    class: `${i === 0 ? 'govuk-table__header' : 'govuk-table__cell'}${c.numeric ? ' govuk-table__cell--numeric' : ''}`,
                  },
                  c.cell ? c.cell(row) : String(c.value(row) ?? ''),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  };
  render();
  return wrapper;
}

/** A summary list of [key, value] pairs. */
export const summaryList = (pairs) =>
  h(
    'dl',
    { class: 'govuk-summary-list' },
    pairs.map(([key, value]) =>
      h(
        'div',
        { class: 'govuk-summary-list__row' },
        h('dt', { class: 'govuk-summary-list__key' }, key),
        h('dd', { class: 'govuk-summary-list__value' }, value),
      ),
    ),
  );

/** A notification banner: 'success' or null (important). */
export function banner(title, content, type = null) {
  const id = `banner-${Math.random().toString(36).slice(2, 8)}`;
  return h(
    'div',
    {
      class: `govuk-notification-banner${type ? ` govuk-notification-banner--${type}` : ''}`,
      role: type === 'success' ? 'alert' : 'region',
      'aria-labelledby': id,
      'data-module': 'govuk-notification-banner',
    },
    h(
      'div',
      { class: 'govuk-notification-banner__header' },
      h('h2', { class: 'govuk-notification-banner__title', id }, title),
    ),
    h('div', { class: 'govuk-notification-banner__content' }, content),
  );
}

/** A form group with a label, optional hint and a control built from the ids. */
export function field({ id, label, hint, control, labelSize = 's' }) {
  return h(
    'div',
    { class: 'govuk-form-group', 'data-field-group': id },
    h('label', { class: `govuk-label govuk-label--${labelSize}`, for: id }, label),
    hint ? h('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null,
    control,
  );
}

/** A GOV.UK text input. */
export const input = (id, props = {}) =>
  h('input', { class: 'govuk-input', id, name: id, type: 'text', ...props });

/** A GOV.UK select of [value, text] options. */
export const select = (id, options, selected, props = {}) =>
  h(
    'select',
    { class: 'govuk-select', id, name: id, ...props },
    options.map(([value, text]) =>
      h('option', { value, selected: value === selected ? true : null }, text),
    ),
  );

/**
 * A GOV.UK date input (day, month, year) named `id`; its value is read with dateValue(id).
 * The fields have ids `${id}-day`, `${id}-month`, `${id}-year`.
 */
export function dateInput({ id, legend, hint, value }) {
  const [year, month, day] = value ? value.split('-') : ['', '', ''];
  const part = (name, label, width, initial) =>
    h(
      'div',
      { class: 'govuk-date-input__item' },
      h(
        'div',
        { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-date-input__label', for: `${id}-${name}` }, label),
        h('input', {
          class: `govuk-input govuk-date-input__input govuk-input--width-${width}`,
          id: `${id}-${name}`,
          name: `${id}-${name}`,
          type: 'text',
          inputmode: 'numeric',
          value: initial ? String(Number(initial)) : '',
        }),
      ),
    );
  return h(
    'div',
    { class: 'govuk-form-group', 'data-field-group': id },
    h(
      'fieldset',
      { class: 'govuk-fieldset', role: 'group', 'aria-describedby': hint ? `${id}-hint` : null },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, legend),
      hint ? h('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null,
      h(
        'div',
        { class: 'govuk-date-input', id },
        part('day', 'Day', 2, day),
        part('month', 'Month', 2, month),
        part('year', 'Year', 4, year),
      ),
    ),
  );
}

/**
 * A date input's value as YYYY-MM-DD when its parts are numbers; otherwise what was typed, as
 * is, for the API to refuse with its own message.
 */
export function dateValue(form, id) {
  const part = (name) => form.querySelector(`#${id}-${name}`).value.trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) return '';
  if ([day, month, year].every((p) => /^\d+$/.test(p))) {
    return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  return `${year}-${month}-${day}`;
}
