// Word lists: create, rename, delete, study one (review with list_id), see its words.
import { api } from './api.js';
import { h, clear, toast, errorMessage, append } from './ui.js';

export async function renderLists(container, { navigate }) {
  const box = h('div', { class: 'lists', 'aria-live': 'polite' });
  const nameInput = h('input', { id: 'list-new-name', type: 'text', maxlength: '80', required: 'required' });
  const createStatus = h('div');
  const createForm = h(
    'form',
    {
      class: 'stack',
      on: {
        submit: async (e) => {
          e.preventDefault();
          clear(createStatus);
          try {
            const created = await api('POST', '/vocabulary/lists', { json: { name: nameInput.value } });
            nameInput.value = '';
            toast(`List “${created.name}” created.`, 'ok');
            load();
          } catch (err) {
            append(createStatus, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
          }
        },
      },
    },
    h('label', { for: 'list-new-name', text: 'New list' }),
    h('div', { class: 'row' }, nameInput, h('button', { type: 'submit', class: 'primary' }, 'Create')),
    createStatus,
  );

  function listItem(list) {
    const item = h('li', { class: 'list-item' });
    const showNormal = () => {
      clear(item);
      append(item, 
        h('div', { class: 'word-main' },
          h('strong', { text: list.name }),
          h('span', { class: 'muted', text: ` ${list.word_count} word${list.word_count === 1 ? '' : 's'}` })),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'primary', 'aria-label': `Study ${list.name}`, on: { click: () => navigate(`#/review?list_id=${list.id}`) } }, 'Study'),
          h('a', { class: 'button secondary', href: `#/deck?tab=words&list_id=${list.id}`, 'aria-label': `Words of ${list.name}` }, 'Words'),
          h('button', { type: 'button', class: 'secondary', 'aria-label': `Rename ${list.name}`, on: { click: showRename } }, 'Rename'),
          h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${list.name}`, on: { click: showDelete } }, 'Delete')),
      );
    };
    const showRename = () => {
      clear(item);
      const inputId = `list-rename-${list.id}`;
      const input = h('input', { id: inputId, type: 'text', maxlength: '80', required: 'required' });
      input.value = list.name;
      const status = h('div');
      append(item, 
        h('form', {
          class: 'stack',
          on: {
            submit: async (e) => {
              e.preventDefault();
              try {
                list = await api('PATCH', `/vocabulary/lists/${list.id}`, { json: { name: input.value } });
                toast('Renamed.', 'ok');
                showNormal();
              } catch (err) {
                clear(status);
                append(status, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
              }
            },
          },
        },
        h('label', { for: inputId, text: `New name for “${list.name}”` }),
        h('div', { class: 'row' }, input,
          h('button', { type: 'submit', class: 'primary' }, 'Save'),
          h('button', { type: 'button', class: 'secondary', on: { click: showNormal } }, 'Cancel')),
        status),
      );
      input.focus();
      input.select();
    };
    const showDelete = () => {
      clear(item);
      const confirmButton = h('button', { type: 'button', class: 'danger' }, 'Delete list');
      confirmButton.addEventListener('click', async () => {
        try {
          await api('DELETE', `/vocabulary/lists/${list.id}`);
          toast(`List “${list.name}” deleted; its words stay in your deck.`, 'ok');
          load();
        } catch (err) {
          toast(errorMessage(err), 'error');
        }
      });
      append(item, 
        h('p', { role: 'alert', text: `Delete the list “${list.name}”? Its words stay in your deck.` }),
        h('div', { class: 'row' }, confirmButton, h('button', { type: 'button', class: 'secondary', on: { click: showNormal } }, 'Cancel')),
      );
      confirmButton.focus();
    };
    showNormal();
    return item;
  }

  async function load() {
    let lists;
    try {
      lists = await api('GET', '/vocabulary/lists');
    } catch (err) {
      clear(box);
      append(box, h('p', { class: 'notice error', role: 'alert', text: errorMessage(err) }));
      return;
    }
    clear(box);
    append(box, 
      lists.length
        ? h('ul', { class: 'word-list' }, lists.map(listItem))
        : h('p', { class: 'muted', text: 'No lists yet. A list groups words to study them together.' }),
    );
  }

  append(container, 
    h('section', { class: 'deck-panel', 'aria-labelledby': 'lists-title' },
      h('h2', { id: 'lists-title', text: 'Lists' }), createForm, box),
  );
  await load();
}
