// Sign in, create an account, or give a Telegram account a web login with a /link code.

import { session } from '../api.js';
import { errorMessage, h } from '../ui.js';

const MODES = {
  signin: 'Sign in',
  register: 'Create account',
  claim: 'I use the Telegram bot',
};

function field(id, label, attrs, hint) {
  const input = h('input', { id, name: id, required: true, ...attrs });
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id, text: label }),
    input,
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
  );
}

const FORMS = {
  signin: () => [
    field('email', 'Email', { type: 'email', autocomplete: 'username' }),
    field('password', 'Password', { type: 'password', autocomplete: 'current-password' }),
  ],
  register: () => [
    field('display_name', 'Name (optional)', { type: 'text', autocomplete: 'nickname',
      maxlength: 80, required: false }, 'Shown on league tables; you can change it later.'),
    field('email', 'Email', { type: 'email', autocomplete: 'username' }),
    field('password', 'Password', { type: 'password', autocomplete: 'new-password',
      minlength: 8, maxlength: 128 }, 'At least 8 characters.'),
  ],
  claim: () => [
    field('code', 'Code from the bot', { type: 'text', autocomplete: 'one-time-code',
      autocapitalize: 'characters', spellcheck: 'false', minlength: 4, maxlength: 64 },
    'Send /link to the bot in Telegram and type the code it gives you here.'),
    field('email', 'Email for the web login', { type: 'email', autocomplete: 'username' }),
    field('password', 'New password', { type: 'password', autocomplete: 'new-password',
      minlength: 8, maxlength: 128 }, 'At least 8 characters.'),
  ],
};

const SUBMITS = { signin: 'Sign in', register: 'Create account', claim: 'Set up web login' };

const HEADINGS = {
  signin: 'Sign in',
  register: 'Create an account',
  claim: 'Web login for your Telegram account',
};

const INTROS = {
  signin: 'Welcome back! Sign in to practise your German.',
  register: 'Learn German with reviews, grammar drills and conversations with a tutor.',
  claim: 'Already learning with the Telegram bot? Keep all your progress: set up a web login ' +
    'for the same account.',
};

export async function render(main, ctx) {
  const mode = MODES[ctx.params.get('mode')] ? ctx.params.get('mode') : 'signin';
  const next = ctx.params.get('next') || '#/today';
  const error = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', text: SUBMITS[mode] });
  const form = h('form', { class: 'card', novalidate: false }, FORMS[mode](), error, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name) => String(data.get(name) || '').trim();
    const password = String(data.get('password') || '');
    submit.disabled = true;
    error.hidden = true;
    try {
      if (mode === 'signin') await session.login(value('email'), password);
      else if (mode === 'register') {
        await session.register(value('email'), password, value('display_name'));
      } else await session.claim(value('code'), value('email'), password);
      await ctx.signedIn(next);
    } catch (err) {
      error.textContent = errorMessage(err);
      error.hidden = false;
      submit.disabled = false;
    }
  });

  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': 'Ways to sign in' },
    Object.entries(MODES).map(([key, label]) => {
      const query = new URLSearchParams({ mode: key });
      if (ctx.params.get('next')) query.set('next', next);
      return h('a', { href: `#/login?${query}`, 'aria-current': key === mode ? 'page' : null },
        label);
    }),
  );
  main.append(
    h('h1', { text: HEADINGS[mode] }),
    h('p', { class: 'muted', text: INTROS[mode] }),
    tabs,
    form,
  );
  form.querySelector('input')?.focus();
}
