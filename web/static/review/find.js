// Find and replace across the article's English: a preview of every match,
// then a replacement in the rows the person may edit, each at the revision
// the preview saw.

import { allRows, el, findBox, numberOf, segOf, state, t } from './page.js';
import { focusRow } from './rows.js';
import { api, refreshPanels, reloadRow, versionMoved } from './server.js';

const findText = document.getElementById('find-text');
const replaceText = document.getElementById('replace-text');
const findResults = document.getElementById('find-results');
const findSummary = document.getElementById('find-summary');
const replaceAll = document.getElementById('replace-all');
let found = [];

export function openFind() {
  findBox.hidden = false;
  findText.focus();
  findText.select();
}

export function closeFind() {
  findBox.hidden = true;
  if (state.current) focusRow(state.current, false);
}

// Every match in every row (shown or not), with a little text around it.
export function preview() {
  const needle = findText.value.trim();
  findResults.replaceChildren();
  found = [];
  if (!needle) {
    findSummary.textContent = '';
    replaceAll.disabled = true;
    return;
  }
  let count = 0;
  for (const row of allRows()) {
    const text = row.dataset.text;
    const hits = text.split(needle).length - 1;
    if (!hits) continue;
    count += hits;
    found.push(row);
    const item = el('li', { 'data-segment': segOf(row) });
    item.append(el('strong', { text: t('find_row', { n: numberOf(row) }) }), ' ');
    const at = text.indexOf(needle);
    const context = el('span', { class: 'context', lang: 'en' });
    context.append(
      `${at > 40 ? '…' : ''}${text.slice(Math.max(0, at - 40), at)}`,
      el('del', { text: needle }),
      el('ins', { text: replaceText.value }),
      `${text.slice(at + needle.length, at + needle.length + 40)}${text.length > at + needle.length + 40 ? '…' : ''}`,
    );
    item.append(context);
    if (hits > 1) item.append(` (${hits})`);
    if (row.dataset.canEdit === 'true') {
      item.append(' ', el('button', { type: 'button', 'data-replace': segOf(row), text: t('replace_one') }));
    } else {
      item.append(' ', el('em', { text: t('find_locked') }));
    }
    findResults.append(item);
  }
  findSummary.textContent = count ? t('find_matches', { count, rows: found.length }) : t('find_none');
  replaceAll.disabled = !found.some((row) => row.dataset.canEdit === 'true');
}

export async function replaceIn(rows) {
  const body = {
    find: findText.value,
    replace: replaceText.value,
    rows: rows.map((row) => ({ segment: Number(segOf(row)), base_revision: Number(row.dataset.revision) })),
  };
  const result = await api('POST', '/replace', body);
  if (result.signedOut) return;
  if (!result.ok) {
    findSummary.textContent = (result.data && result.data.detail) || String(result.status);
    return;
  }
  const replaced = result.data.replaced.length;
  const lines = [replaced === 1 ? t('replace_done_one') : t('replace_done', { rows: replaced })];
  for (const done of result.data.replaced) {
    versionMoved();
    const row = document.getElementById(`row-${done.segment}`);
    if (row) await reloadRow(row);
  }
  for (const refused of result.data.refused) {
    const row = document.getElementById(`row-${refused.segment}`);
    lines.push(t('replace_refused', { n: row ? numberOf(row) : '?', detail: refused.detail }));
  }
  refreshPanels();
  preview();
  findSummary.textContent = lines.join(' ');
  const refusedList = el('ul', { class: 'refused' });
  for (const line of lines.slice(1)) refusedList.append(el('li', { text: line }));
  if (lines.length > 1) findResults.before(refusedList);
}

document.getElementById('find-open').addEventListener('click', openFind);
document.getElementById('find-close').addEventListener('click', closeFind);
document.getElementById('find-preview').addEventListener('click', preview);
replaceAll.addEventListener('click', () => replaceIn(found.filter((row) => row.dataset.canEdit === 'true')));
findResults.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-replace]');
  if (!button) return;
  const row = document.getElementById(`row-${button.dataset.replace}`);
  if (row) replaceIn([row]);
});
findBox.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target.matches('input')) {
    event.preventDefault();
    preview();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    closeFind();
  }
  event.stopPropagation();
});
