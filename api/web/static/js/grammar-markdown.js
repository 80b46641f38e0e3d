// The topic explanations are Markdown (paragraphs, lists, tables, **bold**, *italic*,
// `code`). This turns that small subset into DOM nodes — never innerHTML — so text from the
// API can hold any character without becoming markup.

/** Inline runs: **bold**, *italic*, `code`; unmatched markers stay literal. */
export function inline(text) {
  const out = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push(document.createTextNode(plain));
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('**', i)) {
      const end = text.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        const strong = document.createElement('strong');
        strong.append(...inline(text.slice(i + 2, end)));
        out.push(strong);
        i = end + 2;
        continue;
      }
    } else if (text[i] === '*' && text[i + 1] !== ' ') {
      const end = closingStar(text, i + 1);
      if (end > i + 1) {
        flush();
        const em = document.createElement('em');
        em.append(...inline(text.slice(i + 1, end)));
        out.push(em);
        i = end + 1;
        continue;
      }
    } else if (text[i] === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        const code = document.createElement('code');
        code.textContent = text.slice(i + 1, end);
        out.push(code);
        i = end + 1;
        continue;
      }
    }
    plain += text[i];
    i += 1;
  }
  flush();
  return out;
}

/** The index of the single '*' closing an italic run opened before `from`, skipping
 * **bold** runs inside it; -1 when there is none. */
function closingStar(text, from) {
  let j = from;
  while (j < text.length) {
    if (text.startsWith('**', j)) {
      const end = text.indexOf('**', j + 2);
      if (end < 0) return -1;
      j = end + 2;
      continue;
    }
    if (text[j] === '*') return j;
    j += 1;
  }
  return -1;
}

function element(tag, children) {
  const el = document.createElement(tag);
  el.append(...children);
  return el;
}

function tableOf(lines) {
  const cells = (line) =>
    line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
  const rows = lines.filter((line) => !/^\s*\|?\s*:?-{2,}/.test(line));
  const table = document.createElement('table');
  const [head, ...body] = rows;
  const thead = element('thead', [
    element('tr', cells(head).map((c) => element('th', inline(c)))),
  ]);
  thead.querySelectorAll('th').forEach((th) => th.setAttribute('scope', 'col'));
  const tbody = element(
    'tbody',
    body.map((line) => {
      const [first, ...rest] = cells(line);
      const th = element('th', inline(first));
      th.setAttribute('scope', 'row');
      return element('tr', [th, ...rest.map((c) => element('td', inline(c)))]);
    }),
  );
  table.append(thead, tbody);
  const wrap = element('div', [table]);
  wrap.className = 'md-table';
  return wrap;
}

/** Block structure: paragraphs, "- " / "1. " lists, "|" tables, "#" headings, "> " quotes. */
export function markdown(source) {
  const root = document.createElement('div');
  root.className = 'markdown';
  const lines = String(source || '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  const take = (test) => {
    const block = [];
    while (i < lines.length && test(lines[i])) block.push(lines[i++]);
    return block;
  };
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i += 1;
    } else if (/^\s*\|/.test(line)) {
      root.append(tableOf(take((l) => /^\s*\|/.test(l))));
    } else if (/^\s*[-*] /.test(line)) {
      const items = take((l) => /^\s*[-*] /.test(l));
      root.append(element('ul', items.map((l) => element('li', inline(l.replace(/^\s*[-*] /, ''))))));
    } else if (/^\s*\d+\. /.test(line)) {
      const items = take((l) => /^\s*\d+\. /.test(l));
      root.append(element('ol', items.map((l) => element('li', inline(l.replace(/^\s*\d+\. /, ''))))));
    } else if (/^#{1,6} /.test(line)) {
      const depth = Math.min(6, line.match(/^#+/)[0].length + 2);
      root.append(element(`h${depth}`, inline(line.replace(/^#+ /, ''))));
      i += 1;
    } else if (/^\s*> ?/.test(line)) {
      const quoted = take((l) => /^\s*> ?/.test(l)).map((l) => l.replace(/^\s*> ?/, ''));
      root.append(element('blockquote', inline(quoted.join(' '))));
    } else {
      const para = take(
        (l) => l.trim() && !/^\s*(\||[-*] |\d+\. |> ?)/.test(l) && !/^#{1,6} /.test(l),
      );
      root.append(element('p', inline(para.join(' '))));
    }
  }
  return root;
}
