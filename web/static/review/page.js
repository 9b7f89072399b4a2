// What every part of the review page's script shares: the page's
// elements, the row the keys act on, the page's words, and small helpers
// for rows and elements. The page reads fine without the script; main.js
// starts it.

export const main = document.getElementById('review');
export const article = main.dataset.article;
export const me = main.dataset.me;
export const csrf = document.querySelector('meta[name="csrf-token"]').content;
export const rowsEl = document.getElementById('rows');
export const help = document.getElementById('help');
export const confirmBox = document.getElementById('confirm');
export const filterEl = document.getElementById('filter');
export const findBox = document.getElementById('find');
const TEXTS = JSON.parse(main.dataset.texts || '{}');

// The row the keys act on (rows.js moves it).
export const state = { current: null };

// The page's words in the person's language, with {name} filled in.
export function t(key, values = {}) {
  let text = TEXTS[key] || key;
  for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(String(value));
  return text;
}

// What the page just did or could not do: read out to screen readers and
// shown for a few seconds at the foot of the window for everyone else.
export const announce = document.createElement('div');
announce.className = 'announce';
announce.setAttribute('aria-live', 'polite');
announce.id = 'announce';
main.append(announce);
let hideAnnounce;
new MutationObserver(() => {
  announce.classList.toggle('shown', announce.textContent.trim() !== '');
  clearTimeout(hideAnnounce);
  hideAnnounce = setTimeout(() => announce.classList.remove('shown'), 6000);
}).observe(announce, { childList: true, characterData: true, subtree: true });

// The toolbar stays at the top of the window: rows scrolled to stop below
// it (scroll-margin-top reads --toolbar-height), however it wraps.
const toolbar = document.querySelector('.toolbar');
if (toolbar) {
  const measure = () => document.documentElement.style.setProperty('--toolbar-height', `${toolbar.offsetHeight}px`);
  measure();
  new ResizeObserver(measure).observe(toolbar);
}

export const allRows = () => Array.from(rowsEl.querySelectorAll('.row'));
export const shownRows = () => allRows().filter((row) => !row.classList.contains('filtered-out'));
export const rowOf = (node) => node && node.closest && node.closest('.row');
export const segOf = (row) => row.dataset.segment;
// A row's number as the page shows it: the body counts from 1 after the
// headline's row.
export const numberOf = (row) => Number(row.dataset.number) || allRows().indexOf(row) + 1;

export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export function status(row, text, isError = false) {
  const node = row.querySelector('.editor .state');
  if (node) {
    node.textContent = text;
    node.classList.toggle('error', isError);
  }
  announce.textContent = text;
}

// A message in the row's foot, for what happened outside the editor.
export function rowNotice(row, text) {
  let node = row.querySelector('.row-notice');
  if (!node) {
    node = el('p', { class: 'row-notice', role: 'alert' });
    row.querySelector('.foot').after(node);
  }
  node.textContent = text;
  announce.textContent = text;
}
