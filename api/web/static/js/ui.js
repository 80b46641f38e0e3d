// DOM helpers. Elements are built with h(), never from HTML strings: text from the API is
// always set as text. No inline styles (the CSP forbids them): use classes from the CSS.

import { ApiError, apiBlob } from './api.js';

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'readOnly',
  'required', 'multiple', 'autofocus', 'indeterminate']);

function addChild(el, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    child.forEach((item) => addChild(el, item));
  } else if (child instanceof Node) {
    el.appendChild(child);
  } else {
    el.appendChild(document.createTextNode(String(child)));
  }
}

/** Like el.append(), but skips null, undefined and false (el.append writes them as text) and
 * flattens arrays: append(box, cond ? h('p', ...) : null, [a, b]). Returns el. */
export function append(el, ...children) {
  addChild(el, children);
  return el;
}

/** Like el.replaceChildren(), with append()'s rules for the new children. Returns el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

/** h('button', {class: 'secondary', on: {click: fn}}, 'Save') -> <button> */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'html' || key === 'innerHTML') {
      throw new Error('h(): no HTML strings; build elements instead');
    } else if (key === 'style') {
      throw new Error('h(): no style attribute (CSP); use a class or el.style.x');
    } else if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'for') {
      el.htmlFor = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  addChild(el, children);
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let toastTimer = null;

/** A short message in the status region; kind: 'info', 'ok' or 'error'. */
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  el.className = `toast visible ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.className = 'toast';
  }, kind === 'error' ? 6000 : 3500);
}

/** What to tell the learner about a failure. */
export function errorMessage(err) {
  if (err instanceof ApiError) return err.detail;
  if (err && typeof err.message === 'string' && err.message) return err.message;
  return 'Something went wrong. Please try again.';
}

/** Downloads `path` (under /api/v1, with the session's token) as a file named `filename`. */
export async function saveBlob(path, filename) {
  const blob = await apiBlob(path);
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const LETTERS = ['ä', 'ö', 'ü', 'ß', 'Ä', 'Ö', 'Ü'];

/** Buttons that type ä ö ü ß Ä Ö Ü into `input` at the caret. */
export function umlautRow(input) {
  const insert = (letter) => {
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    input.setRangeText(letter, start, end, 'end');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.focus();
  };
  return h(
    'div',
    { class: 'umlaut-row', role: 'group', 'aria-label': 'Special letters' },
    LETTERS.map((letter) =>
      h('button', {
        type: 'button',
        text: letter,
        // Names that differ in more than case: a screen reader says ä and Ä alike.
        'aria-label': letter === letter.toLowerCase() ? `Insert ${letter}` : `Insert capital ${letter}`,
        // Keep the caret in the input: a press on the button must not move focus first.
        on: { mousedown: (event) => event.preventDefault(), click: () => insert(letter) },
      }),
    ),
  );
}
