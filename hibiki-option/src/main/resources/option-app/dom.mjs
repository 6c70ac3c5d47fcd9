// Building the page: el() sets text with textContent and attributes one by one, so that nothing is parsed as HTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.substring(2), v);
    else if (k === 'class') node.className = v;
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Replaces the page's content. */
export function show(...nodes) {
  document.getElementById('main').replaceChildren(...nodes);
}

/** The error of a form field, shown next to it when the API's message names the field. */
export function fieldError(form, err) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  const message = err.message || String(err);
  const names = Array.from(form.elements).map((e) => e.name).filter(Boolean);
  const field = names.find((n) => message.includes(n)) ?? null;
  const target = field ? form.elements[field] : form.querySelector('button[type=submit]');
  const note = el('div', { class: 'field-error', role: 'alert' }, message);
  target.closest('label, input, select, button').after(note);
  return note;
}
