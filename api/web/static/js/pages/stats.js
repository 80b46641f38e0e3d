// Stats: the API's charts as PNGs (fetched with the bearer token and shown as blob: URLs)
// with the numbers of GET /stats beside them as the text alternative.
import { api, apiBlob } from '../api.js';
import { h, errorMessage } from '../ui.js';

const CHARTS = [
  ['heatmap', 'Activity'],
  ['forecast', 'Reviews due'],
  ['retention', 'Retention'],
  ['grammar', 'Grammar mastery'],
  ['words', 'Words by state'],
];

export async function render(outer) {
  // Everything goes into this page's own element: once the router moves on and empties
  // <main>, whatever this page still draws after an await lands in a detached element.
  const main = h('div', { class: 'page-body' });
  outer.append(main);
  const urls = [];
  const cleanup = () => urls.forEach((url) => URL.revokeObjectURL(url));
  let stats;
  try {
    stats = await api('GET', '/stats');
  } catch (err) {
    main.append(h('h1', {}, 'Stats'), h('p', { class: 'notice error', role: 'alert' }, errorMessage(err)));
    return cleanup;
  }
  main.append(
    h('h1', {}, 'Stats'),
    h('p', { class: 'muted' }, `By your local days (${stats.time_zone}), today ${formatDay(stats.today)}.`),
  );
  if (stats.is_empty) {
    main.append(
      h('p', { class: 'card' }, 'Nothing to chart yet: review some words, do a grammar drill or talk with the tutor, and your charts appear here.'),
    );
  }
  const theme = pageTheme();
  const figures = CHARTS.map(([name, title]) => {
    const { alt, details } = describe(name, stats);
    const img = h('img', { alt, width: '1200', height: '600', class: 'chart', 'data-chart': name });
    const figure = h(
      'figure',
      { class: 'card stats-figure', id: `chart-${name}` },
      h('h2', {}, title),
      img,
      h('figcaption', {}, details),
    );
    apiBlob(`/stats/${name}.png${theme === 'dark' ? '?theme=dark' : ''}`)
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        urls.push(url);
        img.src = url;
      })
      .catch((err) => {
        img.remove();
        figure.insertBefore(h('p', { class: 'error-text' }, `The chart could not be loaded: ${errorMessage(err)}`), figure.querySelector('figcaption'));
      });
    return figure;
  });
  main.append(h('div', { class: 'stats-grid' }, figures));
  return cleanup;
}

// 'dark' when the page is drawn on a dark background (a dark Telegram theme sets --bg, a dark
// browser the prefers-color-scheme colours): the charts then come on a dark page of their own.
function pageTheme() {
  const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g);
  if (!rgb || rgb.length < 3 || (rgb.length > 3 && Number(rgb[3]) === 0)) {
    return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  const [r, g, b] = rgb.map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
}

function formatDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

function pct(x) {
  return x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`;
}

function table(caption, headers, rows) {
  return h(
    'details',
    { class: 'stats-numbers' },
    h('summary', {}, caption),
    h(
      'div',
      { class: 'md-table' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, i) => (i ? h('td', {}, String(cell)) : h('th', { scope: 'row' }, String(cell))))))),
      ),
    ),
  );
}

/** The chart's alt text and the numbers it draws, for readers who cannot see it. */
function describe(name, stats) {
  if (name === 'heatmap') {
    const hm = stats.heatmap;
    const recent = hm.days.slice(-14).reverse();
    const alt = `Activity heatmap from ${hm.start_on} to ${hm.end_on}: ${hm.active_days} active days, ${hm.activities} activities.`;
    return {
      alt,
      details: [
        h('p', {}, `${hm.active_days} active days and ${hm.activities} activities (reviews, grammar answers, messages) in six months.`),
        table('The last 14 days', ['Day', 'Reviews', 'Grammar', 'Messages'], recent.map((d) => [d.on, d.reviews, d.grammar_answers, d.messages])),
      ],
    };
  }
  if (name === 'forecast') {
    const fc = stats.forecast;
    const alt = `Forecast of reviews due: ${fc.due_today} today, ${fc.next_7_days} in the next 7 days, ${fc.total} in 30 days.`;
    return {
      alt,
      details: [
        h('p', {}, `${fc.due_today} due today · ${fc.next_7_days} in the next 7 days · ${fc.total} in 30 days.`),
        table('Per day', ['Day', 'Reviews due'], fc.days.filter((d) => d.reviews > 0).map((d) => [d.on, d.reviews])),
      ],
    };
  }
  if (name === 'retention') {
    const rt = stats.retention;
    const alt = `Retention per month: this month ${pct(rt.this_month)}, target ${pct(rt.desired_retention)}.`;
    return {
      alt,
      details: [
        h(
          'p',
          {},
          rt.this_month === null
            ? `No reviews of learned cards this month yet; your target is ${pct(rt.desired_retention)}.`
            : `This month ${pct(rt.this_month)} of reviews of learned cards passed; your target is ${pct(rt.desired_retention)}.`,
        ),
        table('Per month', ['Month', 'Reviews', 'Passed', 'Retention'], rt.months.filter((m) => m.reviews > 0).map((m) => [m.month.slice(0, 7), m.reviews, m.passed, pct(m.retention)])),
      ],
    };
  }
  if (name === 'grammar') {
    const gr = stats.grammar;
    const alt = `Grammar mastery by level: ${gr.practised} of ${gr.topics} topics practised, ${gr.mastered} mastered.`;
    return {
      alt,
      details: [
        h('p', {}, `${gr.practised} of ${gr.topics} topics practised, ${gr.mastered} mastered (mastery ${pct(gr.mastered_from)} or more).`),
        table('Per level', ['Level', 'Topics', 'Practised', 'Mastered', 'Mastery'], gr.levels.map((l) => [l.level, l.topics, l.practised, l.mastered, pct(l.mastery)])),
      ],
    };
  }
  const w = stats.words;
  const alt = `Words by state: ${w.new} new, ${w.learning} learning, ${w.review} in review, ${w.relearning} relearning, ${w.suspended} suspended.`;
  return { alt, details: [h('p', {}, `${w.total} words: ${w.new} new, ${w.learning} learning, ${w.review} in review, ${w.relearning} relearning, ${w.suspended} suspended.`)] };
}
