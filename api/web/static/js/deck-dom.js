// Element.append() writes null as the text "null": put() appends only real children
// (h() already skips null children; this is the same rule for an existing element).
export function put(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}
