// The article drill on the progress page (the bot's /articles): der, die or das? for up to 15
// nouns, due article cards first (those answers are reviews), each verdict with the right
// article, the gender rule and the translation, and a summary with the XP at the end.
//   #/progress?articles=new    a new round (one running here or in the bot is abandoned)
//   #/progress?articles=<id>   that round, picked up where it was (a reload keeps it)
import { api, ApiError } from './api.js';
import { h, replace, toast, errorMessage } from './ui.js';
import { pageKeys, digit } from './progress-keys.js';

const ARTICLES = ['der', 'die', 'das'];

/** The overview's card: start a round, or go on with the one running. */
export function articleDrillCard(running) {
  const going = running && running.current !== null && running.status === 'active';
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'pr-articles-h', 'data-testid': 'article-drill-card' },
    h('h2', { id: 'pr-articles-h' }, '🎯 der, die oder das?'),
    h(
      'p',
      {},
      'A quick round of up to 15 nouns: choose the article (keys 1–3). Each answer shows the ' +
        'rule behind it. Your article cards that are due come first and count as reviews.',
    ),
    h(
      'div',
      { class: 'row' },
      going
        ? h('a', { class: 'button primary', href: `#/progress?articles=${running.id}` },
            `Continue your round (${running.position + 1} of ${running.total})`)
        : null,
      h('a', { class: `button ${going ? 'secondary' : 'primary'}`, href: '#/progress?articles=new' },
        going ? 'Start a new round' : 'Start the article drill'),
    ),
  );
}

function verdictCard(verdict) {
  const noun = `${verdict.article} ${verdict.lemma}`;
  return h(
    'div',
    { class: `card pr-verdict ${verdict.correct ? 'ok' : 'wrong'}`, 'data-testid': 'article-verdict' },
    verdict.leech
      ? h('p', { class: 'muted' }, `${verdict.lemma} kept slipping, so its article card is paused. Unpause it in Deck when you’re ready.`)
      : null,
    h(
      'p',
      { class: 'verdict' },
      verdict.correct ? '✅ Richtig: ' : '❌ It’s ',
      h('strong', { lang: 'de' }, noun),
      verdict.correct ? '' : ` — not ${verdict.chosen}.`,
    ),
    verdict.translation ? h('p', {}, `🇬🇧 ${verdict.translation}`) : null,
    verdict.rule ? h('p', { class: 'pr-rule' }, `💡 ${verdict.rule}`) : null,
    verdict.counted_as_review ? h('p', { class: 'muted' }, '🧠 Counted as a review of your card.') : null,
  );
}

function intro(view) {
  const due =
    view.due_cards === 1
      ? ' 1 of them is a due article card: that answer counts as a review.'
      : view.due_cards
        ? ` ${view.due_cards} of them are due article cards: those answers count as reviews.`
        : '';
  return h('p', { class: 'muted' }, `${view.total} nouns this round.${due}`);
}

export async function articleDrillPage(main, ctx, page, which) {
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/progress' }, '← Progress')), h('h1', {}, '🎯 der, die oder das?'));
  let view;
  try {
    if (which === 'new') {
      view = await api('POST', '/article-drills');
      history.replaceState(null, '', `#/progress?articles=${view.id}`);
    } else {
      view = await api('GET', `/article-drills/${encodeURIComponent(which)}`);
    }
  } catch (err) {
    if (!(err instanceof ApiError) || err.status >= 500) throw err;
    main.append(
      h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)),
      h('div', { class: 'row' },
        h('a', { class: 'button primary', href: '#/deck?tab=add' }, 'Add words'),
        h('a', { class: 'button secondary', href: '#/progress' }, 'Progress')),
    );
    return;
  }
  const lastBox = h('div', { 'aria-live': 'polite' });
  const screen = h('section', { class: 'pr-articles' });
  main.append(lastBox, screen);
  let busy = false;

  const showSummary = async () => {
    const done = await api('POST', `/article-drills/${view.id}/finish`);
    if (!page.alive) return;
    pageKeys(page, () => {});
    ctx.refreshHeader?.();
    const stopped = done.answered < done.total ? ' (stopped early)' : '';
    replace(screen, 
      h(
        'div',
        { class: 'card', role: 'status', 'data-testid': 'article-summary' },
        h('p', { class: 'verdict' }, '🏁 Fertig! ', h('strong', {}, `${done.right} of ${done.answered}`), ` right${stopped}.`),
        done.answered && !done.wrong ? h('p', {}, 'Fehlerfrei — not a single mistake! 🌟') : null,
        h('p', {}, h('strong', {}, `+${done.xp} XP`),
          done.reviews ? ` · ${done.reviews} ${done.reviews === 1 ? 'answer' : 'answers'} counted as reviews of due cards.` : ''),
        done.mistakes.length
          ? h('p', {}, 'To revise: ', h('span', { lang: 'de' }, done.mistakes.join(', ')))
          : null,
        done.verdicts.length
          ? h(
              'ol',
              { class: 'pr-solutions' },
              done.verdicts.map((v) =>
                h('li', { class: v.correct ? 'ok' : 'wrong' },
                  v.correct ? '✅ ' : '❌ ',
                  h('span', { lang: 'de' }, `${v.article} ${v.lemma}`),
                  v.translation ? h('span', { class: 'muted' }, ` — ${v.translation}`) : null,
                  v.correct ? null : h('span', { class: 'muted' }, ` (you chose ${v.chosen})`),
                  !v.correct && v.rule ? h('p', { class: 'pr-rule small' }, `💡 ${v.rule}`) : null),
              ),
            )
          : null,
      ),
      h('div', { class: 'row' },
        h('a', { class: 'button primary', href: '#/progress?articles=new' }, 'New round'),
        h('a', { class: 'button secondary', href: '#/progress' }, 'Progress')),
    );
    screen.querySelector('a')?.focus();
  };

  const answer = async (article) => {
    if (busy) return;
    busy = true;
    screen.querySelectorAll('button').forEach((b) => {
      b.disabled = true;
    });
    try {
      view = await api('POST', `/article-drills/${view.id}/answers`, { json: { article, version: view.version } });
    } catch (err) {
      // A second answer to the same noun (another tab, the bot): show the round as it is now.
      toast(errorMessage(err), err instanceof ApiError && err.status === 409 ? 'info' : 'error');
      view = await api('GET', `/article-drills/${view.id}`);
    } finally {
      busy = false;
    }
    if (page.alive) await draw();
  };

  const stop = async () => {
    if (busy) return;
    busy = true;
    try {
      await showSummary();
    } finally {
      busy = false;
    }
  };

  async function draw() {
    replace(lastBox, view.last ? verdictCard(view.last) : null);
    if (view.current === null || view.status !== 'active') {
      await showSummary();
      return;
    }
    const buttons = ARTICLES.map((article, i) =>
      h('button', { type: 'button', class: 'option pr-article', lang: 'de', on: { click: () => answer(article) } },
        h('span', { class: 'key', 'aria-hidden': 'true' }, String(i + 1)), ' ', article),
    );
    replace(screen, 
      view.position === 0 ? intro(view) : null,
      h('div', { class: 'gr-progress' },
        h('progress', { max: String(view.total), value: String(view.position), 'aria-label': 'Round progress' }),
        h('span', {}, `${view.position + 1} of ${view.total}`),
        h('span', { 'aria-label': `${view.right} right, ${view.wrong} wrong` }, `✅ ${view.right} · ❌ ${view.wrong}`)),
      h(
        'div',
        { class: 'card' },
        h('p', { class: 'muted' }, 'Which article?'),
        h('p', { class: 'gr-prompt pr-noun', lang: 'de', 'data-testid': 'article-noun' }, view.current),
        h('div', { class: 'pr-article-choices', role: 'group', 'aria-label': 'Article' }, buttons),
      ),
      h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', on: { click: stop } }, '⏹ Stop and see the result')),
    );
    pageKeys(page, (event) => {
      const n = digit(event, ARTICLES.length);
      if (n) {
        event.preventDefault();
        answer(ARTICLES[n - 1]);
      }
    });
    buttons[0].focus();
  }

  await draw();
}
