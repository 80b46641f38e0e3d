// Deck import (CSV or Anki package, polled when the API runs it in the background) and
// export (CSV, Anki package).
import { api } from './api.js';
import { h, clear, toast, errorMessage, append, saveBlob } from './ui.js';

const POLL_MS = 1000;

function reportView(report) {
  const rejected = report.rejected.slice(0, 50);
  return h(
    'div',
    { class: 'import-report', role: 'status' },
    h('p', {}, h('strong', { text: `Added ${report.added_count}` }), ` · merged ${report.merged_count} · rejected ${report.rejected_count}`),
    report.added.length
      ? h('p', { class: 'muted', lang: 'de', text: report.added.slice(0, 20).map((w) => w.lemma).join(', ') + (report.added.length > 20 ? ' …' : '') })
      : null,
    rejected.length
      ? h(
          'ul',
          { class: 'import-rejected' },
          rejected.map((row) => h('li', { text: `Row ${row.row}${row.text ? ` (${row.text})` : ''}: ${row.reason}` })),
        )
      : null,
  );
}

export function renderFiles(container, { isActive, refreshOverview }) {
  const status = h('div', { class: 'import-status', 'aria-live': 'polite' });
  const fileInput = h('input', { id: 'deck-import-file', type: 'file', accept: '.csv,.apkg,.txt,text/csv' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Import');
  const form = h(
    'form',
    { class: 'stack', on: { submit: (event) => { event.preventDefault(); upload(); } } },
    h('label', { for: 'deck-import-file', text: 'CSV file or Anki package (.apkg)' }),
    fileInput,
    h('p', { class: 'muted', text: 'A CSV needs a header row with a “german” column; “english”, “tags”, “example_de”, “example_en”, “article” are optional. Up to 2 MB (CSV) or 10 MB (.apkg).' }),
    submit,
  );

  async function poll(importId) {
    const bar = h('progress', { id: 'deck-import-progress', max: '1', value: '0' });
    const label = h('label', { for: 'deck-import-progress', text: 'Importing…' });
    clear(status);
    append(status, label, bar);
    for (;;) {
      if (!isActive()) return;
      const view = await api('GET', `/vocabulary/deck/imports/${importId}`);
      if (view.status === 'done') {
        clear(status);
        append(status, reportView(view.report));
        refreshOverview();
        return;
      }
      if (view.status === 'failed') {
        clear(status);
        append(status, h('p', { class: 'notice error', role: 'alert', text: view.error || 'The import failed; nothing was imported.' }));
        return;
      }
      bar.max = Math.max(view.total, 1);
      bar.value = view.done;
      label.textContent = `Importing ${view.file_name}: ${view.done} of ${view.total} rows…`;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function upload() {
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      toast('Choose a file first.');
      fileInput.focus();
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    submit.disabled = true;
    clear(status);
    append(status, h('p', { class: 'muted', text: `Uploading ${file.name}…` }));
    try {
      const answer = await api('POST', '/vocabulary/deck/import', { body });
      if (answer && answer.status && answer.id) await poll(answer.id);
      else {
        clear(status);
        append(status, reportView(answer));
        refreshOverview();
      }
      form.reset();
    } catch (err) {
      clear(status);
      append(status, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
    } finally {
      submit.disabled = false;
    }
  }

  const exportButton = (label, path, filename) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        on: {
          click: async (event) => {
            const button = event.currentTarget;
            button.disabled = true;
            try {
              await saveBlob(path, filename);
            } catch (err) {
              toast(errorMessage(err), 'error');
            } finally {
              button.disabled = false;
            }
          },
        },
      },
      label,
    );

  append(container, 
    h('section', { class: 'deck-panel', 'aria-labelledby': 'deck-import-title' },
      h('h2', { id: 'deck-import-title', text: 'Import' }), form, status),
    h('section', { class: 'deck-panel', 'aria-labelledby': 'deck-export-title' },
      h('h2', { id: 'deck-export-title', text: 'Export' }),
      h('p', { class: 'muted', text: 'Your deck with its scheduling: a spreadsheet (CSV) or an Anki package.' }),
      h('div', { class: 'row' },
        exportButton('Download CSV', '/vocabulary/deck/export.csv', 'german-tutor.csv'),
        exportButton('Download Anki package', '/vocabulary/deck/export.apkg', 'german-tutor.apkg'))),
  );
}
