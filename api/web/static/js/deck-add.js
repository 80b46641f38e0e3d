// Adding words: a German word as typed (with "did you mean" and the corrected article),
// the catalogue search, the recommended next words and the starter packs.
import { api, ApiError } from './api.js';
import { h, clear, toast, errorMessage, umlautRow, append } from './ui.js';

const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
const PAGE_SIZE = 10;

function headword(word) {
  return word.article ? `${word.article} ${word.lemma}` : word.lemma;
}

/** The API's unknown-word text without its hint for API clients ("Send force=true…"). */
function unknownWordText(detail) {
  return String(detail).replace(/\s*Send force=true.*$/, '');
}

export function renderAdd(container, { navigate, refreshOverview, me }) {
  // --- a German word as typed -------------------------------------------------------------
  const wordInput = h('input', { id: 'deck-add-word', type: 'text', lang: 'de', autocomplete: 'off', maxlength: '80', required: 'required' });
  const addStatus = h('div', { class: 'add-status', 'aria-live': 'polite' });
  const addButton = h('button', { type: 'submit', class: 'primary' }, 'Add');

  async function addTyped(text, force = false) {
    clear(addStatus);
    addButton.disabled = true;
    try {
      const added = await api('POST', '/vocabulary/deck', { json: { text, force } });
      const word = added.word;
      const lines = [];
      if (!added.created) lines.push(`“${headword(word)}” is already in your deck.`);
      else if (added.corrected_article) {
        lines.push(`Added ${headword(word)} — the article is “${added.corrected_article}”, not what you typed.`);
      } else lines.push(`Added ${headword(word)}.`);
      if (word.enrichment === 'pending') lines.push('The translation and an example arrive in a moment.');
      append(addStatus, 
        h('p', { class: 'ok-text', role: 'status' }, lines.join(' '), ' ',
          h('a', { href: `#/deck?word=${word.id}` }, 'Open word')),
      );
      wordInput.value = '';
      wordInput.focus();
      refreshOverview();
      loadCatalogue();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unknown_word') {
        const suggestions = (err.body && err.body.suggestions) || [];
        append(addStatus, 
          h('div', { class: 'did-you-mean', role: 'alert' },
            h('p', { text: unknownWordText(err.detail) }),
            h('div', { class: 'row' },
              suggestions.map((s) => h('button', { type: 'button', lang: 'de', on: { click: () => addTyped(s) } }, `Add ${s}`)),
              h('button', { type: 'button', class: 'secondary', on: { click: () => addTyped(text, true) } }, `Add “${text}” anyway`))),
        );
      } else {
        append(addStatus, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
      }
    } finally {
      addButton.disabled = false;
    }
  }

  const addForm = h(
    'form',
    { class: 'stack', on: { submit: (e) => { e.preventDefault(); const t = wordInput.value.trim(); if (t) addTyped(t); } } },
    h('label', { for: 'deck-add-word', text: 'German word (nouns with der/die/das)' }),
    h('div', { class: 'row' }, wordInput, addButton),
    umlautRow(wordInput),
    addStatus,
  );

  // --- catalogue search --------------------------------------------------------------------
  const catQuery = h('input', { id: 'deck-cat-q', type: 'search', autocomplete: 'off', maxlength: '80' });
  const catLevel = h('select', { id: 'deck-cat-level' },
    h('option', { value: '', text: 'Any level' }), LEVELS.map((l) => h('option', { value: l, text: l })));
  const catResults = h('div', { class: 'cat-results', 'aria-live': 'polite' });
  let catPage = 1;
  let catTimer = null;

  async function addCatalogue(word, button) {
    button.disabled = true;
    try {
      const added = await api('POST', '/vocabulary/deck', { json: { slug: word.slug } });
      button.replaceWith(h('span', { class: 'badge ok', text: '✓ In deck' }));
      refreshOverview();
      toast(added.created ? `Added ${headword(added.word)}.` : `${headword(added.word)} was in your deck already.`);
    } catch (err) {
      button.disabled = false;
      toast(errorMessage(err), 'error');
    }
  }

  async function loadCatalogue() {
    const q = catQuery.value.trim();
    if (!q && !catLevel.value) {
      clear(catResults);
      append(catResults, h('p', { class: 'muted', text: 'Type a German or English word, or choose a level.' }));
      return;
    }
    const query = { page: catPage, page_size: PAGE_SIZE };
    if (q) query.q = q;
    if (catLevel.value) query.level = catLevel.value;
    let found;
    try {
      found = await api('GET', '/vocabulary/catalogue', { query });
    } catch (err) {
      clear(catResults);
      append(catResults, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
      return;
    }
    clear(catResults);
    if (!found.items.length) {
      append(catResults, h('p', { class: 'muted', text: q ? `Nothing in the catalogue matches “${q}”. Add it as typed above.` : 'No words.' }));
      return;
    }
    append(catResults, 
      h('ul', { class: 'word-list' },
        found.items.map((word) => {
          const action = word.in_deck
            ? h('span', { class: 'badge ok', text: '✓ In deck' })
            : h('button', { type: 'button', class: 'secondary', 'aria-label': `Add ${headword(word)}` }, 'Add');
          if (!word.in_deck) action.addEventListener('click', () => addCatalogue(word, action));
          return h('li', { class: 'word-item' },
            h('div', { class: 'word-main' },
              h('strong', { lang: 'de', text: headword(word) }),
              h('span', { class: 'muted', text: ` ${word.level} · ${word.translations.join(', ')}` })),
            action);
        })),
      pager(found, (page) => { catPage = page; loadCatalogue(); }, 'catalogue'),
    );
  }

  const catForm = h(
    'form',
    { role: 'search', class: 'stack', on: { submit: (e) => { e.preventDefault(); catPage = 1; loadCatalogue(); } } },
    h('label', { for: 'deck-cat-q', text: 'Search the catalogue (German or English)' }),
    h('div', { class: 'row' }, catQuery, h('button', { type: 'submit', class: 'secondary' }, 'Search')),
    h('label', { for: 'deck-cat-level', text: 'Level' }),
    catLevel,
  );
  catQuery.addEventListener('input', () => {
    clearTimeout(catTimer);
    catTimer = setTimeout(() => { catPage = 1; loadCatalogue(); }, 300);
  });
  catLevel.addEventListener('change', () => { catPage = 1; loadCatalogue(); });

  // --- recommendations and starter packs ---------------------------------------------------
  const recBox = h('div', { class: 'recommendations' });
  const packBox = h('div', { class: 'starter-packs' });

  async function loadRecommendations() {
    try {
      const words = await api('GET', '/vocabulary/recommendations');
      clear(recBox);
      if (!words.length) return;
      append(recBox, 
        h('h2', { text: 'Suggested next words' }),
        h('ul', { class: 'word-list' },
          words.map((word) => {
            const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Add ${word.display}` }, 'Add');
            button.addEventListener('click', async () => {
              button.disabled = true;
              try {
                const json = word.vocabulary_id ? { vocabulary_id: word.vocabulary_id } : { text: word.lemma, force: true };
                await api('POST', '/vocabulary/deck', { json });
                button.replaceWith(h('span', { class: 'badge ok', text: '✓ In deck' }));
              } catch (err) {
                button.disabled = false;
                toast(errorMessage(err), 'error');
              }
            });
            return h('li', { class: 'word-item' },
              h('div', { class: 'word-main' },
                h('strong', { lang: 'de', text: word.display }),
                h('span', { class: 'muted', text: ` ${word.level || ''} · ${word.translations.join(', ')}` })),
              button);
          })),
      );
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  }

  // One level's packs at a time (the learner's own first): the level's pack and its topics.
  const packLevel = h('select', { id: 'deck-pack-level' }, LEVELS.map((l) => h('option', { value: l, text: l })));
  packLevel.value = LEVELS.includes(me && me.cefr_level) ? me.cefr_level : 'A1';
  packLevel.addEventListener('change', () => loadPacks());
  const packList = h('div', { 'aria-live': 'polite' });
  append(packBox,
    h('h2', { id: 'deck-packs-title', text: 'Starter packs' }),
    h('p', { class: 'muted', text: 'The most frequent words of a level, or of one topic, added in one go into their own list.' }),
    h('div', { class: 'field' }, h('label', { for: 'deck-pack-level', text: 'Packs for level' }), packLevel),
    packList);

  async function loadPacks() {
    try {
      const packs = await api('GET', '/vocabulary/starter-packs', { query: { level: packLevel.value } });
      clear(packList);
      if (!packs.length) {
        append(packList, h('p', { class: 'muted', text: `No starter packs for ${packLevel.value}.` }));
        return;
      }
      append(packList,
        h('ul', { class: 'pack-list' },
          packs.map((pack) => {
            const name = pack.topic ? `${pack.level} · ${pack.topic}` : `${pack.level} · most frequent words`;
            const complete = pack.in_deck >= pack.word_count;
            const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Add the pack ${name}` }, complete ? 'Added' : 'Add pack');
            if (complete) button.disabled = true;
            button.addEventListener('click', async () => {
              button.disabled = true;
              try {
                const query = pack.topic ? { topic: pack.topic } : {};
                const added = await api('POST', `/vocabulary/starter-packs/${pack.level}`, { query });
                toast(`${added.added} words added to the list “${added.list.name}”.`, 'ok');
                navigate(`#/deck?tab=lists`);
              } catch (err) {
                button.disabled = false;
                toast(errorMessage(err), 'error');
              }
            });
            return h('li', { class: 'pack' },
              h('div', {},
                h('strong', { text: name }),
                h('span', { class: 'muted', text: ` · ${pack.word_count} words, ${pack.in_deck} in your deck` }),
                h('p', { class: 'muted', lang: 'de', text: `${pack.preview.join(', ')} …` })),
              button);
          })),
      );
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  }

  append(container, 
    h('section', { class: 'deck-panel', 'aria-labelledby': 'deck-add-title' },
      h('h2', { id: 'deck-add-title', text: 'Add a word' }), addForm),
    h('section', { class: 'deck-panel', 'aria-labelledby': 'deck-cat-title' },
      h('h2', { id: 'deck-cat-title', text: 'Catalogue' }), catForm, catResults),
    h('section', { class: 'deck-panel' }, recBox),
    h('section', { class: 'deck-panel', 'aria-labelledby': 'deck-packs-title' }, packBox),
  );
  loadCatalogue();
  loadRecommendations();
  loadPacks();
}

/** "Previous · Page 2 of 5 · Next" for a Page answer. */
export function pager(found, go, name) {
  const pages = Math.max(1, Math.ceil(found.total / found.page_size));
  if (pages <= 1) return null;
  const previous = h('button', { type: 'button', class: 'secondary', 'aria-label': `Previous ${name} page` }, '← Previous');
  const next = h('button', { type: 'button', class: 'secondary', 'aria-label': `Next ${name} page` }, 'Next →');
  if (found.page <= 1) previous.disabled = true;
  if (found.page >= pages) next.disabled = true;
  previous.addEventListener('click', () => go(found.page - 1));
  next.addEventListener('click', () => go(found.page + 1));
  return h('nav', { class: 'pager', 'aria-label': `${name} pages` },
    previous, h('span', { text: `Page ${found.page} of ${pages}` }), next);
}
