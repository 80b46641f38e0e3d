// Deck: my words (search, filters, paging, a word's screen), adding words (typed, catalogue,
// suggestions, starter packs), lists, and import/export. "#/deck?tab=add", "#/deck?word=5".
import { api } from '../api.js';
import { h, clear, toast, errorMessage, append } from '../ui.js';
import { renderWords, renderWord } from '../deck-words.js';
import { renderAdd } from '../deck-add.js';
import { renderLists } from '../deck-lists.js';
import { renderFiles } from '../deck-files.js';

const TABS = [
  ['words', 'My words'],
  ['add', 'Add words'],
  ['lists', 'Lists'],
  ['files', 'Import & export'],
];

export async function render(main, ctx) {
  let active = true;
  const wordId = ctx.params.get('word');
  const tab = wordId ? 'words' : TABS.some(([t]) => t === ctx.params.get('tab')) ? ctx.params.get('tab') : 'words';

  const overview = h('p', { class: 'deck-overview muted' });
  const nav = h('nav', { class: 'tabs', 'aria-label': 'Deck' },
    TABS.map(([key, label]) =>
      h('a', { href: `#/deck?tab=${key}`, class: key === tab ? 'tab active' : 'tab', 'aria-current': key === tab ? 'page' : false }, label)));
  const content = h('div', { class: 'deck-content' });
  append(main, h('div', { class: 'deck' }, h('h1', { text: 'Deck' }), overview, nav, content));

  // Counts at the top; the tabs call it again after adding, importing or deleting words.
  const refreshOverview = () =>
    api('GET', '/vocabulary/deck/overview')
      .then((o) => {
        clear(overview);
        append(overview, `${o.words} word${o.words === 1 ? '' : 's'} · ${o.due_now} due now · ${o.new_available_today} new today`);
        if (o.due_now + o.new_available_today > 0) append(overview, ' · ', h('a', { href: '#/review' }, 'Review now'));
      })
      .catch((err) => toast(errorMessage(err), 'error'));
  refreshOverview();

  const options = { params: ctx.params, navigate: ctx.navigate, me: ctx.me, isActive: () => active, refreshOverview };
  if (wordId) await renderWord(content, { ...options, id: wordId });
  else if (tab === 'add') renderAdd(content, options);
  else if (tab === 'lists') await renderLists(content, options);
  else if (tab === 'files') renderFiles(content, options);
  else await renderWords(content, options);
  return () => {
    active = false;
  };
}
