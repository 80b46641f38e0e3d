// The tutor's corrections of a learner's message, from the API's structured corrections
// (original span, corrected span, explanation): the wrong span struck through and the right
// one in bold, built as DOM nodes so the learner's text never becomes markup.
import { h } from './ui.js';

/** The message with each corrected span shown as <del>original</del> <strong>corrected</strong>;
 * a correction whose span is not found in the text is left to the list below it. */
export function correctedText(text, corrections) {
  const spans = [];
  let from = 0;
  for (const correction of corrections || []) {
    const original = correction.original || '';
    if (!original) continue;
    let at = text.indexOf(original, from);
    if (at < 0) at = text.indexOf(original);
    if (at < 0 || spans.some((s) => at < s.end && at + original.length > s.start)) continue;
    spans.push({ start: at, end: at + original.length, correction });
    from = at + original.length;
  }
  spans.sort((a, b) => a.start - b.start);
  const nodes = [];
  let position = 0;
  for (const span of spans) {
    if (span.start > position) nodes.push(text.slice(position, span.start));
    nodes.push(
      h('del', { class: 'wrong' }, text.slice(span.start, span.end)),
      ' ',
      h('strong', { class: 'right' }, span.correction.corrected),
    );
    position = span.end;
  }
  if (position < text.length) nodes.push(text.slice(position));
  return nodes;
}

/** Each correction as “~~original~~ → **corrected** — why (category)”. */
export function correctionList(corrections, categoryNames = {}) {
  return h(
    'ul',
    { class: 'corrections', 'aria-label': 'Corrections' },
    corrections.map((c) =>
      h(
        'li',
        {},
        h('del', { lang: 'de' }, c.original),
        ' → ',
        h('strong', { lang: 'de' }, c.corrected),
        h('span', { class: 'why' }, ` — ${c.explanation}`),
        h('span', { class: 'gr-badge' }, categoryNames[c.category] || c.category),
        c.topic_slug ? [' ', h('a', { href: `#/grammar?topic=${encodeURIComponent(c.topic_slug)}` }, 'Grammar')] : null,
      ),
    ),
  );
}
