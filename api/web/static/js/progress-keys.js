// The number keys of the progress page's drills (quiz, article drill): one handler at a time,
// none while typing in a field or with a modifier held. `page.keys` is removed by the page's
// cleanup when the learner leaves.

export function pageKeys(page, handler) {
  if (page.keys) document.removeEventListener('keydown', page.keys);
  page.keys = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    handler(event);
  };
  document.addEventListener('keydown', page.keys);
}

/** The digit pressed, 1..count, or null. */
export function digit(event, count) {
  const n = Number(event.key);
  return Number.isInteger(n) && n >= 1 && n <= count ? n : null;
}
