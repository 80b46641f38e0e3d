// The only way the web client talks to the server: the public REST API under /api/v1.
// The access token lives in this module's memory only; the refresh token is an HttpOnly
// cookie (cookie mode, header X-Auth-Mode: cookie) the page's scripts never see. A Telegram
// Mini App has no cookie: it signs in again from Telegram's initData when its token expires.

const BASE = '/api/v1';
const COOKIE_MODE = { 'X-Auth-Mode': 'cookie' };

let accessToken = null;
let miniAppInitData = null; // set when signed in through Telegram: the way to sign in again
let refreshing = null; // one refresh at a time in this tab (a second would look like reuse)
const signedOutListeners = [];

function describe(body, status) {
  const detail = body && body.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail
      .map((issue) => {
        const where = (issue.loc || []).filter((part) => part !== 'body' && part !== 'query');
        return where.length ? `${where.join('.')}: ${issue.msg}` : issue.msg;
      })
      .join('; ');
  }
  if (status === 0) return 'Cannot reach the server. Check your connection and try again.';
  return `The request failed (HTTP ${status}).`;
}

export class ApiError extends Error {
  constructor(status, body) {
    const detail = describe(body, status);
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.code = (body && body.code) || null;
    this.body = body || null;
  }
}

function url(path, query) {
  const target = new URL(BASE + path, location.origin);
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) value.forEach((item) => target.searchParams.append(key, item));
      else target.searchParams.set(key, String(value));
    }
  }
  return target.pathname + target.search;
}

async function send(method, path, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  let body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form !== undefined) {
    body = opts.form; // URLSearchParams: the browser sets the content type
  } else if (opts.body !== undefined) {
    body = opts.body; // FormData
  }
  if (accessToken && !opts.anonymous) headers.Authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(url(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
}

async function readBody(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  const text = await response.text();
  return text ? { detail: text.slice(0, 300) } : null;
}

function signOutLocally(reason) {
  const wasSignedIn = accessToken !== null;
  accessToken = null;
  miniAppInitData = null;
  if (wasSignedIn || reason === 'reused') signedOutListeners.forEach((cb) => cb(reason));
}

async function exchangeCookie() {
  const response = await send('POST', '/auth/refresh', { headers: COOKIE_MODE, anonymous: true });
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, body);
  accessToken = body.access_token;
}

// A refresh rotates the cookie, and presenting an old cookie twice ends every session of the
// account (reuse detection): refreshes are serialised in this tab and, where the browser has
// Web Locks, across tabs, so the second one sends the cookie the first one received.
function refreshOnce() {
  if (!refreshing) {
    const run = async () => {
      if (miniAppInitData) return signInWithInitData(miniAppInitData);
      return exchangeCookie();
    };
    const locked = navigator.locks ? navigator.locks.request('tutor-refresh', run) : run();
    refreshing = locked.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

function refusalReason(err) {
  if (miniAppInitData) return 'telegram'; // the launch data is too old to sign in again
  return err instanceof ApiError && /already used/i.test(err.detail) ? 'reused' : 'expired';
}

export async function api(method, path, opts = {}) {
  let response = await send(method, path, opts);
  if (response.status === 401 && accessToken && !opts.anonymous) {
    try {
      await refreshOnce();
    } catch (err) {
      signOutLocally(refusalReason(err));
      throw err instanceof ApiError ? err : new ApiError(401, null);
    }
    response = await send(method, path, opts);
  }
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function apiBlob(path, opts = {}) {
  const download = async () => send('GET', path, opts);
  let response = await download();
  if (response.status === 401 && accessToken) {
    try {
      await refreshOnce();
    } catch (err) {
      signOutLocally(refusalReason(err));
      throw err instanceof ApiError ? err : new ApiError(401, null);
    }
    response = await download();
  }
  if (!response.ok) throw new ApiError(response.status, await readBody(response));
  return response.blob();
}

async function signInWithInitData(initData) {
  const response = await send('POST', '/auth/telegram', {
    json: { init_data: initData },
    anonymous: true,
  });
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, body);
  accessToken = body.access_token;
  miniAppInitData = initData;
}

async function tokenRequest(path, opts) {
  const response = await send('POST', path, {
    ...opts,
    headers: { ...COOKIE_MODE, ...(opts.headers || {}) },
    anonymous: true,
  });
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, body);
  accessToken = body.access_token;
  return body;
}

export const session = {
  signedIn() {
    return accessToken !== null;
  },
  /** True when signed in from Telegram's initData (a Mini App): no password, no cookie. */
  inTelegram() {
    return miniAppInitData !== null;
  },
  async login(email, password) {
    const form = new URLSearchParams({ username: email, password });
    await tokenRequest('/auth/login', { form });
  },
  async register(email, password, displayName = '') {
    const json = { email, password };
    if (displayName) json.display_name = displayName;
    await api('POST', '/auth/register', { json, anonymous: true });
    await session.login(email, password);
  },
  /** Give a Telegram learner a web login with the code from the bot's /link, and sign in. */
  async claim(code, email, password) {
    await tokenRequest('/auth/claim', { json: { code, email, password } });
  },
  /** Change the password: every other session ends, this one gets a new cookie. */
  async changePassword(currentPassword, newPassword) {
    const json = { current_password: currentPassword, new_password: newPassword };
    const response = await send('POST', '/auth/password', { json, headers: COOKIE_MODE });
    const body = await readBody(response);
    if (!response.ok) throw new ApiError(response.status, body);
    accessToken = body.access_token;
  },
  async logout() {
    try {
      if (!miniAppInitData) {
        await send('POST', '/auth/logout', { headers: COOKIE_MODE, anonymous: true });
      }
    } finally {
      signOutLocally('logout');
    }
  },
  /** Silent sign-in at start from the refresh cookie. Resolves true when signed in. */
  async restore() {
    // Without the readable hint the server sets beside the HttpOnly cookie there is nothing
    // to refresh, and asking would only be refused (a 401 in the console on a first visit).
    if (!miniAppInitData && !document.cookie.split('; ').includes('tutor_session=1')) return false;
    try {
      await refreshOnce();
      return true;
    } catch (err) {
      if (refusalReason(err) === 'reused') signOutLocally('reused');
      return false;
    }
  },
  async telegram(initData) {
    await signInWithInitData(initData);
  },
  /** cb(reason): 'logout' (asked for); 'expired', 'reused' (the refresh was refused) or
   * 'telegram' (a Mini App whose launch data is too old to sign in again). */
  onSignedOut(cb) {
    signedOutListeners.push(cb);
  },
};
