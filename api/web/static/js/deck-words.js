// My words: browse with filters and paging, and one word's screen (edit, pause, move to a
// list, delete with undo).
import { api } from './api.js';
import { h, clear, toast, errorMessage, append } from './ui.js';
import { pager } from './deck-add.js';
import { interval } from './review-format.js';

const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
const STATES = [
  ['', 'Any state'],
  ['new', 'New'],
  ['learning', 'Learning'],
  ['review', 'In review'],
  ['suspended', 'Paused'],
  ['leech', 'Leech (paused)'],
];
const STATE_LABELS = Object.fromEntries(STATES);
const KIND_LABELS = { plural: 'Plural card', verb_forms: 'Verb forms card (Präteritum, Perfekt)' };

/** "Plural card (die Katze → die Katzen)": the word's own example where the data has it. */
function kindLabel(kind, word) {
  if (kind === 'plural' && word.plural) return `Plural card (${headword(word)} → die ${word.plural})`;
  return KIND_LABELS[kind] || kind;
}
const CARD_NAMES = {
  recognition: 'Meaning',
  recall: 'German (typed)',
  article: 'Article',
  plural: 'Plural (typed)',
  verb_forms: 'Verb forms (typed)',
};
const PAGE_SIZE = 20;

// The word deleted last, so the list can offer "Undo" after the word screen is gone.
let lastDeleted = null;

function headword(word) {
  return word.article ? `${word.article} ${word.lemma}` : word.lemma;
}

function dueText(word) {
  if (!word.due_at) return '';
  const due = new Date(word.due_at);
  return due <= new Date() ? 'due now' : `due in ${interval(due)}`;
}

function select(id, options, value) {
  const el = h('select', { id }, options.map(([v, label]) => h('option', { value: v, text: label })));
  el.value = value || '';
  return el;
}

export async function renderWords(container, { params, refreshOverview }) {
  const lists = await api('GET', '/vocabulary/lists').catch((err) => {
    toast(errorMessage(err), 'error');
    return [];
  });
  const q = h('input', { id: 'deck-q', type: 'search', autocomplete: 'off', maxlength: '80' });
  q.value = params.get('q') || '';
  const state = select('deck-state', STATES, params.get('state'));
  const list = select('deck-list', [['', 'Any list'], ...lists.map((l) => [String(l.id), l.name])], params.get('list_id'));
  const level = select('deck-level', [['', 'Any level'], ...LEVELS.map((l) => [l, l])], params.get('level'));
  const results = h('div', { class: 'deck-results', 'aria-live': 'polite' });
  const undoBox = h('div', { class: 'deck-undo' });
  let page = Number(params.get('page')) || 1;
  let timer = null;

  function showUndo() {
    clear(undoBox);
    if (!lastDeleted) return;
    const deleted = lastDeleted;
    const button = h('button', { type: 'button', class: 'secondary' }, 'Undo');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('POST', `/vocabulary/deck/${deleted.id}/restore`);
        lastDeleted = null;
        refreshOverview();
        toast(`${deleted.label} is back.`, 'ok');
        showUndo();
        load();
      } catch (err) {
        button.disabled = false;
        toast(errorMessage(err), 'error');
      }
    });
    append(undoBox, h('p', { class: 'notice', role: 'status' }, `Deleted “${deleted.label}”. `, button));
  }

  async function load() {
    const query = { page, page_size: PAGE_SIZE };
    if (q.value.trim()) query.q = q.value.trim();
    if (state.value) query.state = state.value;
    if (list.value) query.list_id = list.value;
    if (level.value) query.level = level.value;
    let found;
    try {
      found = await api('GET', '/vocabulary/deck', { query });
    } catch (err) {
      clear(results);
      append(results, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
      return;
    }
    clear(results);
    const filtered = query.q || query.state || query.list_id || query.level;
    if (!found.items.length) {
      append(results, 
        filtered
          ? h('p', { class: 'muted', text: 'No words match these filters.' })
          : h('p', {}, 'Your deck is empty. ', h('a', { href: '#/deck?tab=add' }, 'Add your first words'), '.'),
      );
      return;
    }
    append(results, 
      h('p', { class: 'muted', text: `${found.total} word${found.total === 1 ? '' : 's'}` }),
      h('ul', { class: 'word-list' },
        found.items.map((word) =>
          h('li', { class: 'word-item' },
            h('a', { class: 'word-main', href: `#/deck?word=${word.id}` },
              h('strong', { lang: 'de', text: headword(word) }),
              h('span', { class: 'muted', text: ` ${word.translations.join(', ') || '…'}` })),
            h('span', { class: `badge state-${word.state}`, text: STATE_LABELS[word.state] || word.state }),
            h('span', { class: 'muted due', text: dueText(word) })))),
      pager(found, (p) => { page = p; load(); }, 'word'),
    );
  }

  const reload = () => { page = 1; load(); };
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(reload, 300); });
  for (const el of [state, list, level]) el.addEventListener('change', reload);

  append(container, 
    undoBox,
    h('form', { role: 'search', class: 'deck-filters', on: { submit: (e) => { e.preventDefault(); reload(); } } },
      h('div', { class: 'field grow' }, h('label', { for: 'deck-q', text: 'Search my words' }), q),
      h('div', { class: 'field' }, h('label', { for: 'deck-state', text: 'State' }), state),
      h('div', { class: 'field' }, h('label', { for: 'deck-list', text: 'List' }), list),
      h('div', { class: 'field' }, h('label', { for: 'deck-level', text: 'Level' }), level)),
    results,
  );
  showUndo();
  await load();
}

export async function renderWord(container, { id, navigate, me }) {
  let word;
  let lists;
  try {
    [word, lists] = await Promise.all([
      api('GET', `/vocabulary/deck/${id}`),
      api('GET', '/vocabulary/lists'),
    ]);
  } catch (err) {
    append(container, 
      h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }),
      h('a', { href: '#/deck' }, '← My words'),
    );
    return;
  }
  const body = h('div', { class: 'word-screen' });
  append(container, h('a', { class: 'back-link', href: '#/deck' }, '← My words'), body);

  function draw() {
    clear(body);
    const facts = [
      word.pos,
      word.plural ? `Plural: die ${word.plural}` : null,
      word.level,
      STATE_LABELS[word.state] || word.state,
    ].filter(Boolean);

    const translations = h('input', { id: 'word-translations', type: 'text', maxlength: '600' });
    translations.value = word.translations.join('; ');
    const exampleDe = h('input', { id: 'word-example-de', type: 'text', lang: 'de', maxlength: '300' });
    exampleDe.value = word.example_de || '';
    const exampleEn = h('input', { id: 'word-example-en', type: 'text', maxlength: '300' });
    exampleEn.value = word.example_en || '';
    const tags = h('input', { id: 'word-tags', type: 'text', maxlength: '400' });
    tags.value = word.tags.join(', ');
    const formStatus = h('div', { 'aria-live': 'polite' });

    const editForm = h(
      'form',
      {
        class: 'stack',
        on: {
          submit: async (e) => {
            e.preventDefault();
            clear(formStatus);
            const changes = {
              translations: translations.value.split(';').map((t) => t.trim()).filter(Boolean),
              example_de: exampleDe.value.trim(),
              example_en: exampleEn.value.trim(),
              tags: tags.value.split(/[;,]/).map((t) => t.trim()).filter(Boolean),
            };
            if (!changes.translations.length) delete changes.translations;
            try {
              word = await api('PATCH', `/vocabulary/deck/${word.id}`, { json: changes });
              draw();
              toast('Saved.', 'ok');
            } catch (err) {
              append(formStatus, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
            }
          },
        },
      },
      h('label', { for: 'word-translations', text: 'Translation (several: separate with ;)' }), translations,
      h('label', { for: 'word-example-de', text: 'Example (German)' }), exampleDe,
      h('label', { for: 'word-example-en', text: 'Example (English)' }), exampleEn,
      h('label', { for: 'word-tags', text: 'Tags (separate with ,)' }), tags,
      h('button', { type: 'submit', class: 'primary' }, 'Save'),
      formStatus,
    );

    const paused = word.suspended || word.state === 'leech';
    const pauseButton = h('button', { type: 'button', class: 'secondary' }, paused ? 'Unpause' : 'Pause');
    pauseButton.addEventListener('click', async () => {
      try {
        word = await api('PATCH', `/vocabulary/deck/${word.id}`, { json: { suspended: !paused } });
        toast(paused ? `${word.lemma} is back in your reviews.` : `${word.lemma} is paused.`, 'ok');
        draw();
      } catch (err) {
        toast(errorMessage(err), 'error');
      }
    });

    const current = word.lists.length ? String(word.lists[0]) : '';
    const listSelect = select('word-list', [['', 'No list'], ...lists.map((l) => [String(l.id), l.name])], current);
    const moveForm = h(
      'form',
      {
        class: 'row',
        on: {
          submit: async (e) => {
            e.preventDefault();
            try {
              word = await api('PUT', `/vocabulary/deck/${word.id}/list`, {
                json: { list_id: listSelect.value ? Number(listSelect.value) : null },
              });
              const name = lists.find((l) => String(l.id) === listSelect.value);
              toast(name ? `Moved to “${name.name}”.` : 'Taken out of its lists.', 'ok');
              draw();
            } catch (err) {
              toast(errorMessage(err), 'error');
            }
          },
        },
      },
      h('label', { for: 'word-list', text: 'List' }), listSelect, h('button', { type: 'submit', class: 'secondary' }, 'Move'),
    );

    // The optional typed cards this word allows (when the API has card kinds): on or off
    // for this word, or back to following the learner's setting.
    const kinds = Array.isArray(word.card_kinds) ? word.card_kinds : [];
    const setKind = async (kind, on) => {
      try {
        word = await api('PATCH', `/vocabulary/deck/${word.id}`, { json: { card_kinds: { [kind]: on } } });
        toast('Saved.', 'ok');
        draw();
      } catch (err) {
        toast(errorMessage(err), 'error');
      }
    };
    // Three choices per kind: follow the setting (null), on or off for this word.
    const kindsBox = kinds.length
      ? h('fieldset', { class: 'word-kinds' },
          h('legend', { text: 'Extra cards for this word' }),
          kinds.map((k) => {
            const id = `word-kind-${k.kind}`;
            // What the setting says: the word's state when it follows it, else the profile's.
            const setting = k.chosen_for_word
              ? me && Array.isArray(me.card_kinds) ? me.card_kinds.includes(k.kind) : null
              : k.on;
            const now = setting === null ? '' : setting ? ' (on)' : ' (off)';
            const choice = h('select', { id },
              h('option', { value: 'follow', text: `Follow my setting${now}` }),
              h('option', { value: 'on', text: 'On for this word' }),
              h('option', { value: 'off', text: 'Off for this word' }));
            choice.value = k.chosen_for_word ? (k.on ? 'on' : 'off') : 'follow';
            choice.addEventListener('change', () =>
              setKind(k.kind, choice.value === 'follow' ? null : choice.value === 'on'));
            return h('div', { class: 'field' },
              h('label', { for: id, text: kindLabel(k.kind, word) }),
              choice);
          }),
          h('p', { class: 'hint muted' }, 'Typed cards with their own schedule. Turn them on for all your words in ',
            h('a', { href: '#/settings' }, 'Settings'), '.'))
      : null;

    const deleteButton = h('button', { type: 'button', class: 'danger' }, 'Delete word');
    deleteButton.addEventListener('click', async () => {
      try {
        await api('DELETE', `/vocabulary/deck/${word.id}`);
        lastDeleted = { id: word.id, label: headword(word) };
        navigate('#/deck');
      } catch (err) {
        toast(errorMessage(err), 'error');
      }
    });

    append(body, 
      h('h2', { class: 'word-title', lang: 'de', text: headword(word) }),
      h('p', { class: 'muted', text: facts.join(' · ') }),
      word.enrichment === 'pending' ? h('p', { class: 'notice', text: 'The tutor is adding a translation and an example…' }) : null,
      word.example_de ? h('blockquote', {}, h('p', { lang: 'de' }, h('em', { text: word.example_de })), word.example_en ? h('p', { text: word.example_en }) : null) : null,
      h('section', { class: 'deck-panel', 'aria-labelledby': 'word-edit-title' }, h('h3', { id: 'word-edit-title', text: 'Edit' }), editForm),
      h('section', { class: 'deck-panel', 'aria-labelledby': 'word-actions-title' },
        h('h3', { id: 'word-actions-title', text: 'Study' }),
        h('div', { class: 'row' }, pauseButton),
        moveForm,
        kindsBox),
      h('section', { class: 'deck-panel', 'aria-labelledby': 'word-cards-title' },
        h('h3', { id: 'word-cards-title', text: 'Cards' }),
        h('div', { class: 'table-wrap' }, h('table', { class: 'cards-table' },
          h('thead', {}, h('tr', {}, ['Card', 'Phase', 'Due', 'Reviews', 'Lapses'].map((t) => h('th', { scope: 'col', text: t })))),
          h('tbody', {}, word.cards.map((card) => h('tr', {},
            h('td', { text: CARD_NAMES[card.kind] || card.kind }),
            h('td', { text: card.suspended ? 'paused' : card.phase }),
            h('td', { text: card.suspended ? '—' : new Date(card.due_at) <= new Date() ? 'now' : `in ${interval(card.due_at)}` }),
            h('td', { text: String(card.reps) }),
            h('td', { text: String(card.lapses) }))))))),
      h('div', { class: 'row danger-zone' }, deleteButton),
    );
  }
  draw();
}
