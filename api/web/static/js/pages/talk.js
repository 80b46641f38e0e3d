// Talk: pick a scene (the catalogue's or one of your own, or free talk), chat with the tutor
// and finish with a report. A message is posted (202) and its reply long-polled with
// GET /conversations/{id}/turns/{turn}?wait=…; a typing indicator shows meanwhile.
//   #/talk            the scene picker and your own scenes
//   #/talk?c=<id>     a conversation
//   #/talk?scene=<slug>  the picker with that scene offered first (Today's plan links it)
import { api } from '../api.js';
import { h, toast, errorMessage, umlautRow } from '../ui.js';
import { correctedText, correctionList } from '../talk-corrections.js';

const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1'];
const WAIT_SECONDS = 20;
const CATEGORY_NAMES = {
  gender_article: 'Gender / article',
  case: 'Case',
  verb_conjugation: 'Verb conjugation',
  verb_position: 'Verb position',
  tense: 'Tense',
  preposition: 'Preposition',
  spelling: 'Spelling',
  word_choice: 'Word choice',
};

export async function render(outer, ctx) {
  // Everything goes into this page's own element: once the router moves on and empties
  // <main>, whatever this page still draws after an await lands in a detached element.
  const main = h('div', { class: 'page-body' });
  outer.append(main);
  const page = { alive: true, polls: new AbortController() };
  try {
    const id = ctx.params.get('c');
    if (id) await chatPage(main, ctx, page, id);
    else await pickerPage(main, ctx);
  } catch (err) {
    main.replaceChildren(
      h('h1', {}, 'Talk'),
      h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)),
      h('p', {}, h('a', { href: '#/talk' }, 'Choose a scene')),
    );
  }
  return () => {
    page.alive = false;
    page.polls.abort(); // the long-polls of replies still waiting end with the page
  };
}

// ---- choosing a scene ----------------------------------------------------------------------

async function pickerPage(main, ctx) {
  const [scenarios, scenes, recent] = await Promise.all([
    api('GET', '/conversations/scenarios'),
    api('GET', '/conversations/scenes'),
    api('GET', '/conversations', { query: { limit: 5 } }),
  ]);
  const offline = h('input', { type: 'checkbox', id: 'talk-offline' });
  const start = async (body, button) => {
    if (button) button.disabled = true;
    try {
      const conversation = await api('POST', '/conversations', { json: { ...body, offline: offline.checked } });
      ctx.navigate(`#/talk?c=${conversation.id}`);
    } catch (err) {
      toast(errorMessage(err), 'error');
      if (button) button.disabled = false;
    }
  };

  main.append(h('h1', {}, 'Talk'));
  const suggested = scenarios.find((s) => s.slug === ctx.params.get('scene'));
  if (suggested) {
    const go = h('button', { type: 'button', class: 'primary' }, '▶ Start this scene');
    go.addEventListener('click', () => start({ scenario_slug: suggested.slug }, go));
    main.append(
      h(
        'section',
        { class: 'card talk-suggested', 'aria-labelledby': 'talk-suggested-h', 'data-testid': 'suggested-scene' },
        h('h2', { id: 'talk-suggested-h' }, 'Today’s scene: ', h('span', { lang: 'de' }, suggested.title_de)),
        h('p', { class: 'muted' }, `${suggested.title} · ${suggested.level_min}–${suggested.level_max}`),
        h('p', {}, suggested.learner_goal),
        h('div', { class: 'row' }, go),
      ),
    );
  }
  const open = recent.find((c) => c.status === 'active');
  if (open) {
    main.append(
      h(
        'p',
        { class: 'card talk-continue' },
        h('a', { class: 'button primary', href: `#/talk?c=${open.id}` }, `▶ Continue: ${titleOf(open)}`),
      ),
    );
  }
  const free = h('button', { type: 'button', class: open ? 'secondary' : 'primary', 'data-testid': 'free-talk' }, '💬 Free talk');
  free.addEventListener('click', () => start({}, free));
  main.append(
    h(
      'div',
      { class: 'row talk-options' },
      free,
      h('span', { class: 'check' }, offline, h('label', { for: 'talk-offline' }, 'Offline tutor only (scripted, no AI)')),
    ),
  );

  const byLevel = LEVELS.map((lv) => [lv, scenarios.filter((s) => s.level_min === lv)]).filter(([, list]) => list.length);
  const others = scenarios.filter((s) => !LEVELS.includes(s.level_min));
  if (others.length) byLevel.push(['Other', others]);
  const mine = ctx.me?.cefr_level;
  const openLevel = byLevel.some(([lv]) => lv === mine) ? mine : byLevel[0]?.[0];
  main.append(myScenes(scenes, start, () => ctx.navigate('#/talk')));
  main.append(
    h(
      'section',
      { class: 'talk-picker-section', 'aria-labelledby': 'talk-scenes-h' },
      h('h2', { id: 'talk-scenes-h' }, 'Scenes'),
      byLevel.map(([lv, list]) =>
        h(
          'details',
          { class: 'talk-level', open: lv === openLevel },
          h('summary', {}, `${lv === 'Other' ? lv : `From ${lv}`} · ${list.length} scenes`),
          h(
            'ul',
            { class: 'talk-scenarios' },
            list.map((s) => {
              const button = h(
                'button',
                { type: 'button', class: 'scenario', 'data-slug': s.slug },
                h('strong', { lang: 'de' }, s.title_de),
                h('span', { class: 'muted' }, ` ${s.title} · ${s.level_min}–${s.level_max}`),
                h('span', { class: 'goal' }, s.learner_goal),
              );
              button.addEventListener('click', () => start({ scenario_slug: s.slug }, button));
              return h('li', {}, button);
            }),
          ),
        ),
      ),
    ),
  );
}

function titleOf(conversation) {
  if (conversation.scene) return conversation.scene.title;
  if (conversation.scenario) return conversation.scenario.title_de || conversation.scenario.title;
  return 'Free talk';
}

function myScenes(scenes, start, reload) {
  const list = h(
    'ul',
    { class: 'talk-my-scenes' },
    scenes.map((scene) => {
      const play = h('button', { type: 'button', class: 'primary' }, '▶ Play');
      play.setAttribute('aria-label', `Play ${scene.title}`);
      play.addEventListener('click', () => start({ scene_id: scene.id }, play));
      const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
      remove.setAttribute('aria-label', `Delete ${scene.title}`);
      remove.addEventListener('click', async () => {
        if (!window.confirm(`Delete your scene “${scene.title}”?`)) return;
        try {
          await api('DELETE', `/conversations/scenes/${scene.id}`);
          toast('Scene deleted.');
          reload();
        } catch (err) {
          toast(errorMessage(err), 'error');
        }
      });
      const edit = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, 'Edit');
      edit.setAttribute('aria-label', `Edit ${scene.title}`);
      const editor = h('div', { hidden: true });
      edit.addEventListener('click', () => {
        const opening = editor.hidden;
        editor.hidden = !opening;
        edit.setAttribute('aria-expanded', String(opening));
        if (opening && !editor.firstChild) editor.append(sceneForm(reload, scene));
        if (opening) editor.querySelector('input')?.focus();
      });
      return h(
        'li',
        { class: 'card' },
        h('strong', {}, scene.title),
        h('span', { class: 'gr-badge' }, scene.level),
        h('p', { class: 'muted' }, scene.setting),
        h('p', {}, `You: ${scene.learner_goal} · Tutor: ${scene.tutor_role}`),
        scene.key_words.length ? h('p', { class: 'muted', lang: 'de' }, `Key words: ${scene.key_words.join(', ')}`) : null,
        h('div', { class: 'row' }, play, edit, remove),
        editor,
      );
    }),
  );
  return h(
    'section',
    { class: 'talk-picker-section', 'aria-labelledby': 'talk-mine-h' },
    h('h2', { id: 'talk-mine-h' }, 'My scenes'),
    scenes.length ? list : h('p', { class: 'muted' }, 'No scenes of your own yet.'),
    h('details', { class: 'talk-new-scene' }, h('summary', {}, '✍️ Write your own scene'), sceneForm(reload)),
  );
}

function field(id, label, control, hint) {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null);
}

/** The form for a new scene, or (with `scene`) for changing one of yours. */
function sceneForm(reload, scene = null) {
  const prefix = scene ? `scene-${scene.id}` : 'scene';
  const title = h('input', { type: 'text', maxlength: '80', required: true });
  const setting = h('textarea', { rows: '3', maxlength: '500', required: true });
  const tutorRole = h('input', { type: 'text', maxlength: '300', required: true });
  const goal = h('input', { type: 'text', maxlength: '300', required: true });
  const level = h('select', {}, LEVELS.map((lv) => h('option', { value: lv }, lv)));
  const words = h('input', { type: 'text', lang: 'de' });
  if (scene) {
    title.value = scene.title;
    setting.value = scene.setting;
    tutorRole.value = scene.tutor_role;
    goal.value = scene.learner_goal;
    level.value = scene.level;
    words.value = scene.key_words.join(', ');
  }
  const form = h(
    'form',
    { class: 'card talk-scene-form' },
    field(`${prefix}-title`, 'Title', title, scene ? null : 'e.g. “At the bike shop”'),
    field(`${prefix}-setting`, 'Setting', setting, scene ? null : 'Where and when the scene happens.'),
    field(`${prefix}-role`, 'The tutor plays', tutorRole, scene ? null : 'e.g. “the mechanic”'),
    field(`${prefix}-goal`, 'Your goal', goal),
    field(`${prefix}-level`, 'Level', level),
    field(`${prefix}-words`, 'Key words (comma-separated, up to 12)', words),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, scene ? 'Save changes' : 'Save scene')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      title: title.value,
      setting: setting.value,
      tutor_role: tutorRole.value,
      learner_goal: goal.value,
      level: level.value,
      key_words: words.value.split(',').map((w) => w.trim()).filter(Boolean),
    };
    try {
      if (scene) await api('PATCH', `/conversations/scenes/${scene.id}`, { json: body });
      else await api('POST', '/conversations/scenes', { json: body });
      toast(scene ? 'Scene changed.' : 'Scene saved.');
      reload();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  });
  return form;
}

// ---- a conversation ------------------------------------------------------------------------

async function chatPage(main, ctx, page, id) {
  const conversation = await api('GET', `/conversations/${encodeURIComponent(id)}`);
  const cid = conversation.id;
  const log = h('ol', { class: 'chat', 'aria-label': 'Conversation', 'aria-live': 'polite', 'data-testid': 'chat' });
  const typing = h(
    'li',
    { class: 'typing-row', 'data-testid': 'typing' },
    h('span', { class: 'typing', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')),
    h('span', { class: 'visually-hidden' }, 'The tutor is typing…'),
  );
  let waiting = 0;
  const setTyping = (delta) => {
    waiting += delta;
    if (waiting > 0) log.append(typing);
    else typing.remove();
    log.setAttribute('aria-busy', waiting > 0 ? 'true' : 'false');
  };

  const addWord = async (turn, index, button) => {
    button.disabled = true;
    try {
      const word = await api('POST', `/conversations/${cid}/turns/${turn.id}/words/${index}`);
      button.textContent = '✓';
      button.setAttribute('aria-label', 'Added to your deck');
      toast(`Added “${[word.article, word.lemma].filter(Boolean).join(' ')}” to your deck.`);
    } catch (err) {
      button.disabled = false;
      toast(errorMessage(err), 'error');
    }
  };

  const tutorItem = (turn) => {
    const item = h('li', { class: 'turn tutor', 'data-turn': String(turn.id) }, h('p', { class: 'bubble', lang: 'de' }, turn.text));
    if (turn.new_words.length) {
      item.append(
        h(
          'ul',
          { class: 'new-words', 'aria-label': 'New words' },
          turn.new_words.map((word, index) => {
            const headword = [word.article, word.lemma].filter(Boolean).join(' ');
            const add = h('button', { type: 'button', class: 'icon add-word' }, '➕');
            add.setAttribute('aria-label', `Add ${headword} to my deck`);
            add.addEventListener('click', () => addWord(turn, index, add));
            return h(
              'li',
              {},
              add,
              ' ',
              h('strong', { lang: 'de' }, headword),
              word.plural ? h('span', { class: 'muted', lang: 'de' }, ` (Pl. ${word.plural})`) : null,
              ` — ${word.translation}`,
            );
          }),
        ),
      );
    }
    return item;
  };

  const learnerItem = (turn) => {
    const item = h('li', { class: 'turn learner', 'data-turn': String(turn.id) });
    fillLearner(item, turn);
    return item;
  };

  function fillLearner(item, turn) {
    const parts = [h('p', { class: 'bubble', lang: 'de' }, correctedText(turn.text, turn.corrections))];
    if (turn.corrections.length) parts.push(correctionList(turn.corrections, CATEGORY_NAMES));
    if (turn.status === 'pending' || turn.status === 'processing') parts.push(h('p', { class: 'status muted' }, 'sent'));
    if (turn.status === 'failed') {
      const retry = h('button', { type: 'button', class: 'secondary' }, 'Try again');
      retry.addEventListener('click', async () => {
        retry.disabled = true;
        try {
          const again = await api('POST', `/conversations/${cid}/turns/${turn.id}/retry`);
          fillLearner(item, again);
          waitForReply(item, again);
        } catch (err) {
          retry.disabled = false;
          toast(errorMessage(err), 'error');
        }
      });
      parts.push(h('p', { class: 'status error-text', role: 'alert' }, turn.error || 'The reply failed; your message was kept.', ' ', retry));
    }
    item.replaceChildren(...parts);
  }

  async function waitForReply(item, turn) {
    setTyping(1);
    try {
      let current = turn;
      while (page.alive && main.isConnected && !current.reply && current.status !== 'failed') {
        current = await api('GET', `/conversations/${cid}/turns/${turn.id}`, {
          query: { wait: WAIT_SECONDS },
          signal: page.polls.signal,
        });
      }
      if (!page.alive) return;
      fillLearner(item, current);
      if (current.reply) {
        const reply = tutorItem(current.reply);
        const after = [...log.children].find((li) => li.dataset.after === String(turn.id));
        (after || item).after(reply);
        reply.dataset.after = String(turn.id);
      }
    } catch (err) {
      if (page.alive && err.name !== 'AbortError') toast(errorMessage(err), 'error');
    } finally {
      setTyping(-1);
    }
  }

  for (const turn of conversation.turns) {
    log.append(turn.role === 'tutor' ? tutorItem(turn) : learnerItem(turn));
  }

  const ended = conversation.status === 'ended';
  const finish = h('button', { type: 'button', class: 'secondary', 'data-testid': 'finish' }, '🏁 Finish');
  const reportBox = h('div', { class: 'talk-report' });
  const text = h('textarea', { id: 'talk-message', rows: '2', lang: 'de', maxlength: '1000', autocomplete: 'off' });
  const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const composer = h(
    'form',
    { class: 'composer' },
    h('label', { for: 'talk-message' }, 'Your message (Enter sends, Shift+Enter a new line)'),
    text,
    umlautRow(text),
    h('div', { class: 'row' }, send, finish),
  );
  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = text.value.trim();
    if (!message) {
      text.focus();
      return;
    }
    send.disabled = true;
    try {
      const turn = await api('POST', `/conversations/${cid}/messages`, { json: { text: message } });
      text.value = '';
      const item = learnerItem(turn);
      typing.remove();
      log.append(item);
      item.scrollIntoView({ block: 'nearest' });
      waitForReply(item, turn);
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      send.disabled = false;
      text.focus();
    }
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  finish.addEventListener('click', async () => {
    finish.disabled = true;
    try {
      const report = await api('POST', `/conversations/${cid}/end`);
      composer.remove();
      reportBox.replaceChildren(reportCard(report));
      reportBox.querySelector('h2')?.focus();
      ctx.refreshHeader?.();
    } catch (err) {
      finish.disabled = false;
      toast(errorMessage(err), 'error');
    }
  });

  const note = conversation.mode === 'offline' ? 'offline tutor' : 'tutor';
  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/talk' }, '← Scenes')),
    h('h1', {}, titleOf(conversation)),
    h(
      'p',
      { class: 'muted' },
      `${conversation.level} · ${note}`,
      conversation.scenario ? ` · Your goal: ${conversation.scenario.learner_goal}` : '',
      conversation.scene ? ` · Your goal: ${conversation.scene.learner_goal}` : '',
    ),
    log,
    reportBox,
  );
  if (ended) {
    if (conversation.report) reportBox.append(reportCard(conversation.report));
    main.append(h('p', {}, h('a', { class: 'button primary', href: '#/talk' }, 'New conversation')));
  } else {
    main.append(composer);
    text.focus();
    for (const turn of conversation.turns) {
      if (turn.role === 'learner' && (turn.status === 'pending' || turn.status === 'processing')) {
        const item = log.querySelector(`[data-turn="${turn.id}"]`);
        waitForReply(item, { ...turn, reply: null });
      }
    }
  }
}

function reportCard(report) {
  const categories = Object.entries(report.mistakes_by_category);
  return h(
    'section',
    { class: 'card talk-report-card', 'data-testid': 'report' },
    h('h2', { tabindex: '-1' }, '🏁 Conversation finished'),
    h('p', { class: 'lead' }, report.encouragement),
    h(
      'p',
      {},
      `${report.learner_messages} messages · ${report.messages_with_mistakes} with something to fix · +${report.xp_earned} XP`,
    ),
    categories.length
      ? h('ul', { class: 'talk-categories' }, categories.map(([cat, n]) => h('li', {}, `${CATEGORY_NAMES[cat] || cat}: ${n}`)))
      : null,
    report.corrections.length ? h('div', {}, h('h3', {}, 'Corrections'), correctionList(report.corrections, CATEGORY_NAMES)) : null,
    report.new_words.length
      ? h(
          'div',
          {},
          h('h3', {}, 'New words'),
          h('ul', { lang: 'de' }, report.new_words.map((w) => h('li', {}, h('strong', {}, [w.article, w.lemma].filter(Boolean).join(' ')), ` — ${w.translation}`))),
        )
      : null,
  );
}

