// Progress: XP and streak, the display name others see, achievements with progress, the
// weekly league (leave / join) and the leaderboards, and the vocabulary quiz.
//   #/progress              everything above
//   #/progress?quiz=<id>    a quiz ("new" starts one)
//   #/progress?articles=<id> the article drill ("new" starts a round; js/progress-articles.js)
import { api, ApiError } from '../api.js';
import { h, toast, errorMessage } from '../ui.js';
import { pageKeys, digit } from '../progress-keys.js';
import { articleDrillCard, articleDrillPage } from '../progress-articles.js';

const TIER_ICONS = { bronze: '🥉', silver: '🥈', gold: '🥇', platinum: '💎' };
const BOARDS = [
  ['xp_week', 'XP this week'],
  ['streak', 'Streak'],
  ['words', 'Words'],
];

export async function render(outer, ctx) {
  // Everything goes into this page's own element: once the router moves on and empties
  // <main>, whatever this page still draws after an await lands in a detached element.
  const main = h('div', { class: 'page-body' });
  outer.append(main);
  const page = { alive: true, keys: null };
  const cleanup = () => {
    page.alive = false;
    if (page.keys) document.removeEventListener('keydown', page.keys);
  };
  try {
    const quiz = ctx.params.get('quiz');
    const articles = ctx.params.get('articles');
    if (quiz) await quizPage(main, ctx, page, quiz);
    else if (articles) await articleDrillPage(main, ctx, page, articles);
    else await overview(main, ctx);
  } catch (err) {
    main.replaceChildren(h('h1', {}, 'Progress'), h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)));
  }
  return cleanup;
}

async function overview(main, ctx) {
  const [progress, achievements, league, me, drill] = await Promise.all([
    api('GET', '/progress', { query: { days: 7 } }),
    api('GET', '/achievements'),
    api('GET', '/leagues/current'),
    api('GET', '/users/me'),
    // The article drill running (404 when none): offered to continue.
    api('GET', '/article-drills/current').catch(() => null),
  ]);
  const quizButton = h('a', { class: 'button primary', href: '#/progress?quiz=new', 'data-testid': 'start-quiz' }, '❓ Start a quiz');
  main.append(
    h('h1', {}, 'Progress'),
    summary(progress),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'pr-quiz-h' },
      h('h2', { id: 'pr-quiz-h' }, 'Quiz'),
      h('p', {}, '10 questions on words from your deck — meaning, article and plural. Answers on due cards count as reviews.'),
      h('div', { class: 'row' }, quizButton),
    ),
    articleDrillCard(drill),
    nameForm(me, ctx),
    leagueSection(league, me, ctx),
    boardsSection(),
    achievementsSection(achievements),
  );
}

function summary(p) {
  const goal = Math.max(1, p.goal);
  return h(
    'section',
    { class: 'card pr-summary', 'aria-label': 'XP and streak' },
    h(
      'dl',
      { class: 'pr-figures' },
      h('div', {}, h('dt', {}, 'Today'), h('dd', {}, `${p.xp_today} / ${p.goal} XP${p.goal_met ? ' ✓' : ''}`)),
      h('div', {}, h('dt', {}, 'Total'), h('dd', {}, `${p.total_xp} XP`)),
      h('div', {}, h('dt', {}, 'Streak'), h('dd', {}, `🔥 ${days(p.streak.current)}`)),
      h('div', {}, h('dt', {}, 'Longest'), h('dd', {}, days(p.streak.longest))),
      h('div', {}, h('dt', {}, 'Freezes'), h('dd', {}, `🧊 ${p.streak.freezes}`)),
    ),
    h('progress', { max: String(goal), value: String(Math.min(goal, p.xp_today)), 'aria-label': 'Daily goal' }),
  );
}

function days(n) {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

function nameForm(me, ctx) {
  const input = h('input', { id: 'pr-name', type: 'text', maxlength: '80', autocomplete: 'nickname', required: true });
  input.value = me.display_name;
  const form = h(
    'form',
    { class: 'card pr-name', 'aria-labelledby': 'pr-name-h' },
    h('h2', { id: 'pr-name-h' }, 'Display name'),
    h('p', { class: 'muted' }, `Others see you as “${me.leaderboard_name}” on the league table and leaderboards.`),
    h('label', { for: 'pr-name' }, 'Your display name'),
    input,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save name')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const updated = await api('PATCH', '/users/me', { json: { display_name: input.value } });
      input.value = updated.display_name;
      form.querySelector('p.muted').textContent = `Others see you as “${updated.leaderboard_name}” on the league table and leaderboards.`;
      toast('Name saved.');
      ctx.refreshHeader?.();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  });
  return form;
}

function leagueSection(league, me, ctx) {
  const section = h('section', { class: 'card pr-league', 'aria-labelledby': 'pr-league-h', 'data-testid': 'league' });
  const draw = (table) => {
    const ends = new Date(table.week_ends_at).toLocaleString(undefined, { weekday: 'long', hour: '2-digit', minute: '2-digit' });
    const parts = [h('h2', { id: 'pr-league-h' }, `🏆 League: ${table.tier}`)];
    if (table.status === 'left') {
      parts.push(h('p', {}, 'You left the weekly leagues: you are on no table or board.'));
    } else {
      parts.push(
        h(
          'p',
          { class: 'muted' },
          table.status === 'not_joined'
            ? 'Earn XP this week to join a group.'
            : [
                `Week ends ${ends}.`,
                table.promotion_zone === 1 ? ' Rank 1 moves up.' : table.promotion_zone ? ` Ranks 1–${table.promotion_zone} move up.` : '',
                table.demotion_zone === 1 ? ' The last one moves down.' : table.demotion_zone ? ` The last ${table.demotion_zone} move down.` : '',
              ].join(''),
        ),
      );
    }
    if (table.members.length) {
      parts.push(
        h(
          'div',
          { class: 'md-table' },
          h(
            'table',
            { class: 'pr-table' },
            h('caption', { class: 'visually-hidden' }, 'This week’s group'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'XP'))),
            h(
              'tbody',
              {},
              table.members.map((m) => {
                const row = h(
                  'tr',
                  { class: `zone-${m.zone}${m.is_me ? ' me' : ''}` },
                  h('td', {}, String(m.rank)),
                  h('th', { scope: 'row' }, m.display_name, m.is_me ? ' (you)' : '', m.zone === 'promotion' ? ' ⬆' : m.zone === 'demotion' ? ' ⬇' : ''),
                  h('td', {}, String(m.xp)),
                );
                if (m.is_me) row.setAttribute('aria-current', 'true');
                return row;
              }),
            ),
          ),
        ),
      );
    } else if (table.status !== 'left') {
      parts.push(h('p', {}, 'No group yet this week.'));
    }
    if (table.last_week) {
      const lw = table.last_week;
      parts.push(h('p', { class: 'muted' }, `Last week: ${lw.tier}, rank ${lw.rank ?? '—'}, ${lw.xp} XP — ${lw.result}; this week ${lw.next_tier}.`));
    }
    const toggle = h('button', { type: 'button', class: 'secondary' }, table.status === 'left' ? 'Join the leagues' : 'Leave the leagues');
    toggle.addEventListener('click', async () => {
      const leaving = table.status !== 'left';
      if (leaving && !window.confirm('Leave the weekly leagues? You disappear from every table and board until you join again.')) return;
      toggle.disabled = true;
      try {
        draw(await api('POST', leaving ? '/leagues/leave' : '/leagues/join'));
        toast(leaving ? 'You left the leagues.' : 'You are back in the leagues.');
        section.querySelector('button')?.focus();
      } catch (err) {
        toggle.disabled = false;
        toast(errorMessage(err), 'error');
      }
    });
    parts.push(h('div', { class: 'row' }, toggle));
    section.replaceChildren(...parts);
  };
  draw(league);
  return section;
}

function boardsSection() {
  const body = h('div', { class: 'pr-board', 'aria-live': 'polite' });
  const tabs = BOARDS.map(([board, label]) => {
    const tab = h('button', { type: 'button', class: 'secondary pr-tab', 'aria-pressed': 'false', 'data-board': board }, label);
    tab.addEventListener('click', () => show(board));
    return tab;
  });
  async function show(board) {
    tabs.forEach((t) => t.setAttribute('aria-pressed', String(t.dataset.board === board)));
    try {
      const lb = await api('GET', `/leaderboards/${board}`);
      body.replaceChildren(
        lb.entries.length
          ? h(
              'ol',
              { class: 'pr-entries' },
              lb.entries.map((e) => h('li', { class: e.is_me ? 'me' : '' }, h('span', { class: 'rank' }, `${e.rank}.`), ` ${e.display_name}${e.is_me ? ' (you)' : ''} `, h('span', { class: 'muted' }, `${e.score} ${lb.unit}`))),
            )
          : h('p', { class: 'muted' }, 'Nobody on this board yet.'),
        h('p', { class: 'muted' }, lb.my_rank ? `You: #${lb.my_rank} with ${lb.my_score} ${lb.unit}.` : lb.in_leagues ? 'You are not on this board yet.' : 'You left the leagues, so you are not on the boards.'),
      );
    } catch (err) {
      body.replaceChildren(h('p', { class: 'error-text' }, errorMessage(err)));
    }
  }
  show('xp_week');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'pr-boards-h' },
    h('h2', { id: 'pr-boards-h' }, 'Leaderboards'),
    h('div', { class: 'row pr-tabs', role: 'group', 'aria-label': 'Board' }, tabs),
    body,
  );
}

function achievementsSection(achievements) {
  const unlocked = achievements.filter((a) => a.unlocked_at).length;
  const categories = [...new Set(achievements.map((a) => a.category))];
  return h(
    'section',
    { 'aria-labelledby': 'pr-ach-h', 'data-testid': 'achievements' },
    h('h2', { id: 'pr-ach-h' }, `Achievements (${unlocked} of ${achievements.length})`),
    categories.map((category, i) => {
      const list = achievements.filter((a) => a.category === category);
      const details = h(
        'details',
        { class: 'card pr-category' },
        h('summary', {}, `${category[0].toUpperCase()}${category.slice(1)} · ${list.filter((a) => a.unlocked_at).length}/${list.length}`),
        h(
          'ul',
          { class: 'pr-achievements' },
          list.map((a) =>
            h(
              'li',
              { class: a.unlocked_at ? 'unlocked' : 'locked' },
              h('span', { class: 'tier', 'aria-hidden': 'true' }, a.unlocked_at ? TIER_ICONS[a.tier] || '🏅' : '🔒'),
              h(
                'div',
                {},
                h('strong', {}, a.name),
                h('span', { class: 'gr-badge' }, a.tier),
                h('p', { class: 'muted' }, a.description),
                h('progress', { max: String(a.threshold), value: String(Math.min(a.progress, a.threshold)), 'aria-label': `${a.name}: ${a.progress} of ${a.threshold} ${a.unit}` }),
                h('span', { class: 'small' }, a.unlocked_at ? `Unlocked ${new Date(a.unlocked_at).toLocaleDateString()}` : `${Math.min(a.progress, a.threshold)}/${a.threshold} ${a.unit}`),
              ),
            ),
          ),
        ),
      );
      if (i === 0) details.open = true;
      return details;
    }),
  );
}

// ---- the quiz ------------------------------------------------------------------------------

async function quizPage(main, ctx, page, which) {
  let quiz;
  if (which === 'new') {
    quiz = await api('POST', '/quizzes');
    history.replaceState(null, '', `#/progress?quiz=${quiz.id}`);
  } else {
    quiz = await api('GET', `/quizzes/${encodeURIComponent(which)}`);
  }
  const screen = h('section', { class: 'pr-quiz', 'aria-live': 'polite' });
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/progress' }, '← Progress')), h('h1', {}, '❓ Quiz'), screen);

  const setKeys = (handler) => pageKeys(page, handler);

  const showSummary = async () => {
    const done = await api('POST', `/quizzes/${quiz.id}/finish`);
    if (!page.alive) return;
    setKeys(() => {});
    screen.replaceChildren(
      h(
        'div',
        { class: 'card', role: 'status', 'data-testid': 'quiz-summary' },
        h('p', { class: 'verdict' }, '🏁 ', h('strong', {}, `${done.score} of ${done.total}`), ' right.'),
        h('p', { class: 'muted' }, done.reviews.length ? `${done.reviews.length} answers counted as reviews of due cards.` : 'All answers were practice (no card was due).'),
        h(
          'ol',
          { class: 'pr-solutions' },
          done.questions.map((q) => h('li', { class: q.correct ? 'ok' : 'wrong' }, q.correct ? '✅ ' : '❌ ', h('span', { lang: 'de' }, q.solution || q.prompt))),
        ),
      ),
      h('div', { class: 'row' }, h('a', { class: 'button primary', href: '#/progress?quiz=new' }, 'Another quiz'), h('a', { class: 'button secondary', href: '#/progress' }, 'Progress')),
    );
    screen.querySelector('a')?.focus();
  };

  const ask = (question) => {
    const choose = async (choice) => {
      setKeys(() => {});
      screen.querySelectorAll('.option').forEach((b) => {
        b.disabled = true;
      });
      let result;
      try {
        result = await api('POST', `/quizzes/${quiz.id}/answers`, { json: { question: question.index, choice } });
      } catch (err) {
        toast(errorMessage(err), err instanceof ApiError && err.status === 409 ? 'info' : 'error');
        quiz = await api('GET', `/quizzes/${quiz.id}`);
        return quiz.current === null ? showSummary() : ask(quiz.questions[quiz.current]);
      }
      screen.querySelectorAll('.option').forEach((b, i) => {
        if (i === result.correct_choice) b.append(h('span', { class: 'mark' }, ' ✓ right'));
        if (i === result.correct_choice) b.classList.add('right');
        if (i === choice && !result.correct) b.append(h('span', { class: 'mark' }, ' ✗ your choice'));
        if (i === choice && !result.correct) b.classList.add('wrong');
      });
      const next = h('button', { type: 'button', class: 'primary', 'data-testid': 'quiz-next' }, result.finished ? 'See the result 🏁' : 'Next ▶');
      next.addEventListener('click', () => (result.finished || !result.next_question ? showSummary() : ask(result.next_question)));
      screen.append(
        h(
          'div',
          { class: `card pr-verdict ${result.correct ? 'ok' : 'wrong'}`, role: 'status' },
          h('p', { class: 'verdict' }, result.correct ? '✅ Richtig!' : '❌ Not quite.', ' ', h('strong', { lang: 'de' }, result.solution)),
          result.reason ? h('p', {}, result.reason) : null,
          result.counted_as_review ? h('p', { class: 'muted' }, 'Counted as a review of your card.') : null,
        ),
        h('div', { class: 'row' }, next),
      );
      next.focus();
    };
    screen.replaceChildren(
      h('div', { class: 'gr-progress' }, h('progress', { max: String(quiz.total), value: String(question.index), 'aria-label': 'Quiz progress' }), h('span', {}, `${question.index + 1} of ${quiz.total}`)),
      h(
        'div',
        { class: 'card' },
        h('p', { class: 'gr-instruction' }, h('em', {}, question.instruction)),
        h('p', { class: 'gr-prompt', lang: 'de' }, question.prompt),
        h(
          'div',
          { class: 'gr-options', role: 'group', 'aria-label': 'Options' },
          question.options.map((option, i) => {
            const button = h('button', { type: 'button', class: 'option', lang: 'de' }, h('span', { class: 'key', 'aria-hidden': 'true' }, String(i + 1)), ' ', option);
            button.addEventListener('click', () => choose(i));
            return button;
          }),
        ),
      ),
    );
    setKeys((event) => {
      const n = digit(event, question.options.length);
      if (n) {
        event.preventDefault();
        choose(n - 1);
      }
    });
    screen.querySelector('.option')?.focus();
  };

  if (quiz.current === null || quiz.status !== 'active') await showSummary();
  else ask(quiz.questions[quiz.current]);
}
