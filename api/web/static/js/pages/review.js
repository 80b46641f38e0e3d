// Review: one card at a time from /reviews/next. Space shows the answer, 1–4 rate,
// U undoes the last review; recall cards are typed (with the umlaut row), article cards
// take der/die/das (1–3). The verdict reads as in the bot; the end shows the goal.
import { api } from '../api.js';
import { h, clear, toast, errorMessage, umlautRow, append } from '../ui.js';
import { RATINGS, interval, cardBack, verdictBlock } from '../review-format.js';

const ARTICLES = ['der', 'die', 'das'];
const MAX_DURATION_MS = 3_600_000;
// The typed kinds: the answer box's label and what to type (recall's depends on the word).
const TYPED = {
  recall: { label: 'German' },
  plural: { label: 'Plural', hint: 'Type the plural, with or without “die”.' },
  verb_forms: {
    label: 'Präteritum, Perfekt',
    hint: 'Type both, with a comma between; the Perfekt with hat or ist.',
  },
  other: { label: 'Your answer', hint: 'Type your answer.' },
};

export async function render(main, ctx) {
  const listId = ctx.params.get('list_id');
  const newOnly = ctx.params.get('new_only') === 'true'; // as Today links it: #/review?new_only=true
  const filter = {};
  if (listId) filter.list_id = listId;
  if (newOnly) filter.new_only = 'true';

  const state = {
    face: null,
    stage: 'loading', // front | back | result | done | empty
    result: null,
    overridden: false,
    note: null,
    done: 0,
    total: 0,
    rated: [], // ratings of this session's reviews, newest last (undo pops)
    shownAt: Date.now(),
    busy: false,
  };

  const title = h('h1', { text: 'Review' });
  const progressLine = h('p', { class: 'review-progress muted', 'aria-live': 'polite' });
  const stage = h('section', { class: 'review-stage stage-loading', 'aria-label': 'Card', tabindex: '-1' });
  const footer = h('div', { class: 'review-footer' });
  const keysHelp = h(
    'p',
    { class: 'review-keys muted' },
    h('kbd', { text: 'Space' }), ' show · ',
    h('kbd', { text: '1' }), '–', h('kbd', { text: '4' }), ' rate · ',
    h('kbd', { text: 'U' }), ' undo · ',
    h('kbd', { text: 'Esc' }), ' leave the answer box',
  );
  append(main, h('div', { class: 'review' }, title, progressLine, stage, footer, keysHelp));

  if (listId) {
    try {
      const lists = await api('GET', '/vocabulary/lists');
      const list = lists.find((l) => String(l.id) === listId);
      if (list) title.textContent = `Review: ${list.name}`;
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  } else if (newOnly) {
    title.textContent = 'New words';
  }

  async function loadTotal() {
    try {
      const query = listId ? { list_id: listId } : {};
      const summary = await api('GET', '/reviews/summary', { query });
      state.total = newOnly ? summary.new_available : summary.total_due;
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  }

  async function loadNext() {
    const cards = await api('GET', '/reviews/next', { query: { limit: 1, ...filter } });
    state.result = null;
    state.overridden = false;
    if (cards.length === 0) {
      state.face = null;
      state.stage = state.done ? 'done' : 'empty';
    } else {
      state.face = cards[0];
      state.stage = 'front';
      state.shownAt = Date.now();
    }
  }

  function updateProgress() {
    if (state.stage === 'done' || state.stage === 'empty') {
      progressLine.textContent = '';
      return;
    }
    // The card on screen: the next one, or (with its verdict) the one just answered.
    const position = state.stage === 'result' ? Math.max(state.done, 1) : state.done + 1;
    const total = Math.max(state.total, position);
    const newWord = state.face && state.face.phase === 'new' ? ' · new word' : '';
    progressLine.textContent = `${position} of ${total}${newWord}`;
  }

  function duration() {
    return Math.min(Math.max(Date.now() - state.shownAt, 0), MAX_DURATION_MS);
  }

  // Runs one API step at a time (a double key press sends one review, not two).
  async function step(fn) {
    if (state.busy) return;
    state.busy = true;
    try {
      await fn();
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      state.busy = false;
    }
    draw();
  }

  const reveal = () => {
    if (state.stage !== 'front' || !state.face) return;
    state.stage = 'back';
    draw();
  };

  const rate = (rating) =>
    step(async () => {
      if (state.stage !== 'back') return;
      await api('POST', '/reviews', {
        json: { card_id: state.face.card_id, rating, duration_ms: duration() },
      });
      state.done += 1;
      state.rated.push(rating);
      state.note = null;
      await loadNext();
      if (state.stage === 'done') await finish();
    });

  const answer = (text) =>
    step(async () => {
      if (state.stage !== 'front') return;
      const result = await api('POST', '/reviews', {
        json: { card_id: state.face.card_id, answer: text, duration_ms: duration() },
      });
      state.done += 1;
      state.rated.push(result.rating);
      state.result = result;
      state.note = null;
      state.stage = 'result';
    });

  const next = () =>
    step(async () => {
      if (state.stage !== 'result') return;
      state.note = null;
      await loadNext();
      if (state.stage === 'done') await finish();
    });

  const override = () =>
    step(async () => {
      if (state.stage !== 'result' || !state.result || state.overridden) return;
      const result = await api('POST', `/reviews/${state.result.review_id}/override`);
      state.rated[state.rated.length - 1] = result.rating;
      state.result = { ...state.result, due_at: result.due_at };
      state.overridden = true;
      state.note = `✓ Counted as right: ${result.expected} (Good, back in ${interval(result.due_at)}).`;
    });

  const undo = () =>
    step(async () => {
      if (!state.done) {
        toast('Nothing to undo in this session.');
        return;
      }
      const face = await api('POST', '/reviews/undo');
      state.done -= 1;
      state.rated.pop();
      state.face = face;
      state.result = null;
      state.overridden = false;
      state.stage = 'front';
      state.shownAt = Date.now();
      state.note = '↩ Undone. Here it is again:';
    });

  let goal = null;
  async function finish() {
    goal = null;
    try {
      goal = await api('GET', '/progress', { query: { days: 1 } });
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
    if (ctx.refreshHeader) ctx.refreshHeader();
  }

  function noteLine() {
    return state.note ? h('p', { class: 'review-note', role: 'status', text: state.note }) : null;
  }

  function frontView(face) {
    if (face.kind === 'recognition') {
      return [
        h('p', { class: 'card-prompt', lang: 'de' }, h('strong', { text: face.prompt })),
        h('p', { class: 'muted', text: 'What does it mean?' }),
        h(
          'div',
          { class: 'review-actions' },
          h('button', { type: 'button', class: 'primary', on: { click: reveal } }, 'Show answer ', h('kbd', { text: 'Space' })),
        ),
      ];
    }
    if (face.kind === 'article') {
      return [
        h('p', { class: 'card-prompt', lang: 'de' }, h('strong', { text: face.prompt })),
        h('p', { class: 'muted', text: 'der, die or das?' }),
        h(
          'div',
          { class: 'review-actions article-choices', role: 'group', 'aria-label': 'Article' },
          (face.choices || ARTICLES).map((article, i) =>
            h(
              'button',
              { type: 'button', class: 'choice', lang: 'de', on: { click: () => answer(article) } },
              article, ' ', h('kbd', { text: String(i + 1) }),
            ),
          ),
        ),
      ];
    }
    // recall (typed German), plural and verb forms: typed, with the umlaut row
    const typed = TYPED[face.kind] || TYPED.other;
    const recall = face.kind === 'recall';
    const input = h('input', {
      id: 'review-answer',
      type: 'text',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      lang: 'de',
      maxlength: '500',
      'aria-describedby': 'review-answer-hint',
    });
    const hint = recall ? `Type it in German${face.article ? ' (with der/die/das).' : '.'}` : typed.hint;
    const form = h(
      'form',
      {
        class: 'review-typed',
        on: {
          submit: (event) => {
            event.preventDefault();
            const text = input.value.trim();
            if (!text) {
              input.focus();
              toast('Type your answer, or press “I don’t know”.');
              return;
            }
            answer(text);
          },
        },
      },
      h('label', { for: 'review-answer', text: recall && face.article ? 'German (with der/die/das)' : typed.label }),
      input,
      umlautRow(input),
      h(
        'div',
        { class: 'review-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Check ', h('kbd', { text: 'Enter' })),
        h('button', { type: 'button', class: 'secondary', on: { click: reveal } }, 'I don’t know — show me'),
      ),
    );
    return [
      h('p', { class: 'card-prompt', lang: recall ? null : 'de' }, h('strong', { text: face.prompt })),
      h('p', { class: 'muted', id: 'review-answer-hint', text: hint }),
      form,
    ];
  }

  function ratingButtons(face) {
    const now = new Date();
    return h(
      'div',
      { class: 'rating-buttons', role: 'group', 'aria-label': 'How well did you know it?' },
      RATINGS.map(({ value, key, label }) =>
        h(
          'button',
          {
            type: 'button',
            class: `rate rate-${key}`,
            'aria-label': `${label}: back in ${interval(face.next_due[key], now)} (key ${value})`,
            on: { click: () => rate(value) },
          },
          h('span', { class: 'rate-label', text: label }),
          h('span', { class: 'rate-interval', text: interval(face.next_due[key], now) }),
          h('kbd', { text: String(value) }),
        ),
      ),
    );
  }

  function resultView() {
    const { result, face } = state;
    const rating = RATINGS.find((r) => r.value === result.rating);
    const showOverride =
      !state.overridden && result.marked && (result.verdict === 'wrong' || result.verdict === 'typo');
    return [
      verdictBlock(result),
      result.leech
        ? h('p', { class: 'review-note' }, `${face.lemma} kept slipping, so I paused that card. Unpause it in Deck when you’re ready.`)
        : null,
      cardBack(face),
      state.overridden
        ? null
        : h('p', { class: 'muted', text: `${rating ? rating.label : ''} · back in ${interval(result.due_at)}` }),
      h(
        'div',
        { class: 'review-actions' },
        h('button', { type: 'button', class: 'primary', id: 'review-next', on: { click: next } }, 'Next ', h('kbd', { text: 'Space' })),
        showOverride ? h('button', { type: 'button', class: 'secondary', on: { click: override } }, 'I was right') : null,
      ),
    ];
  }

  function summaryView() {
    const counts = RATINGS.map(({ value, label }) => ({
      label,
      n: state.rated.filter((r) => r === value).length,
    })).filter((c) => c.n);
    const done = state.done;
    const parts = [
      h('h2', { text: 'Fertig!' }),
      h('p', { text: `${done} card${done === 1 ? '' : 's'} reviewed. Gut gemacht!` }),
      counts.length
        ? h('ul', { class: 'review-counts' }, counts.map((c) => h('li', { text: `${c.label}: ${c.n}` })))
        : null,
    ];
    if (goal) {
      const pct = goal.goal ? Math.min(100, Math.round((goal.xp_today / goal.goal) * 100)) : 100;
      const bar = h('progress', { id: 'review-goal', max: '100', value: String(pct) });
      parts.push(
        h(
          'div',
          { class: 'review-goal' },
          h('label', { for: 'review-goal', text: `Daily goal: ${goal.xp_today} / ${goal.goal} XP` }),
          bar,
          h('p', {
            text: goal.goal_met
              ? `Goal met! Streak: ${goal.streak.current} day${goal.streak.current === 1 ? '' : 's'}.`
              : `${Math.max(goal.goal - goal.xp_today, 0)} XP to go today.`,
          }),
        ),
      );
    }
    parts.push(
      h(
        'div',
        { class: 'review-actions' },
        h('a', { class: 'button primary', href: '#/today' }, 'Back to Today'),
        h('a', { class: 'button secondary', href: '#/deck?tab=add' }, 'Add words'),
      ),
    );
    return parts;
  }

  function emptyView() {
    return [
      h('h2', { text: 'Nothing due right now.' }),
      h(
        'p',
        {},
        listId ? 'Nothing due in this list — ' : newOnly ? 'No new words left for today — ' : 'Nothing due — ',
        h('a', { href: '#/deck?tab=add' }, 'add words in Deck'),
        '.',
      ),
    ];
  }

  function draw() {
    clear(stage);
    clear(footer);
    updateProgress();
    const face = state.face;
    let body;
    if (state.stage === 'loading') body = [h('p', { class: 'muted', text: 'Loading…' })];
    else if (state.stage === 'empty') body = emptyView();
    else if (state.stage === 'done') body = summaryView();
    else if (state.stage === 'front') body = frontView(face);
    else if (state.stage === 'back') body = [cardBack(face), ratingButtons(face)];
    else body = resultView();
    stage.className = `review-stage stage-${state.stage}`;
    keysHelp.hidden = state.stage === 'done' || state.stage === 'empty';
    stage.dataset.kind = face ? face.kind : '';
    append(stage, ...[noteLine(), ...body].filter(Boolean));
    if (state.done) {
      append(footer, h('button', { type: 'button', class: 'link-button', on: { click: undo } }, '↩ Undo last ', h('kbd', { text: 'U' })));
    }
    // Where the keyboard goes next: the answer box, the Next button, or the card itself.
    const typed = stage.querySelector('#review-answer');
    const nextButton = stage.querySelector('#review-next');
    if (typed) typed.focus();
    else if (nextButton) nextButton.focus();
    else stage.focus();
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    const tag = target && target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable)) {
      // Esc leaves the answer box, so the keys (U, Space) work again.
      if (event.key === 'Escape' && target.id === 'review-answer') {
        event.preventDefault();
        stage.focus();
      }
      return;
    }
    // A focused button or link answers Space/Enter itself.
    if ((tag === 'BUTTON' || tag === 'A') && (event.key === ' ' || event.key === 'Enter')) return;
    const key = event.key;
    if (key === ' ' || key === 'Enter') {
      if (state.stage === 'front' && state.face && state.face.kind === 'recognition') reveal();
      else if (state.stage === 'result') next();
      else return;
    } else if (key >= '1' && key <= '4') {
      const value = Number(key);
      if (state.stage === 'back') rate(value);
      else if (state.stage === 'front' && state.face && state.face.kind === 'article' && value <= 3) {
        answer((state.face.choices || ARTICLES)[value - 1]);
      } else return;
    } else if (key === 'u' || key === 'U') {
      undo();
    } else return;
    event.preventDefault();
  }

  draw();
  document.addEventListener('keydown', onKey);
  try {
    await loadTotal();
    await loadNext();
  } catch (err) {
    state.stage = 'empty';
    toast(errorMessage(err), 'error');
  }
  draw();
  return () => document.removeEventListener('keydown', onKey);
}

