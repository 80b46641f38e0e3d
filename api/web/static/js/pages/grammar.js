// Grammar: topics by level, a topic's explanation, drills of the five exercise kinds
// (multiple choice, fill in the blank, error correction, translation, word order built by
// tapping or dragging words) and the placement test.
//   #/grammar                       topics
//   #/grammar?topic=<slug>          one topic
//   #/grammar?drill=<id|current>    a drill
//   #/grammar?placement=<id|new>    the placement test
import { api, ApiError } from '../api.js';
import { h, toast, errorMessage, umlautRow } from '../ui.js';
import { markdown } from '../grammar-markdown.js';
import { wordOrderBuilder } from '../grammar-words.js';

const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1'];
const VERDICTS = {
  correct: ['✅', 'Richtig!'],
  typo: ['🟡', 'Almost — accepted.'],
  wrong: ['❌', 'Not quite.'],
};
const KIND_NAMES = {
  multiple_choice: 'Multiple choice',
  fill_blank: 'Fill in the blank',
  error_correction: 'Correct the mistake',
  translation: 'Translation',
  word_order: 'Word order',
};
const JUDGING_POLL_MS = 1500;

export async function render(outer, ctx) {
  // Everything goes into this page's own element: once the router moves on and empties
  // <main>, whatever this page still draws after an await lands in a detached element.
  const main = h('div', { class: 'page-body' });
  outer.append(main);
  const page = { alive: true, keys: null, timer: null };
  const cleanup = () => {
    page.alive = false;
    if (page.keys) document.removeEventListener('keydown', page.keys);
    clearTimeout(page.timer);
  };
  const { params } = ctx;
  try {
    if (params.get('drill')) await drillPage(main, ctx, page, params.get('drill'));
    else if (params.get('placement')) await placementPage(main, ctx, page, params.get('placement'));
    else if (params.get('topic')) await topicPage(main, ctx, params.get('topic'));
    else await topicsPage(main, ctx, params.get('level'));
  } catch (err) {
    main.replaceChildren(
      h('h1', {}, 'Grammar'),
      h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)),
      h('p', {}, h('a', { href: '#/grammar' }, 'Back to the topics')),
    );
  }
  return cleanup;
}

/** One keydown handler at a time for the page; typing in a field is never taken over. */
function setKeys(page, handler) {
  if (page.keys) document.removeEventListener('keydown', page.keys);
  page.keys = (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    if (target instanceof HTMLSelectElement) return;
    handler(event);
  };
  document.addEventListener('keydown', page.keys);
}

/** Topic titles by slug, for the lists that the API gives as slugs. */
async function topicTitles() {
  try {
    const listing = await api('GET', '/grammar/topics');
    return new Map(listing.topics.map((t) => [t.slug, t.title]));
  } catch {
    return new Map();
  }
}

function percent(x) {
  return `${Math.round(x * 100)}%`;
}

function masteryLabel(topic) {
  if (topic.mastery === null || topic.mastery === undefined) return 'new';
  return `${percent(topic.mastery)} mastered${topic.due ? ' · due' : ''}`;
}

// ---- browsing ------------------------------------------------------------------------------

async function topicsPage(main, ctx, chosenLevel) {
  const [listing, running] = await Promise.all([
    api('GET', '/grammar/topics'),
    api('GET', '/grammar/sessions/current').catch((err) => {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }),
  ]);
  const levels = LEVELS.filter((lv) => listing.topics.some((t) => t.level === lv));
  const practised = listing.topics.filter((t) => t.practised).length;
  const level = levels.includes(chosenLevel) ? chosenLevel : levels.includes(ctx.me?.cefr_level) ? ctx.me.cefr_level : levels[0];

  const startDrill = async (body, button) => {
    button.disabled = true;
    try {
      const drill = await api('POST', '/grammar/sessions', { json: body });
      ctx.navigate(`#/grammar?drill=${drill.id}`);
    } catch (err) {
      toast(errorMessage(err), 'error');
      button.disabled = false;
    }
  };
  const actions = h('div', { class: 'row gr-actions' });
  if (running && running.status === 'active') {
    actions.append(h('a', { class: 'button primary', href: `#/grammar?drill=${running.id}` }, `▶ Continue “${running.title}”`));
  }
  const dueButton = h('button', { type: 'button', class: running ? 'secondary' : 'primary' }, `🔁 Due topics (${listing.due_count})`);
  dueButton.disabled = listing.due_count === 0;
  dueButton.addEventListener('click', () => startDrill({ source: 'due' }, dueButton));
  const weakButton = h('button', { type: 'button', class: 'secondary' }, '🎯 Weak areas');
  weakButton.addEventListener('click', () => startDrill({ source: 'weak' }, weakButton));
  actions.append(dueButton, weakButton, h('a', { class: 'button secondary', href: '#/grammar?placement=new' }, '🧭 Placement test'));

  const tabs = h(
    'nav',
    { class: 'tabs gr-levels', 'aria-label': 'Levels' },
    levels.map((lv) => {
      const link = h(
        'a',
        { href: `#/grammar?level=${lv}` },
        `${lv} · ${listing.topics.filter((t) => t.level === lv).length}`,
      );
      if (lv === level) link.setAttribute('aria-current', 'page');
      return link;
    }),
  );
  const topics = listing.topics.filter((t) => t.level === level);
  main.append(
    h('h1', {}, 'Grammar'),
    h('p', { class: 'muted' }, `${listing.topics.length} topics · ${practised} practised · ${listing.due_count} due for practice`),
    actions,
    tabs,
    h(
      'ul',
      { class: 'gr-topics cards', 'aria-label': `${level} topics` },
      topics.map((topic) =>
        h(
          'li',
          { class: 'card' },
          h('a', { href: `#/grammar?topic=${encodeURIComponent(topic.slug)}`, class: 'gr-topic-link' }, topic.title),
          h('p', { class: 'muted' }, topic.summary),
          h(
            'p',
            { class: 'gr-meta' },
            h('span', { class: topic.due ? 'gr-badge due' : 'gr-badge' }, masteryLabel(topic)),
            ` · ${topic.exercises} exercises · ${topic.category}`,
          ),
          topic.mastery !== null && topic.mastery !== undefined
            ? h('progress', { max: '100', value: String(Math.round(topic.mastery * 100)), 'aria-label': `Mastery of ${topic.title}` })
            : null,
        ),
      ),
    ),
  );
}

async function topicPage(main, ctx, slug) {
  const [topic, titles] = await Promise.all([api('GET', `/grammar/topics/${encodeURIComponent(slug)}`), topicTitles()]);
  const start = h('button', { type: 'button', class: 'primary', 'data-testid': 'start-drill' }, `▶ Practise (${Math.min(10, topic.exercises)} exercises)`);
  start.addEventListener('click', async () => {
    start.disabled = true;
    try {
      const drill = await api('POST', '/grammar/sessions', { json: { source: 'topic', topic: topic.slug } });
      ctx.navigate(`#/grammar?drill=${drill.id}`);
    } catch (err) {
      toast(errorMessage(err), 'error');
      start.disabled = false;
    }
  });
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: `#/grammar?level=${topic.level}` }, `← ${topic.level} topics`)),
    h('h1', {}, topic.title),
    h('p', { class: 'gr-meta' }, h('span', { class: 'gr-badge' }, topic.level), ` ${topic.category} · `, masteryLabel(topic)),
    h('p', { class: 'lead' }, topic.summary),
    h('div', { class: 'row' }, start),
    h('section', { class: 'card gr-explanation', 'aria-label': 'Explanation' }, markdown(topic.explanation)),
    topic.examples.length
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Examples'),
          h('ul', { class: 'gr-examples' }, topic.examples.map((ex) => h('li', { lang: 'de' }, h('strong', {}, ex.de), h('br'), h('span', { class: 'muted', lang: 'en' }, ex.en)))),
        )
      : null,
    topic.common_mistakes.length
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Common mistakes'),
          h(
            'ul',
            { class: 'gr-mistakes' },
            topic.common_mistakes.map((m) =>
              h('li', {}, h('del', { lang: 'de' }, m.wrong), ' → ', h('strong', { lang: 'de' }, m.right), h('br'), h('span', { class: 'muted' }, m.why)),
            ),
          ),
        )
      : null,
    topic.prerequisites.length
      ? h(
          'p',
          { class: 'muted' },
          'Know first: ',
          topic.prerequisites.flatMap((p, i) => [i ? ', ' : '', h('a', { href: `#/grammar?topic=${encodeURIComponent(p)}` }, titles.get(p) || p)]),
        )
      : null,
  );
}

// ---- a drill -------------------------------------------------------------------------------

async function drillPage(main, ctx, page, which) {
  const path = which === 'current' ? '/grammar/sessions/current' : `/grammar/sessions/${encodeURIComponent(which)}`;
  const view = await api('GET', path);
  const screen = h('section', { class: 'gr-drill', 'aria-live': 'polite' });
  main.append(screen);

  const call = async (method, suffix, body) => {
    try {
      return await api(method, `/grammar/sessions/${view.id}${suffix}`, body ? { json: body } : {});
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        toast(errorMessage(err), 'info');
        return api('GET', `/grammar/sessions/${view.id}`);
      }
      throw err;
    }
  };
  const step = async (method, suffix, body) => {
    screen.setAttribute('aria-busy', 'true');
    try {
      show(await call(method, suffix, body));
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      screen.removeAttribute('aria-busy');
    }
  };

  function show(v) {
    if (!page.alive) return;
    clearTimeout(page.timer);
    setKeys(page, () => {});
    screen.replaceChildren(...drillScreen(v, step, page, ctx));
    screen.dataset.stage = v.stage;
    screen.dataset.position = String(v.position);
    const first = screen.querySelector('[data-autofocus]');
    if (first) first.focus();
    if (v.stage === 'judging') {
      page.timer = setTimeout(async () => {
        try {
          show(await api('GET', `/grammar/sessions/${v.id}`));
        } catch (err) {
          toast(errorMessage(err), 'error');
        }
      }, JUDGING_POLL_MS);
    }
  }
  show(view);
}

function drillHeader(v) {
  const current = v.current;
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/grammar' }, '← Topics')),
    h('h1', {}, v.title || current?.topic_title || 'Drill'),
    h(
      'div',
      { class: 'gr-progress' },
      h('progress', { max: String(v.total), value: String(v.stage === 'done' ? v.total : v.position), 'aria-label': 'Drill progress' }),
      h('span', {}, v.stage === 'done' ? `${v.answered} answered` : `${v.position + 1} of ${v.total} · ✅ ${v.right}`),
    ),
  ];
}

function drillScreen(v, step, page, ctx) {
  if (v.stage === 'done' || !v.current) return doneScreen(v);
  const current = v.current;
  const version = v.version;
  const stop = h('button', { type: 'button', class: 'danger' }, '⏹ Stop');
  stop.addEventListener('click', () => step('POST', '/finish'));
  const exercise = h(
    'div',
    { class: 'card gr-exercise', 'data-kind': current.kind, 'data-exercise': String(current.id) },
    h('p', { class: 'gr-kind muted' }, `${KIND_NAMES[current.kind] || current.kind} · ${current.topic_level}`),
    h('p', { class: 'gr-instruction' }, h('em', {}, current.instruction)),
    h('p', { class: 'gr-prompt', lang: 'de' }, current.prompt),
  );
  const parts = [...drillHeader(v), exercise];

  if (v.stage === 'feedback' && v.feedback) {
    const next = h('button', { type: 'button', class: 'primary', 'data-autofocus': '', 'data-testid': 'drill-next' }, v.position + 1 >= v.total ? 'Finish 🏁' : 'Next ▶');
    next.addEventListener('click', () => step('POST', '/next', { version }));
    const buttons = [next];
    if (v.feedback.claimable) {
      const claim = h('button', { type: 'button', class: 'secondary' }, '🙋 I was right');
      claim.addEventListener('click', () => step('POST', '/claim', { version }));
      buttons.push(claim);
    }
    if (current.kind === 'word_order' && v.built.length) {
      exercise.append(h('p', { class: 'gr-built', lang: 'de' }, `🧩 ${v.built_text}`));
    }
    if (current.kind === 'multiple_choice' && current.options) {
      exercise.append(optionList(current.options, null, v.feedback));
    }
    parts.push(feedbackBox(v.feedback), h('div', { class: 'row' }, ...buttons, stop));
    return parts;
  }
  if (v.stage === 'judging') {
    parts.push(
      h('p', { class: 'card gr-judging', role: 'status' }, h('span', { class: 'typing', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')), ' Your answer isn’t one I know: the tutor is checking it…'),
      h('div', { class: 'row' }, stop),
    );
    return parts;
  }

  const answer = (body) => step('POST', '/answers', { version, ...body });
  if (current.kind === 'multiple_choice') {
    const options = current.options || [];
    exercise.append(optionList(options, (i) => answer({ choice: i })));
    exercise.append(h('p', { class: 'muted small' }, `Keys 1–${options.length} choose.`));
    setKeys(page, (event) => {
      const n = Number(event.key);
      if (Number.isInteger(n) && n >= 1 && n <= options.length) {
        event.preventDefault();
        answer({ choice: n - 1 });
      }
    });
  } else if (current.kind === 'word_order') {
    const builder = wordOrderBuilder(current.tokens || [], (order) => answer({ tokens: order }));
    exercise.append(builder.element);
    queueMicrotask(builder.focus);
  } else {
    const id = `gr-answer-${v.id}-${v.position}`;
    const input = h('input', { id, type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', lang: 'de', 'data-autofocus': '', required: true });
    if (current.kind === 'error_correction') input.value = current.prompt;
    const form = h(
      'form',
      { class: 'gr-typed' },
      h('label', { for: id }, current.kind === 'translation' ? 'Your translation (German)' : current.kind === 'error_correction' ? 'The corrected sentence' : 'Your answer'),
      input,
      umlautRow(input),
      h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Check')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      answer({ text });
    });
    exercise.append(form);
  }
  parts.push(h('div', { class: 'row' }, stop));
  return parts;
}

function optionList(options, onChoose, feedback) {
  return h(
    'div',
    { class: 'gr-options', role: 'group', 'aria-label': 'Options' },
    options.map((option, i) => {
      const isAnswer = feedback && option === feedback.answer;
      const isGiven = feedback && option === feedback.given;
      const button = h(
        'button',
        {
          type: 'button',
          class: `option${isAnswer ? ' right' : ''}${isGiven && !feedback.correct ? ' wrong' : ''}`,
          lang: 'de',
        },
        h('span', { class: 'key', 'aria-hidden': 'true' }, String(i + 1)),
        ' ',
        option,
        isAnswer ? h('span', { class: 'mark' }, ' ✓ right') : null,
        isGiven && !feedback.correct ? h('span', { class: 'mark' }, ' ✗ your choice') : null,
      );
      if (onChoose) button.addEventListener('click', () => onChoose(i));
      else button.disabled = true;
      if (onChoose && i === 0) button.dataset.autofocus = '';
      return button;
    }),
  );
}

/** The verdict with the why, in the same words as the bot's drill message. */
export function feedbackBox(fb) {
  const [icon, words] = VERDICTS[fb.verdict] || ['', fb.verdict];
  const box = h(
    'div',
    { class: `card gr-feedback ${fb.verdict}`, role: 'status', 'data-testid': 'feedback' },
    h('p', { class: 'verdict' }, `${icon} `, h('strong', {}, words), fb.claimed ? ' (you said you were right)' : ''),
    h('p', {}, 'Your answer: ', h('span', { lang: 'de' }, fb.given)),
    h('p', {}, 'Answer: ', h('strong', { lang: 'de' }, fb.answer)),
  );
  if (fb.diagnosis && fb.verdict !== 'correct') box.append(h('p', {}, fb.diagnosis));
  if (fb.judgement) box.append(h('p', {}, `🤖 Claude: ${fb.judgement}`));
  if (fb.judge_note) box.append(h('p', { class: 'muted' }, fb.judge_note));
  if (fb.known_answers.length && !fb.claimed) {
    box.append(
      h('p', {}, 'Your answer isn’t among the ones I know — these are:'),
      h('ul', { lang: 'de' }, fb.known_answers.map((a) => h('li', {}, a))),
    );
  }
  box.append(h('p', { class: 'gr-why' }, `💡 ${fb.explanation}`));
  return box;
}

function doneScreen(v) {
  return [
    ...drillHeader(v),
    h(
      'div',
      { class: 'card gr-done', role: 'status' },
      h('p', { class: 'verdict' }, '🏁 ', h('strong', {}, 'Fertig!'), ` ${v.right} von ${v.answered} richtig.`),
      v.results.length
        ? h(
            'ul',
            {},
            v.results.map((r) =>
              h(
                'li',
                {},
                h('a', { href: `#/grammar?topic=${encodeURIComponent(r.slug)}` }, r.title),
                `: ${r.right}/${r.answered}`,
                r.due_at ? ` · again on ${new Date(r.due_at).toLocaleDateString()}` : '',
                r.rating === null ? ' (already rated today)' : '',
              ),
            ),
          )
        : null,
    ),
    h('div', { class: 'row' }, h('a', { class: 'button primary', href: '#/grammar', 'data-autofocus': '' }, '📚 Topics')),
  ];
}

// ---- the placement test --------------------------------------------------------------------

async function placementPage(main, ctx, page, which) {
  if (which === 'new') {
    main.append(
      h('p', { class: 'crumbs' }, h('a', { href: '#/grammar' }, '← Topics')),
      h('h1', {}, 'Placement test'),
      h('p', {}, 'At most 20 questions from A1 to C1, multiple choice and fill-in. The test stops once your level is clear and sets it on your profile. You can retake it any time.'),
    );
    const begin = h('button', { type: 'button', class: 'primary', 'data-testid': 'placement-start' }, '🧭 Start the test');
    begin.addEventListener('click', async () => {
      begin.disabled = true;
      try {
        const test = await api('POST', '/grammar/placement');
        ctx.navigate(`#/grammar?placement=${test.id}`);
      } catch (err) {
        toast(errorMessage(err), 'error');
        begin.disabled = false;
      }
    });
    main.append(h('div', { class: 'row' }, begin));
    begin.focus();
    return;
  }
  const screen = h('section', { class: 'gr-placement', 'aria-live': 'polite' });
  main.append(screen);
  const show = (v) => {
    if (!page.alive) return;
    setKeys(page, () => {});
    screen.replaceChildren(...placementScreen(v, answer, page, titles));
    screen.dataset.answered = String(v.answered);
    const first = screen.querySelector('[data-autofocus]');
    if (first) first.focus();
  };
  let view = await api('GET', `/grammar/placement/${encodeURIComponent(which)}`);
  let titles = view.result ? await topicTitles() : new Map();
  async function answer(body) {
    try {
      view = await api('POST', `/grammar/placement/${view.id}/answers`, { json: { version: view.version, ...body } });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) {
        toast(errorMessage(err), 'error');
        return;
      }
      toast(errorMessage(err), 'info');
      view = await api('GET', `/grammar/placement/${view.id}`);
    }
    if (view.result) {
      titles = await topicTitles();
      ctx.refreshHeader?.();
      ctx.reloadMe?.().catch(() => {});
    }
    show(view);
  }
  show(view);
}

function placementScreen(v, answer, page, titles) {
  const parts = [h('p', { class: 'crumbs' }, h('a', { href: '#/grammar' }, '← Topics')), h('h1', {}, '🧭 Placement test')];
  if (v.last) {
    parts.push(
      h('p', { class: `gr-last ${v.last.correct ? 'ok' : 'wrong'}`, role: 'status' }, v.last.correct ? '✅ Richtig!' : `❌ It was: `, v.last.correct ? null : h('strong', { lang: 'de' }, v.last.answer)),
    );
  }
  if (v.result) {
    const r = v.result;
    parts.push(
      h(
        'div',
        { class: 'card gr-result', 'data-testid': 'placement-result' },
        h('p', { class: 'verdict' }, '🏁 Your level: ', h('strong', {}, r.level), ` (${percent(r.confidence)} sure, ${r.items_used} questions).`),
        h('p', {}, 'It is set on your profile. Topics to start with:'),
        h('ul', {}, r.recommended_topics.map((slug) => h('li', {}, h('a', { href: `#/grammar?topic=${encodeURIComponent(slug)}` }, titles.get(slug) || slug)))),
      ),
      h('div', { class: 'row' }, h('a', { class: 'button primary', href: `#/grammar?level=${r.level}`, 'data-autofocus': '' }, '📚 Topics'), h('a', { class: 'button secondary', href: '#/grammar?placement=new' }, 'Retake')),
    );
    return parts;
  }
  const current = v.current;
  if (!current) return [...parts, h('p', {}, 'This test is over.')];
  parts.push(
    h('div', { class: 'gr-progress' }, h('progress', { max: String(v.max_items), value: String(v.answered), 'aria-label': 'Placement progress' }), h('span', {}, `Question ${v.answered + 1} (at most ${v.max_items})`)),
  );
  const card = h(
    'div',
    { class: 'card gr-exercise', 'data-kind': current.kind },
    h('p', { class: 'gr-instruction' }, h('em', {}, current.instruction)),
    h('p', { class: 'gr-prompt', lang: 'de' }, current.prompt),
  );
  if (current.kind === 'multiple_choice') {
    const options = current.options || [];
    card.append(optionList(options, (i) => answer({ choice: i })));
    setKeys(page, (event) => {
      const n = Number(event.key);
      if (Number.isInteger(n) && n >= 1 && n <= options.length) {
        event.preventDefault();
        answer({ choice: n - 1 });
      }
    });
  } else {
    const id = `pl-answer-${v.id}-${v.answered}`;
    const input = h('input', { id, type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', lang: 'de', 'data-autofocus': '' });
    const form = h('form', { class: 'gr-typed' }, h('label', { for: id }, 'Your answer'), input, umlautRow(input), h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Answer')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value.trim()) answer({ text: input.value.trim() });
      else input.focus();
    });
    card.append(form);
  }
  parts.push(card);
  return parts;
}
