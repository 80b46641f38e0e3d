// Word order: build the sentence by tapping words (buttons, so Enter/Space work from the
// keyboard), or by dragging them where a mouse is at hand. The answer is the token indices
// in the order chosen, which is what POST /grammar/sessions/{id}/answers takes as `tokens`.
import { h } from './ui.js';

/**
 * @param {string[]} tokens the words to order, as the API serves them
 * @param {(order: number[]) => void} onCheck called with the indices when the learner checks
 * @returns {{element: HTMLElement, focus: () => void}}
 */
export function wordOrderBuilder(tokens, onCheck) {
  const built = [];
  const sentence = h('ol', {
    class: 'wo-sentence',
    'aria-label': 'Your sentence',
    'data-testid': 'wo-sentence',
  });
  const pool = h('div', { class: 'wo-pool', role: 'group', 'aria-label': 'Words to place' });
  const said = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const undo = h('button', { type: 'button', class: 'secondary', on: { click: () => removeAt(built.length - 1) } }, '⌫ Undo');
  const reset = h('button', { type: 'button', class: 'secondary', on: { click: clearAll } }, 'Clear');
  const check = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'wo-check', on: { click: () => built.length && onCheck([...built]) } },
    '✓ Check',
  );

  function announce() {
    said.textContent = built.length ? `Your sentence: ${built.map((i) => tokens[i]).join(' ')}` : 'Your sentence is empty.';
  }

  function add(index, before = built.length) {
    const at = built.indexOf(index);
    if (at >= 0) {
      built.splice(at, 1);
      if (at < before) before -= 1;
    }
    built.splice(Math.max(0, Math.min(before, built.length)), 0, index);
    draw();
  }

  function removeAt(position) {
    if (position < 0 || position >= built.length) return;
    built.splice(position, 1);
    draw();
  }

  function clearAll() {
    built.length = 0;
    draw();
    focus();
  }

  function dragSource(el, index) {
    el.draggable = true;
    el.addEventListener('dragstart', (event) => {
      event.dataTransfer.setData('text/plain', String(index));
      event.dataTransfer.effectAllowed = 'move';
    });
  }

  function dropTarget(el, onDrop) {
    el.addEventListener('dragover', (event) => {
      event.preventDefault();
      el.classList.add('wo-over');
    });
    el.addEventListener('dragleave', () => el.classList.remove('wo-over'));
    el.addEventListener('drop', (event) => {
      event.preventDefault();
      event.stopPropagation();
      el.classList.remove('wo-over');
      const index = Number(event.dataTransfer.getData('text/plain'));
      if (Number.isInteger(index) && index >= 0 && index < tokens.length) onDrop(index);
    });
  }

  function draw() {
    const focusedToken = document.activeElement?.dataset?.token;
    sentence.replaceChildren(
      ...built.map((index, position) => {
        const button = h(
          'button',
          {
            type: 'button',
            class: 'wo-token wo-placed',
            'data-token': String(index),
            'aria-label': `${tokens[index]}, word ${position + 1}: remove`,
            on: { click: () => {
              removeAt(position);
              (sentence.querySelectorAll('button')[position] || pool.querySelector('button') || check).focus();
            } },
          },
          tokens[index],
        );
        dragSource(button, index);
        dropTarget(button, (dropped) => add(dropped, position));
        return h('li', {}, button);
      }),
    );
    if (!built.length) sentence.append(h('li', { class: 'wo-hint' }, 'Tap the words in order.'));
    const left = tokens.map((token, index) => index).filter((index) => !built.includes(index));
    pool.replaceChildren(
      ...left.map((index) => {
        const button = h(
          'button',
          {
            type: 'button',
            class: 'wo-token',
            'data-token': String(index),
            on: { click: () => {
              const next = left[left.indexOf(index) + 1] ?? left[left.indexOf(index) - 1];
              add(index);
              const target = next === undefined ? check : pool.querySelector(`[data-token="${next}"]`);
              (target || check).focus();
            } },
          },
          tokens[index],
        );
        dragSource(button, index);
        return button;
      }),
    );
    if (!left.length) pool.append(h('p', { class: 'wo-hint' }, 'All words placed: check, or tap a word to take it back.'));
    undo.disabled = !built.length;
    reset.disabled = !built.length;
    check.disabled = !built.length;
    announce();
    if (focusedToken !== undefined && !document.activeElement?.isConnected) {
      (pool.querySelector('button') || check).focus();
    }
  }

  dropTarget(sentence, (index) => add(index));
  dropTarget(pool, (index) => removeAt(built.indexOf(index)));

  function focus() {
    (pool.querySelector('button') || check).focus();
  }

  draw();
  const element = h(
    'div',
    { class: 'word-order' },
    sentence,
    pool,
    said,
    h('div', { class: 'row' }, undo, reset, check),
  );
  return { element, focus };
}
