// Shown when the session ended without the learner asking: the refresh was refused.

import { h } from '../ui.js';

const REASONS = {
  reused: [
    'You were signed out',
    'Your sign-in was used from somewhere else (or from an old copy of this page), so for ' +
      'your safety every session of your account was ended. Please sign in again. If this ' +
      'keeps happening, change your password in Settings.',
  ],
  expired: ['You were signed out', 'Your session has expired. Please sign in again.'],
  telegram: [
    'Please reopen the app',
    'Your Telegram session has expired: close this window and open the app again from the bot.',
  ],
};

export async function render(main, ctx) {
  const [title, text] = REASONS[ctx.params.get('reason')] || REASONS.expired;
  main.append(
    h(
      'section',
      { class: 'card stack' },
      h('h1', { text: title }),
      h('p', { text }),
      ctx.params.get('reason') === 'telegram'
        ? null
        : h('p', {}, h('a', { class: 'button', href: '#/login' }, 'Sign in')),
    ),
  );
}
