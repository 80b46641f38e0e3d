// Settings: learning (level, goal, new cards, retention), reminders (time zone, time,
// evening nudge), account (password, export my data, delete my account). Each section saves
// only what changed (PATCH /users/me) and shows the API's reason when it refuses.
import { api, session } from '../api.js';
import { h, clear, toast, errorMessage, append, saveBlob } from '../ui.js';
import { zonePicker } from '../settings-zones.js';

const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
const CARD_KINDS = [
  ['plural', 'Plural cards (das Haus → die Häuser)'],
  ['verb_forms', 'Verb form cards (gehen → ging, ist gegangen)'],
];
const GOALS = [
  [10, '10 XP — casual'],
  [20, '20 XP — regular'],
  [50, '50 XP — serious'],
  [100, '100 XP — intense'],
];

function field(id, label, control, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id, text: label }),
    control,
    hint ? h('p', { class: 'hint muted', id: `${id}-hint`, text: hint }) : null);
}

function checkbox(id, label, checked, hint) {
  const box = h('input', { id, type: 'checkbox' });
  box.checked = Boolean(checked);
  if (hint) box.setAttribute('aria-describedby', `${id}-hint`);
  return {
    box,
    element: h('div', { class: 'field check' },
      box, h('label', { for: id, text: label }),
      hint ? h('p', { class: 'hint muted', id: `${id}-hint`, text: hint }) : null),
  };
}

function errorBox() {
  return h('div', { class: 'form-status', 'aria-live': 'polite' });
}

function showError(box, err) {
  clear(box);
  append(box, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
}

function showOk(box, text) {
  clear(box);
  append(box, h('p', { class: 'ok-text', role: 'status', text }));
}

export async function render(main, ctx) {
  let me;
  try {
    me = await api('GET', '/users/me');
  } catch (err) {
    append(main, h('h1', { text: 'Settings' }), h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
    return;
  }

  /** PATCH only the fields that differ from the profile; answers whether anything changed. */
  async function save(values, status) {
    const changes = {};
    for (const [key, value] of Object.entries(values)) if (me[key] !== value) changes[key] = value;
    if (!Object.keys(changes).length) {
      showOk(status, 'Nothing changed.');
      return;
    }
    try {
      me = await api('PATCH', '/users/me', { json: changes });
      // Other pages read the profile from ctx.me (the deck's word screen, the card kinds).
      if (ctx.reloadMe) await ctx.reloadMe().catch(() => null);
      showOk(status, 'Saved.');
      if (ctx.refreshHeader) ctx.refreshHeader();
    } catch (err) {
      showError(status, err);
    }
  }

  // --- learning ----------------------------------------------------------------------------
  const level = h('select', { id: 'settings-level' }, LEVELS.map((l) => h('option', { value: l, text: l })));
  level.value = me.cefr_level;
  const goal = h('select', { id: 'settings-goal' }, GOALS.map(([v, label]) => h('option', { value: String(v), text: label })));
  goal.value = String(me.daily_goal);
  const newCards = h('input', { id: 'settings-new-cards', type: 'number', min: '0', max: '500', step: '1', inputmode: 'numeric', 'aria-describedby': 'settings-new-cards-hint' });
  newCards.value = String(me.new_cards_per_day);
  const retention = h('input', { id: 'settings-retention', type: 'number', min: '70', max: '97', step: '1', inputmode: 'numeric', 'aria-describedby': 'settings-retention-hint' });
  retention.value = String(Math.round(me.desired_retention * 100));
  // Optional typed card kinds: shown only when the API has them (Profile.card_kinds).
  const kindBoxes = Array.isArray(me.card_kinds)
    ? CARD_KINDS.map(([kind, label]) => ({ kind, ...checkbox(`settings-kind-${kind}`, label, me.card_kinds.includes(kind)) }))
    : null;
  const learningStatus = errorBox();
  const learning = h(
    'form',
    {
      class: 'settings-section',
      'aria-labelledby': 'settings-learning-title',
      // The API checks the numbers and says why in the status line (not a browser bubble).
      novalidate: true,
      on: {
        submit: (e) => {
          e.preventDefault();
          const values = { cefr_level: level.value, daily_goal: Number(goal.value) };
          // Empty or non-numbers go to the API as they are: its 422 says what is wrong.
          values.new_cards_per_day = newCards.value === '' ? newCards.value : Number(newCards.value);
          const percent = Number(retention.value);
          values.desired_retention = retention.value === '' ? retention.value : Math.round(percent) / 100;
          if (Math.abs(values.desired_retention - me.desired_retention) < 0.005) values.desired_retention = me.desired_retention;
          if (kindBoxes) {
            const kinds = kindBoxes.filter((k) => k.box.checked).map((k) => k.kind);
            if (kinds.join() !== [...me.card_kinds].sort().join()) values.card_kinds = kinds;
          }
          save(values, learningStatus);
        },
      },
    },
    h('h2', { id: 'settings-learning-title', text: 'Learning' }),
    field('settings-level', 'Level (CEFR)', level),
    field('settings-goal', 'Daily goal', goal),
    field('settings-new-cards', 'New cards per day', newCards, 'How many new cards reviews bring in each day (0–500).'),
    field('settings-retention', 'Desired retention (%)', retention, 'How much you want to remember at review time (70–97 %). Higher means more reviews.'),
    kindBoxes
      ? h('fieldset', { class: 'card-kinds' },
          h('legend', { text: 'Extra card kinds' }),
          kindBoxes.map((k) => k.element),
          h('p', { class: 'hint muted', text: 'Typed cards, each scheduled on its own, for the words they fit.' }))
      : null,
    h('button', { type: 'submit', class: 'primary' }, 'Save learning'),
    learningStatus,
  );

  // --- reminders ---------------------------------------------------------------------------
  const picker = zonePicker(me.time_zone);
  const reminders = checkbox('settings-reminders', 'Daily reminder', me.reminders_enabled,
    me.reminders_disabled_reason ? `Reminders were turned off: ${me.reminders_disabled_reason}` : 'A message in Telegram when reviews are due.');
  const reminderTime = h('input', { id: 'settings-reminder-time', type: 'time', step: '60' });
  reminderTime.value = String(me.reminder_time).slice(0, 5);
  const nudge = checkbox('settings-nudge', 'Evening streak nudge', me.streak_nudge_enabled,
    'At 20:30 your time, in Telegram, when your streak is at risk.');
  const remindersStatus = errorBox();
  const remindersForm = h(
    'form',
    {
      class: 'settings-section',
      'aria-labelledby': 'settings-reminders-title',
      on: {
        submit: (e) => {
          e.preventDefault();
          const values = {
            time_zone: picker.get(),
            reminders_enabled: reminders.box.checked,
            streak_nudge_enabled: nudge.box.checked,
          };
          if (reminderTime.value !== String(me.reminder_time).slice(0, 5)) values.reminder_time = reminderTime.value;
          save(values, remindersStatus);
        },
      },
    },
    h('h2', { id: 'settings-reminders-title', text: 'Time zone and reminders' }),
    picker.element,
    reminders.element,
    field('settings-reminder-time', 'Reminder time', reminderTime),
    nudge.element,
    me.telegram_linked ? null : telegramLink(),
    h('button', { type: 'submit', class: 'primary' }, 'Save reminders'),
    remindersStatus,
  );

  append(main, h('div', { class: 'settings' }, h('h1', { text: 'Settings' }), learning, remindersForm, accountSection(me, ctx)));
}

/** Reminders arrive in Telegram: a one-time code (POST /users/me/telegram-link) that links
 * this account to the learner's Telegram when they send it to the bot. */
function telegramLink() {
  const out = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary' }, 'Link my Telegram');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const issued = await api('POST', '/users/me/telegram-link');
      const until = new Date(issued.expires_at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
      clear(out);
      append(out, h('div', { class: 'notice', 'data-testid': 'telegram-code' },
        h('p', {}, 'Send this message to the bot in Telegram before ', until, ':'),
        h('p', {}, h('code', { class: 'link-code', text: `/start ${issued.code}` })),
        issued.telegram_url
          ? h('p', {}, h('a', { href: issued.telegram_url, target: '_blank', rel: 'noopener' }, 'Open the bot in Telegram'), ' (it sends the code for you).')
          : null));
      button.textContent = 'Get a new code';
    } catch (err) {
      showError(out, err);
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'field' },
    h('p', { class: 'hint muted', text: 'Reminders and the nudge arrive in Telegram: link your Telegram account first.' }),
    button, out);
}

function accountSection(me, ctx) {
  const parts = [h('h2', { id: 'settings-account-title', text: 'Account' })];
  if (me.email) parts.push(h('p', { class: 'muted', text: `Signed in as ${me.email}` }));

  // --- change password ---------------------------------------------------------------------
  if (me.has_web_login) {
    const current = h('input', { id: 'settings-pw-current', type: 'password', autocomplete: 'current-password', required: 'required' });
    const fresh = h('input', { id: 'settings-pw-new', type: 'password', autocomplete: 'new-password', required: 'required', minlength: '8', maxlength: '128' });
    const again = h('input', { id: 'settings-pw-again', type: 'password', autocomplete: 'new-password', required: 'required' });
    const status = errorBox();
    const form = h(
      'form',
      {
        class: 'stack',
        'aria-labelledby': 'settings-pw-title',
        on: {
          submit: async (e) => {
            e.preventDefault();
            if (fresh.value !== again.value) {
              clear(status);
              append(status, h('p', { class: 'notice error', role: 'alert', text: 'The new passwords are not the same.' }));
              return;
            }
            try {
              await session.changePassword(current.value, fresh.value);
              form.reset();
              showOk(status, 'Password changed. Your other sessions are signed out.');
            } catch (err) {
              showError(status, err);
            }
          },
        },
      },
      h('h3', { id: 'settings-pw-title', text: 'Change password' }),
      field('settings-pw-current', 'Current password', current),
      field('settings-pw-new', 'New password (at least 8 characters)', fresh),
      field('settings-pw-again', 'New password again', again),
      h('button', { type: 'submit' }, 'Change password'),
      status,
    );
    parts.push(form);
  }

  // --- export my data ----------------------------------------------------------------------
  const exportButton = h('button', { type: 'button', class: 'secondary' }, 'Download my data (JSON)');
  const exportStatus = errorBox();
  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    clear(exportStatus);
    try {
      const day = new Date().toISOString().slice(0, 10);
      await saveBlob('/users/me/export', `german-tutor-${me.id}-${day}.json`);
      showOk(exportStatus, 'Your data was downloaded.');
    } catch (err) {
      showError(exportStatus, err);
    } finally {
      exportButton.disabled = false;
    }
  });
  parts.push(
    h('div', { class: 'stack' },
      h('h3', { text: 'Export my data' }),
      h('p', { class: 'muted', text: 'Everything the tutor keeps about you, as one JSON file: profile, deck and scheduling, reviews, conversations, progress.' }),
      exportButton, exportStatus),
  );

  // --- delete my account -------------------------------------------------------------------
  const deleteBox = h('div', { class: 'stack danger-zone' }, h('h3', { text: 'Delete my account' }));
  if (!me.has_web_login) {
    append(deleteBox, h('p', { text: 'This account was made in Telegram: delete it there with /deleteaccount.' }));
  } else {
    const start = h('button', { type: 'button', class: 'danger' }, 'Delete my account…');
    const confirmArea = h('div');
    start.addEventListener('click', () => {
      start.hidden = true;
      const password = h('input', { id: 'settings-delete-pw', type: 'password', autocomplete: 'current-password', required: 'required' });
      const understood = h('input', { id: 'settings-delete-confirm', type: 'checkbox' });
      const confirm = h('button', { type: 'submit', class: 'danger' }, 'Delete for good');
      confirm.disabled = true;
      understood.addEventListener('change', () => { confirm.disabled = !understood.checked; });
      const status = errorBox();
      const form = h(
        'form',
        {
          class: 'stack',
          on: {
            submit: async (e) => {
              e.preventDefault();
              if (!understood.checked) return;
              confirm.disabled = true;
              try {
                await api('DELETE', '/users/me', { json: { password: password.value } });
              } catch (err) {
                confirm.disabled = false;
                showError(status, err);
                return;
              }
              try {
                await session.logout();
              } catch {
                // The account and its sessions are gone already.
              }
              toast('Your account and all its data were deleted.', 'ok');
              ctx.navigate('#/login');
            },
          },
        },
        h('p', { class: 'notice error', text: 'This deletes your words, reviews, conversations and progress for good. It cannot be undone.' }),
        field('settings-delete-pw', 'Your password', password),
        h('div', { class: 'field check' }, understood, h('label', { for: 'settings-delete-confirm', text: 'I understand: everything is deleted for good' })),
        h('div', { class: 'row' }, confirm, h('button', {
          type: 'button',
          on: { click: () => { clear(confirmArea); start.hidden = false; start.focus(); } },
        }, 'Cancel')),
        status,
      );
      append(confirmArea, form);
      password.focus();
    });
    append(deleteBox, h('p', { class: 'muted', text: 'Your account and all its data, for good.' }), start, confirmArea);
  }
  parts.push(deleteBox);
  return h('section', { class: 'settings-section', 'aria-labelledby': 'settings-account-title' }, parts);
}
