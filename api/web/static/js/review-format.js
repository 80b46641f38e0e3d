// How a review card and its verdict read: the same words as the bot (bot/cards.py),
// built as DOM nodes (never innerHTML with data).
import { h } from './ui.js';

export const RATINGS = [
  { value: 1, key: 'again', label: 'Again' },
  { value: 2, key: 'hard', label: 'Hard' },
  { value: 3, key: 'good', label: 'Good' },
  { value: 4, key: 'easy', label: 'Easy' },
];

/** "1m", "3h", "4d", "2.5mo", "1y": how long until `later`, as on the bot's buttons. */
export function interval(later, now = new Date()) {
  const seconds = Math.max((new Date(later) - now) / 1000, 0);
  if (seconds < 3600) return `${Math.max(Math.round(seconds / 60), 1)}m`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h`;
  const days = seconds / 86400;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${(days / 30).toFixed(1)}mo`.replace('.0mo', 'mo');
  return `${(days / 365).toFixed(1)}y`.replace('.0y', 'y');
}

export function headword(face) {
  return face.article ? `${face.article} ${face.lemma}` : face.lemma;
}

/** Plural and genitive, Präteritum and Perfekt, Steigerung: what the data knows. */
export function formLines(face) {
  const forms = face.forms || {};
  const lines = [];
  const noun = [];
  if (face.plural) noun.push(`Plural: die ${face.plural}`);
  if (forms.genitive && face.article) {
    noun.push(`Genitiv: ${face.article === 'die' ? 'der' : 'des'} ${forms.genitive}`);
  }
  if (noun.length) lines.push(noun.join(' · '));
  if (forms.praeteritum && forms.partizip2) {
    const aux = { haben: 'hat', sein: 'ist', 'haben/sein': 'hat/ist' }[forms.auxiliary || ''] || '';
    lines.push(`Präteritum: ${forms.praeteritum} · Perfekt: ${`${aux} ${forms.partizip2}`.trim()}`);
  }
  const adjective = [forms.comparative, forms.superlative].filter(Boolean);
  if (adjective.length) lines.push(`Steigerung: ${adjective.join(' · ')}`);
  return lines;
}

/** Pieces of text with the differing letters marked (<mark>), as the bot bolds them. */
export function markedText(pieces) {
  return h(
    'span',
    { class: 'marked' },
    pieces.map((piece) =>
      piece.differs && piece.text.trim() ? h('mark', { text: piece.text }) : piece.text,
    ),
  );
}

const ARTICLE_WORD = /\b(der|die|das|den|dem|des|ein|eine)\b/g;

/** A reason with its German articles in italics: Wrong article: <i>die</i>, not <i>der</i>. */
export function reasonText(reason) {
  const parts = [];
  let last = 0;
  for (const match of reason.matchAll(ARTICLE_WORD)) {
    parts.push(reason.slice(last, match.index), h('i', { text: match[0] }));
    last = match.index + match[0].length;
  }
  parts.push(reason.slice(last));
  return h('span', {}, parts);
}

/** The verdict on a typed or chosen answer (null for a plain button rating). */
export function verdictBlock(result) {
  if (!result.verdict) return null;
  const expected = h('strong', { text: result.expected });
  const lines = [];
  if (result.verdict === 'correct') {
    lines.push(h('p', { class: 'verdict-head' }, '✓ Richtig! ', expected));
  } else {
    const head = result.verdict === 'typo' ? 'Almost — it\'s ' : '✗ Not quite — it\'s ';
    lines.push(h('p', { class: 'verdict-head' }, head, expected, '.'));
    if (result.reason) lines.push(h('p', { class: 'verdict-reason' }, reasonText(result.reason)));
    if (result.marked && result.marked.given.length) {
      lines.push(
        h('p', { class: 'verdict-typed' }, 'You wrote: ', markedText(result.marked.given)),
        h('p', { class: 'verdict-typed' }, 'Answer: ', markedText(result.marked.expected)),
      );
    }
  }
  return h('div', { class: `verdict verdict-${result.verdict}`, role: 'status' }, lines);
}

/** The back of a card: headword, forms, meaning, example. */
export function cardBack(face) {
  return h(
    'div',
    { class: 'card-back' },
    h('p', { class: 'card-headword', lang: 'de' }, h('strong', { text: headword(face) })),
    formLines(face).map((line) => h('p', { class: 'card-forms', lang: 'de', text: line })),
    h('p', { class: 'card-meaning' }, `${face.translations.join(', ') || '—'}`),
    face.example_de
      ? h(
          'blockquote',
          { class: 'card-example' },
          h('p', { lang: 'de' }, h('em', { text: face.example_de })),
          face.example_en ? h('p', { text: face.example_en }) : null,
        )
      : null,
  );
}
