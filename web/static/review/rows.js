// Moving between rows (the current row, j/k, n/N), the filter of rows
// shown, and the page's density.

import { allRows, announce, article, filterEl, main, rowsEl, shownRows, state, t } from './page.js';

// The row the keys act on, without moving the focus.
export function markCurrent(row) {
  for (const other of rowsEl.querySelectorAll('.row.current')) other.classList.remove('current');
  state.current = row;
  row.classList.add('current');
}

export function focusRow(row, scroll = true) {
  if (!row) return;
  markCurrent(row);
  if (scroll) row.scrollIntoView({ block: 'nearest' });
  if (!row.classList.contains('editing')) row.focus({ preventScroll: true });
}

export function step(delta) {
  const rows = shownRows();
  if (!rows.length) return;
  const at = state.current ? rows.indexOf(state.current) : -1;
  const next = at < 0
    ? rows[delta > 0 ? 0 : rows.length - 1]
    : rows[Math.min(rows.length - 1, Math.max(0, at + delta))];
  focusRow(next);
}

// A row needs the person: not yet reviewed in bilingual review, edited
// since its review, or with open QA findings.
export function needsYou(row) {
  if (Number(row.dataset.findings) > 0) return true;
  if (main.dataset.stage !== 'bilingual_review') return false;
  return row.dataset.status !== 'reviewed';
}

// n / N: the next or previous shown row that needs the person.
export function stepAttention(delta) {
  const rows = shownRows();
  const at = state.current ? rows.indexOf(state.current) : (delta > 0 ? -1 : rows.length);
  for (let i = at + delta; i >= 0 && i < rows.length; i += delta) {
    if (needsYou(rows[i])) {
      focusRow(rows[i]);
      return;
    }
  }
  announce.textContent = t('nothing_needs_you');
}

// The row after `row` among those shown (itself if it is the last).
export function nextRow(row) {
  const rows = shownRows();
  const at = rows.indexOf(row);
  if (at < 0) {
    const all = allRows();
    return all.slice(all.indexOf(row) + 1).find((r) => !r.classList.contains('filtered-out')) || row;
  }
  return rows[at + 1] || row;
}

export const FILTERS = {
  all: () => true,
  todo: (row) => row.dataset.status !== 'reviewed',
  findings: (row) => Number(row.dataset.findings) > 0,
  errors: (row) => Number(row.dataset.errors) > 0,
  'changed-ai': (row) => row.dataset.text !== row.dataset.ai,
  'changed-bilingual': (row) => row.dataset.text !== row.dataset.bilingual,
  threads: (row) => Number(row.dataset.threads) > 0,
  source: (row) => row.dataset.source !== '',
};
export const filterKey = `galley:filter:${article}`;

// Hides the rows the filter leaves out. A row being edited stays shown,
// and the current row moves to a shown one if it was hidden.
export function applyFilter(moveCurrent = true) {
  const name = FILTERS[filterEl.value] ? filterEl.value : 'all';
  const keep = FILTERS[name];
  for (const row of allRows()) {
    row.classList.toggle('filtered-out', !keep(row) && !row.classList.contains('editing') && row !== state.current);
  }
  // The current row stays until the person moves on, unless the filter
  // itself changed.
  if (moveCurrent && state.current && !keep(state.current) && !state.current.classList.contains('editing')) {
    state.current.classList.add('filtered-out');
    const first = shownRows()[0];
    if (first) focusRow(first);
  }
  const none = document.getElementById('no-rows');
  none.hidden = shownRows().length > 0;
  none.textContent = t('no_rows_in_filter');
}

filterEl.addEventListener('change', () => {
  try { sessionStorage.setItem(filterKey, filterEl.value); } catch (_) { /* not kept */ }
  applyFilter(true);
  filterEl.blur();
  if (state.current) focusRow(state.current);
});

// The article's details above the rows (its links, who is responsible,
// the figures, the disclosure, the forms to replace its texts) shown or
// hidden, remembered for the person signed in (in this browser).
const detailsKey = `galley:details:${main.dataset.me}`;

export function setDetails(shown, remember = true) {
  main.classList.toggle('details-hidden', !shown);
  const button = document.getElementById('details');
  button.hidden = false;
  button.setAttribute('aria-expanded', String(shown));
  button.firstChild.textContent = `${shown ? button.dataset.hide : button.dataset.show} `;
  if (remember) {
    try { localStorage.setItem(detailsKey, shown ? 'shown' : 'hidden'); } catch (_) { /* not kept */ }
  }
}

export function detailsRemembered() {
  try { return localStorage.getItem(detailsKey) !== 'hidden'; } catch (_) { return true; }
}

document.getElementById('details').addEventListener('click', () => setDetails(main.classList.contains('details-hidden')));

export function setDensity(compact, remember = true) {
  main.classList.toggle('compact', compact);
  document.getElementById('density').setAttribute('aria-pressed', String(compact));
  if (remember) {
    try { localStorage.setItem('galley:density', compact ? 'compact' : 'comfortable'); } catch (_) { /* not kept */ }
  }
  if (state.current) state.current.scrollIntoView({ block: 'nearest' });
}
document.getElementById('density').addEventListener('click', () => setDensity(!main.classList.contains('compact')));
