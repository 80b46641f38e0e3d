// The shell: a hash router (#/<page>?a=b) that loads each page's module on first visit.
// A page module exports `async render(main, ctx)` and may return a cleanup function.

import { api, session } from './api.js';
import { clear, errorMessage, h, toast } from './ui.js';
import { readLaunch, startBridge } from './telegram.js';

const ROUTES = {
  login: () => import('./pages/login.js'),
  'signed-out': () => import('./pages/signed-out.js'),
  today: () => import('./pages/today.js'),
  review: () => import('./pages/review.js'),
  grammar: () => import('./pages/grammar.js'),
  talk: () => import('./pages/talk.js'),
  deck: () => import('./pages/deck.js'),
  stats: () => import('./pages/stats.js'),
  progress: () => import('./pages/progress.js'),
  settings: () => import('./pages/settings.js'),
};
const PUBLIC = new Set(['login', 'signed-out']);
const TITLES = {
  login: 'Sign in',
  'signed-out': 'Signed out',
  today: 'Today',
  review: 'Review',
  grammar: 'Grammar',
  talk: 'Talk',
  deck: 'Deck',
  stats: 'Stats',
  progress: 'Progress',
  settings: 'Settings',
};
const DEFAULT_PAGE = 'today';

const main = document.getElementById('main');
let cleanup = null;
let renderCount = 0;
let me = null;
let started = false;
// The hash a navigate() has set and whose hashchange has not fired yet: asking for the same
// page again before then must not render it twice (the first form would be replaced while
// the learner, or a test, is typing into it).
let pendingHash = null;

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [page, query = ''] = raw.split('?', 2);
  return { page: page || DEFAULT_PAGE, params: new URLSearchParams(query) };
}

function navigate(hash) {
  const target = hash.startsWith('#') ? hash : `#${hash}`;
  if (location.hash !== target) {
    pendingHash = target;
    location.hash = target;
  } else if (pendingHash !== target) render();
}

function onHashChange() {
  pendingHash = null;
  render();
}

async function loadMe() {
  me = await api('GET', '/users/me');
  return me;
}

async function refreshHeader() {
  const chip = document.getElementById('streak-chip');
  if (!session.signedIn()) {
    chip.hidden = true;
    return;
  }
  try {
    const progress = await api('GET', '/progress', { query: { days: 1 } });
    if (!session.signedIn()) return; // signed out while the answer was on its way
    const days = progress.streak.current;
    chip.textContent = `🔥 ${days} ${days === 1 ? 'day' : 'days'}`;
    chip.setAttribute('aria-label', `Streak: ${days} ${days === 1 ? 'day' : 'days'}`);
    chip.hidden = false;
  } catch {
    chip.hidden = true;
  }
}

function showSignedIn(signedIn) {
  document.body.classList.toggle('signed-out', !signedIn);
  document.getElementById('sign-out').hidden = !signedIn || session.inTelegram();
  if (!signedIn) document.getElementById('streak-chip').hidden = true;
}

function markNav(page) {
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${page}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function notFound(page) {
  main.append(
    h('h1', { text: 'Page not found' }),
    h('p', { text: `There is no page called “${page}”.` }),
    h('p', {}, h('a', { href: '#/today' }, 'Go to Today')),
  );
}

function pageUnavailable(page, err) {
  main.append(
    h('h1', { text: TITLES[page] || 'Page' }),
    h(
      'p',
      { class: 'notice error', role: 'alert' },
      'This page could not be loaded. Check your connection and reload; if it keeps failing, ' +
        'this part of the app may not be available yet.',
    ),
    h('p', { class: 'muted' }, errorMessage(err)),
    h('p', {}, h('a', { href: '#/today' }, 'Back to Today')),
  );
}

async function render() {
  const current = ++renderCount;
  const { page, params } = parseHash();
  if (typeof cleanup === 'function') {
    try {
      cleanup();
    } catch (err) {
      console.warn('cleanup failed', err);
    }
  }
  cleanup = null;
  if (!session.signedIn() && !PUBLIC.has(page) && ROUTES[page]) {
    const plain = ['', '#', '#/', `#/${DEFAULT_PAGE}`].includes(location.hash);
    const next = plain ? '' : `?next=${encodeURIComponent(location.hash)}`;
    navigate(`#/login${next}`);
    return;
  }
  if (session.signedIn() && page === 'login') {
    navigate('#/today');
    return;
  }
  markNav(page);
  document.title = `${TITLES[page] || 'Not found'} · German Tutor`;
  clear(main);
  const loader = ROUTES[page];
  if (!loader) {
    notFound(page);
    return;
  }
  let module;
  try {
    module = await loader();
  } catch (err) {
    if (current === renderCount) pageUnavailable(page, err);
    return;
  }
  if (current !== renderCount) return;
  if (session.signedIn() && !me) {
    try {
      await loadMe();
    } catch (err) {
      if (current !== renderCount) return;
      main.append(h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)));
      return;
    }
  }
  if (current !== renderCount) return;
  // What a page's render(main, ctx) gets:
  //   params       the route's query (#/deck?word=5 -> params.get('word'))
  //   navigate(h)  go to another route ('#/today')
  //   me           GET /users/me as it was when this page opened (null before sign-in)
  //   reloadMe()   fetches /users/me again and resolves to it; the NEXT page visit's ctx.me
  //                is that copy. Call it after changing the profile (settings, level).
  //   refreshHeader()  redraws the streak chip after XP was earned
  //   signedIn(next)   the login page: a session exists, open `next` (default #/today)
  //   page         the route's page name
  const ctx = { params, navigate, me, refreshHeader, reloadMe: loadMe, signedIn, page };
  // Each visit renders into its own element: a page still finishing an earlier visit (its
  // API call answered after the learner moved on) writes into a detached element, never over
  // the page now shown.
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  try {
    const result = await module.render(view, ctx);
    if (current === renderCount) cleanup = typeof result === 'function' ? result : null;
    else if (typeof result === 'function') result();
  } catch (err) {
    if (current !== renderCount) return;
    console.warn(`page ${page} failed`, err);
    view.append(h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)));
  }
  if (started && document.activeElement === document.body) main.focus({ preventScroll: true });
}

/** Called by the login page (ctx.signedIn) once a session exists. */
async function signedIn(next = '#/today') {
  me = null;
  showSignedIn(true);
  refreshHeader();
  navigate(next && next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/today');
}

session.onSignedOut((reason) => {
  me = null;
  showSignedIn(false);
  if (reason === 'logout') navigate('#/login');
  else navigate(`#/signed-out?reason=${reason}`);
});

// The skip link's #main would be read as a route: move the focus instead.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await session.logout();
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
});

async function start() {
  const launch = readLaunch();
  if (launch) {
    // Telegram's launch parameters are not a route: keep them out of the address bar.
    history.replaceState(null, '', `${location.pathname}${location.search}#/today`);
    startBridge(launch);
    try {
      await session.telegram(launch.initData);
    } catch (err) {
      showSignedIn(false);
      clear(main);
      main.append(
        h('h1', { text: 'Could not sign you in' }),
        h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)),
        h('p', {}, 'Close this window and open the app again from the bot.'),
      );
      return;
    }
  } else {
    await session.restore();
  }
  showSignedIn(session.signedIn());
  if (session.signedIn()) refreshHeader();
  window.addEventListener('hashchange', onHashChange);
  await render();
  started = true;
}

start();
