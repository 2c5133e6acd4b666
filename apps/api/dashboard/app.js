// The dashboard: sign-in with a token, then the views the token's role may use. Views live in
// the query string (?view=programme&id=...), so in-page anchors (skip link, error summaries)
// keep working, and every view has a link of its own.
import {
  createAll,
  PasswordInput,
  ServiceNavigation,
  SkipLink,
} from './govuk/govuk-frontend.min.js';
import { gql, session } from './api.js';
import { h, heading, paragraph, replace, ROLE_NAMES } from './dom.js';
import { problemsOf, showProblems } from './errors.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
createAll(SkipLink);

const ALL = ['BOARD_MEMBER', 'ADMIN', 'AUDITOR', 'LOCAL_AUTHORITY'];
const READ_ALL = ['BOARD_MEMBER', 'ADMIN', 'AUDITOR'];

const VIEWS = {
  overview: { title: 'Overview', nav: 'Overview', roles: ALL, load: () => import('./overview.js') },
  programmes: {
    title: 'Programmes',
    nav: 'Programmes',
    roles: READ_ALL,
    load: () => import('./programmes.js'),
  },
  programme: {
    title: 'Programme',
    navAs: 'programmes',
    roles: READ_ALL,
    load: () => import('./programmes.js'),
  },
  report: {
    title: 'Report for your area',
    nav: 'Report',
    roles: ['LOCAL_AUTHORITY'],
    load: () => import('./report.js'),
  },
  history: {
    title: 'History and verification',
    nav: 'History',
    roles: ['AUDITOR'],
    load: () => import('./history.js'),
  },
};

const HOME = {
  BOARD_MEMBER: 'overview',
  ADMIN: 'overview',
  AUDITOR: 'overview',
  LOCAL_AUTHORITY: 'report',
};

const main = document.getElementById('main-content');
const navList = document.getElementById('navigation');
const navWrapper = document.getElementById('site-navigation');
let identity = null;
let renderCount = 0;
let firstRender = true;

/** Goes to a view: params become the query string. */
export function navigate(params, { replaceState = false } = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value));
  history[replaceState ? 'replaceState' : 'pushState'](null, '', `?${query}`);
  void render();
}

/** Changes the query string without rendering again (filters the view applies itself). */
export function setParams(params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value));
  history.replaceState(null, '', `?${query}`);
}

document.addEventListener('click', (event) => {
  const anchor = event.target.closest?.('a[href^="?"]');
  if (!anchor || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  history.pushState(null, '', anchor.getAttribute('href'));
  void render();
});
window.addEventListener('popstate', () => void render());
window.addEventListener('tracker:unauthenticated', () => {
  if (!identity) return;
  identity = null;
  session.signOut();
  void render(
    'Your token is no longer accepted (revoked, or the server was reset). Sign in again.',
  );
});

function renderNavigation(current) {
  if (!identity) {
    navWrapper.hidden = true;
    replace(navList);
    return;
  }
  const items = Object.entries(VIEWS)
    .filter(([, view]) => view.nav && view.roles.includes(identity.role))
    .map(([name, view]) => [name, view.nav, `?view=${name}`]);
  items.push(['signout', 'Sign out', '?view=signout']);
  replace(
    navList,
    items.map(([name, text, href]) => {
      const active = name === current;
      return h(
        'li',
        {
          class: `govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`,
        },
        h(
          'a',
          { class: 'govuk-service-navigation__link', href, 'aria-current': active ? 'page' : null },
          active ? h('strong', { class: 'govuk-service-navigation__active-fallback' }, text) : text,
        ),
      );
    }),
  );
  navWrapper.hidden = false;
}

function renderSignIn(message) {
  renderNavigation(null);
  document.title = 'Sign in – Reform Tracker';
  const summary = h('div');
  const form = h(
    'form',
    { novalidate: true, id: 'sign-in' },
    h(
      'div',
      {
        class: 'govuk-form-group govuk-password-input',
        'data-module': 'govuk-password-input',
        'data-field-group': 'token',
      },
      h('label', { class: 'govuk-label govuk-label--s', for: 'token' }, 'Access token'),
      h(
        'div',
        { class: 'govuk-hint', id: 'token-hint' },
        'It starts with rt_. Ask an administrator for one (tracker token create).',
      ),
      h(
        'div',
        { class: 'govuk-input__wrapper govuk-password-input__wrapper' },
        h('input', {
          class: 'govuk-input govuk-password-input__input govuk-js-password-input-input',
          id: 'token',
          name: 'token',
          type: 'password',
          spellcheck: 'false',
          autocomplete: 'off',
          autocapitalize: 'none',
          'aria-describedby': 'token-hint',
        }),
        h(
          'button',
          {
            type: 'button',
            class:
              'govuk-button govuk-button--secondary govuk-password-input__toggle govuk-js-password-input-toggle',
            'data-module': 'govuk-button',
            'aria-controls': 'token',
            'aria-label': 'Show token',
            hidden: true,
          },
          'Show',
        ),
      ),
    ),
    h(
      'button',
      { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' },
      'Sign in',
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = form.querySelector('#token').value.trim();
    const fieldIds = { token: 'token', '*': 'token' };
    if (!token) {
      showProblems({
        summary,
        form,
        fieldIds,
        problems: [{ field: 'token', message: 'Enter your access token' }],
      });
      return;
    }
    session.signIn(token);
    try {
      identity = await whoAmI();
    } catch (error) {
      session.signOut();
      showProblems({ summary, form, fieldIds, problems: problemsOf(error) });
      return;
    }
    const params = new URLSearchParams(location.search);
    if (params.get('view') === 'signout') history.replaceState(null, '', location.pathname);
    void render();
  });
  replace(
    main,
    h(
      'div',
      { class: 'govuk-grid-row' },
      h(
        'div',
        { class: 'govuk-grid-column-two-thirds' },
        summary,
        message ? h('div', { class: 'govuk-inset-text' }, message) : null,
        heading(1, 'l', 'Sign in'),
        paragraph(
          'Paste the access token you were given. It is kept in this browser tab only, until you sign out or close the tab, and sent with every request to the API.',
        ),
        form,
      ),
    ),
  );
  new PasswordInput(form.querySelector('[data-module="govuk-password-input"]'));
  main.dataset.ready = 'signin';
  // The page after signing in takes the focus to its heading.
  firstRender = false;
}

const whoAmI = async () => (await gql('{ whoAmI { id name role organisation } }')).whoAmI;

async function render(message) {
  const count = ++renderCount;
  const params = new URLSearchParams(location.search);
  delete main.dataset.ready;
  if (params.get('view') === 'signout') {
    session.signOut();
    identity = null;
    history.replaceState(null, '', location.pathname);
    return renderSignIn('You have signed out.');
  }
  if (!session.token()) return renderSignIn(message);
  const requested = VIEWS[params.get('view')] ? params.get('view') : null;
  // Fetch the view's module while asking who the token is (without a view: the overview, the
  // first page of most roles; a module fetched for nothing costs a few kilobytes).
  // import() fetches a module once: the view's own load() below reuses this one.
  (VIEWS[requested] ?? VIEWS.overview).load().catch(() => undefined);
  if (!identity) {
    try {
      identity = await whoAmI();
    } catch (error) {
      session.signOut();
      return renderSignIn(`Sign in again: ${error.message}`);
    }
  }
  if (count !== renderCount) return;
  const name = requested ?? HOME[identity.role];
  const view = VIEWS[name];
  renderNavigation(view.navAs ?? name);
  document.title = `${view.title} – Reform Tracker`;
  const who = h(
    'p',
    { class: 'govuk-body-s app-identity' },
    'Signed in as ',
    h('strong', {}, identity.name),
    ` (${ROLE_NAMES[identity.role] ?? identity.role}${identity.organisation ? `, ${identity.organisation}` : ''})`,
  );
  if (!view.roles.includes(identity.role)) {
    replace(
      main,
      who,
      heading(1, 'l', 'This page is not available to you'),
      paragraph(`A ${ROLE_NAMES[identity.role]} cannot use the ${view.title} page.`),
    );
    main.dataset.ready = name;
    return;
  }
  const content = h('div', {}, paragraph('Loading…'));
  replace(main, who, content);
  try {
    const module = await view.load();
    await module.render(content, {
      identity,
      params,
      view: name,
      navigate,
      setParams,
      isCurrent: () => count === renderCount,
    });
  } catch (error) {
    if (count !== renderCount) return;
    replace(
      content,
      heading(1, 'l', 'Sorry, this page could not be shown'),
      paragraph(error.message),
    );
  }
  if (count !== renderCount) return;
  main.dataset.ready = name;
  // After a navigation, take keyboard and screen reader users to the new page's heading.
  if (!firstRender) main.querySelector('h1')?.focus();
  firstRender = false;
}

createAll(ServiceNavigation);
void render();
