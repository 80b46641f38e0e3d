// Today: the daily plan (GET /dashboard), the streak, the goal and a way into every activity.

import { api } from '../api.js';
import { append, h } from '../ui.js';

// Where each plan item is done in this app. The pages read these parameters:
//   #/review?new_only=true   new cards only      #/grammar?topic=<slug>   that topic
//   #/talk?scene=<slug>      that scene
function hrefOf(item) {
  switch (item.kind) {
    case 'reviews':
      return '#/review';
    case 'new_words':
      return '#/review?new_only=true';
    case 'grammar':
      return `#/grammar?topic=${encodeURIComponent(item.slug || '')}`;
    case 'conversation':
      return `#/talk?scene=${encodeURIComponent(item.slug || '')}`;
    default:
      return '#/today';
  }
}

const KIND_NAMES = {
  reviews: 'Review',
  new_words: 'Learn',
  grammar: 'Grammar',
  conversation: 'Talk',
};

const REASONS = { due: 'due for practice', weak: 'a weak spot', next: 'next at your level' };

const ACTIVITIES = [
  ['#/review', 'Review cards', 'Flashcards, spaced repetition'],
  ['#/grammar', 'Grammar', 'Topics, drills, placement test'],
  ['#/talk', 'Talk', 'Chat with your tutor'],
  ['#/deck', 'Deck', 'Your words: add, import, export'],
  ['#/stats', 'Stats', 'Heatmap, forecast, retention'],
  ['#/progress', 'Progress', 'Achievements, league, quizzes, der/die/das'],
];

function planItem(item) {
  const detail = item.kind === 'grammar' && item.reason ? REASONS[item.reason] : null;
  return h(
    'li',
    {},
    h(
      'a',
      { class: 'button', href: hrefOf(item) },
      h('span', {}, `${KIND_NAMES[item.kind] || item.kind}: ${item.label}`),
      detail ? h('span', { class: 'visually-hidden' }, ` (${detail})`) : null,
      h('span', { 'aria-hidden': 'true' }, '→'),
    ),
  );
}

export async function render(main, ctx) {
  main.append(h('p', { class: 'loading', text: 'Loading your plan…' }));
  const [plan, deck] = await Promise.all([
    api('GET', '/dashboard'),
    // Only to say where to begin when the deck is empty; Today works without it.
    api('GET', '/vocabulary/deck/overview').catch(() => null),
  ]);
  main.replaceChildren();
  const name = ctx.me && ctx.me.display_name ? `, ${ctx.me.display_name}` : '';
  const { goal, streak } = plan;
  const local = new Date(`${plan.local_on}T12:00:00`);
  const dateText = local.toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });

  append(main,
    h('h1', { text: `Hallo${name}!` }),
    h('p', { class: 'muted' }, `${dateText} · level ${plan.level}`),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'goal-heading' },
      h('h2', { id: 'goal-heading', text: 'Daily goal' }),
      h('progress', {
        id: 'goal-progress',
        max: String(goal.goal),
        value: String(Math.min(goal.xp_today, goal.goal)),
        'aria-label': `${goal.xp_today} of ${goal.goal} XP today`,
      }),
      h(
        'p',
        {},
        goal.met
          ? `Goal met: ${goal.xp_today} XP today. Well done!`
          : `${goal.xp_today} of ${goal.goal} XP today, ${goal.xp_left} to go.`,
      ),
      h(
        'div',
        { class: 'stat-line' },
        h('p', {}, h('strong', { text: `🔥 ${streak.current}` }), 'day streak'),
        h('p', {}, h('strong', { text: String(streak.longest) }), 'longest'),
        h('p', {}, h('strong', { text: String(streak.freezes) }), 'freezes'),
      ),
    ),
    deck && deck.words === 0
      ? h(
          'section',
          { class: 'card start-deck', 'aria-labelledby': 'start-heading' },
          h('h2', { id: 'start-heading', text: 'Start your deck' }),
          h('p', {}, 'Reviews need words: add a few you want to learn, or a starter pack of the ' +
            'most frequent words at your level.'),
          h('a', { class: 'button', href: '#/deck?tab=add' }, 'Add words'),
        )
      : null,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'plan-heading' },
      h('h2', { id: 'plan-heading', text: 'Your plan for today' }),
      plan.items.length
        ? h('ul', { class: 'plan-items' }, plan.items.map(planItem))
        : h(
            'p',
            {},
            'Nothing waiting right now. Add words to your ',
            h('a', { href: '#/deck' }, 'deck'),
            ' or pick a grammar topic.',
          ),
    ),
    h(
      'section',
      { class: 'activities', 'aria-labelledby': 'all-heading' },
      h('h2', { id: 'all-heading', text: 'Everything' }),
      h(
        'div',
        { class: 'grid' },
        ACTIVITIES.map(([href, label, hint]) =>
          h(
            'a',
            { class: 'button secondary activity', href },
            h('span', { class: 'activity-name' }, label),
            h('span', { class: 'activity-hint' }, hint),
          ),
        ),
      ),
    ),
  );
  ctx.refreshHeader();
}
