// A searchable time zone picker: the browser's IANA zone list (Intl), filtered as you type
// ("berlin", "new york", "los angeles"), shown in a listbox the keyboard can walk.
import { h, clear, append } from './ui.js';

const MAX_SHOWN = 40;

function fold(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[_/]/g, ' ').toLowerCase();
}

export function allZones(current) {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const set = new Set(zones);
  set.add('UTC');
  if (current) set.add(current);
  return [...set].sort();
}

export function deviceZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

function offsetLabel(zone) {
  try {
    const parts = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(new Date());
    const name = parts.find((p) => p.type === 'timeZoneName');
    return name ? name.value : '';
  } catch {
    return '';
  }
}

/** The picker; `get()` is the chosen zone. */
export function zonePicker(current) {
  const zones = allZones(current);
  let chosen = current;
  const search = h('input', { id: 'settings-zone-search', type: 'search', autocomplete: 'off', placeholder: 'City, e.g. Berlin', 'aria-controls': 'settings-zone' });
  const listbox = h('select', { id: 'settings-zone', size: '6' });
  const chosenLine = h('p', { class: 'muted', 'aria-live': 'polite' });

  function showChosen() {
    chosenLine.textContent = `Chosen: ${chosen} (${offsetLabel(chosen)})`;
  }

  function fill() {
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    const matches = zones.filter((zone) => words.every((w) => fold(zone).includes(w)));
    clear(listbox);
    const shown = matches.slice(0, MAX_SHOWN);
    if (!shown.includes(chosen) && (!words.length || matches.includes(chosen))) shown.unshift(chosen);
    for (const zone of shown) append(listbox, h('option', { value: zone, text: zone.replace(/_/g, ' ') }));
    if (!shown.length) append(listbox, h('option', { value: '', text: 'No zone matches', disabled: 'disabled' }));
    listbox.value = shown.includes(chosen) ? chosen : '';
  }

  search.addEventListener('input', fill);
  search.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && listbox.options.length) {
      event.preventDefault();
      listbox.focus();
      if (listbox.selectedIndex < 0) listbox.selectedIndex = 0;
      listbox.dispatchEvent(new Event('change'));
    }
  });
  listbox.addEventListener('change', () => {
    if (listbox.value) {
      chosen = listbox.value;
      showChosen();
    }
  });

  const device = deviceZone();
  const useDevice = device && device !== current && zones.includes(device)
    ? h('button', { type: 'button', class: 'link-button' }, `Use this device’s zone (${device})`)
    : null;
  if (useDevice) {
    useDevice.addEventListener('click', () => {
      chosen = device;
      search.value = '';
      fill();
      showChosen();
    });
  }

  fill();
  showChosen();
  const element = h(
    'div',
    { class: 'zone-picker' },
    h('label', { for: 'settings-zone-search', text: 'Search time zones' }),
    search,
    h('label', { for: 'settings-zone', text: 'Time zone' }),
    listbox,
    chosenLine,
    useDevice,
  );
  return { element, get: () => chosen };
}
