// Telegram Mini App bootstrap, talking to Telegram's documented bridge directly (no script
// from telegram.org): the launch parameters come in the URL's hash (tgWebAppData,
// tgWebAppThemeParams); events go out by TelegramWebviewProxy.postEvent (mobile and desktop
// apps), window.external.notify (older desktop) or postMessage to the parent frame (web
// clients); events come in through window.Telegram.WebView.receiveEvent or, in a frame,
// as messages from the parent.

const TELEGRAM_WEB_ORIGIN = 'https://web.telegram.org';
// Telegram's theme colours -> the app's CSS variables (app.css).
const THEME_VARIABLES = {
  bg_color: '--bg',
  text_color: '--fg',
  hint_color: '--muted',
  secondary_bg_color: '--card',
  button_color: '--accent',
  button_text_color: '--accent-fg',
  destructive_text_color: '--danger',
  section_separator_color: '--border',
};
const COLOUR = /^#[0-9a-f]{6}$/i;

/** Telegram's launch parameters when the page was opened as a Mini App, else null. */
export function readLaunch(hash = location.hash) {
  const raw = hash.replace(/^#/, '');
  if (!raw.includes('tgWebAppData=')) return null;
  const params = new URLSearchParams(raw);
  const initData = params.get('tgWebAppData');
  if (!initData) return null;
  let theme = null;
  try {
    theme = JSON.parse(params.get('tgWebAppThemeParams') || 'null');
  } catch {
    theme = null;
  }
  return { initData, theme, platform: params.get('tgWebAppPlatform') || 'unknown' };
}

export function postEvent(eventType, eventData = {}) {
  try {
    if (window.TelegramWebviewProxy && window.TelegramWebviewProxy.postEvent) {
      window.TelegramWebviewProxy.postEvent(eventType, JSON.stringify(eventData));
    } else if (window.external && typeof window.external.notify === 'function') {
      window.external.notify(JSON.stringify({ eventType, eventData }));
    } else if (window.parent !== window) {
      window.parent.postMessage(JSON.stringify({ eventType, eventData }), TELEGRAM_WEB_ORIGIN);
    }
  } catch {
    // Outside Telegram (or an older client without the event): nothing to tell.
  }
}

/** Map Telegram's theme colours onto the CSS variables (only well-formed #rrggbb values). */
export function applyTheme(theme) {
  if (!theme || typeof theme !== 'object') return;
  const root = document.documentElement;
  root.classList.add('tg-theme');
  for (const [param, variable] of Object.entries(THEME_VARIABLES)) {
    const colour = theme[param];
    if (typeof colour === 'string' && COLOUR.test(colour)) root.style.setProperty(variable, colour);
  }
  // Older clients send no separator colour: the hint colour draws the borders then.
  if (!COLOUR.test(theme.section_separator_color || '') && COLOUR.test(theme.hint_color || '')) {
    root.style.setProperty('--border', theme.hint_color);
  }
}

function receiveEvent(eventType, eventData) {
  if (eventType === 'theme_changed' && eventData) applyTheme(eventData.theme_params);
}

/** Start the bridge: listen for theme changes, tell Telegram the app is ready and expand. */
export function startBridge(launch) {
  applyTheme(launch.theme);
  window.Telegram = window.Telegram || {};
  window.Telegram.WebView = { receiveEvent };
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || event.origin !== TELEGRAM_WEB_ORIGIN) return;
    try {
      const message = JSON.parse(event.data);
      if (message && message.eventType) receiveEvent(message.eventType, message.eventData);
    } catch {
      // not one of Telegram's messages
    }
  });
  postEvent('web_app_ready');
  postEvent('web_app_expand');
}
