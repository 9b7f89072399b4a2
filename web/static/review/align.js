// Reviews and alignment: marking a row reviewed, merging, splitting,
// confirming a removed paragraph's English is to go, and overriding a QA
// finding with a reason.

import { allRows, announce, el, numberOf, rowNotice, rowOf, segOf, t } from './page.js';
import { markDraft, showOrphans } from './drafts.js';
import { applyFilter, focusRow, markCurrent, nextRow } from './rows.js';
import { api, changed, freshRow, refreshPanels, reloadRow, renumber } from './server.js';

export async function markReviewed(row) {
  if (row.dataset.canReview !== 'true') return;
  const result = await api('POST', `/segments/${segOf(row)}/review`, {
    revision: Number(row.dataset.revision),
  });
  if (result.status === 409 && result.data && result.data.rule === 'stale_revision') {
    // The row moved on in another session: show it as it is now, and say
    // so there (the server's words, in the page's language).
    const fresh = await reloadRow(row);
    rowNotice(fresh, result.data.detail);
    focusRow(fresh, false);
    return;
  }
  if (!changed(row, result, t('not_reviewed'))) return;
  const number = numberOf(row);
  const fresh = await reloadRow(row);
  refreshPanels();
  announce.textContent = t('reviewed', { n: number });
  focusRow(nextRow(fresh));
}

export async function unmarkReviewed(row) {
  if (row.dataset.canReview !== 'true' || row.dataset.status !== 'reviewed') return;
  const result = await api('DELETE', `/segments/${segOf(row)}/review?revision=${Number(row.dataset.revision)}`);
  if (!changed(row, result, t('not_reviewed'))) return;
  const number = numberOf(row);
  markCurrent(row);
  const fresh = await reloadRow(row);
  refreshPanels();
  focusRow(fresh, false);
  announce.textContent = t('unreviewed', { n: number });
}

// The rows now at `positions` (0-based) of the article as the API answered
// it, rendered by the server, in place of `old` rows; the keys stay on the
// first of them.
export async function replaceRows(old, answer, positions) {
  const ids = positions.map((p) => answer.segments[p] && answer.segments[p].id).filter(Boolean);
  const fresh = [];
  for (const id of ids) fresh.push(await freshRow(id));
  old[0].before(...fresh);
  for (const row of old) row.remove();
  renumber();
  // Only the rows replaced can change whether they are the last (and
  // offer a merge with the next): the server rendered them knowing.
  for (const row of fresh) markDraft(row);
  showOrphans();
  applyFilter(false);
  const first = document.getElementById(`row-${ids[0]}`);
  if (first) focusRow(first);
  return first;
}

export async function merge(row) {
  if (row.dataset.canAlign !== 'true') return;
  const next = row.nextElementSibling;
  if (!next || !next.classList.contains('row')) return;
  const at = allRows().indexOf(row);
  const result = await api('POST', `/segments/${segOf(row)}/merge`);
  if (!changed(row, result, t('not_merged'))) return;
  await replaceRows([row, next], result.data, [at]);
  refreshPanels();
  announce.textContent = t('merged', { n: at + 1, m: at + 2 });
}

// A row whose Korean a new version removed: its English goes.
export async function confirmRemoval(row) {
  const next = nextRow(row);
  const number = numberOf(row);
  const result = await api('POST', `/segments/${segOf(row)}/removal`);
  if (!changed(row, result, t('not_removed'))) return;
  await replaceRows([row], result.data, []);
  refreshPanels();
  if (next && next.isConnected) focusRow(next);
  announce.textContent = t('removed', { n: number });
}

// x: the reason of "this English goes", on a row with no Korean.
export function focusRemoval(row) {
  const input = row.querySelector('form.remove-english input[name=reason]');
  if (!input) {
    announce.textContent = t('no_stage_action');
    return;
  }
  markCurrent(row);
  input.focus();
}

// English the AI added goes, with the reviewer's reason.
export async function removeEnglish(form) {
  const row = rowOf(form);
  const next = nextRow(row);
  const number = numberOf(row);
  const reason = form.querySelector('input[name=reason]').value;
  const result = await api('POST', `/segments/${segOf(row)}/english-removal`, { reason });
  if (!changed(row, result, t('not_removed'))) return;
  await replaceRows([row], result.data, []);
  refreshPanels();
  if (next && next.isConnected) focusRow(next);
  announce.textContent = t('english_removed', { n: number });
}

export function openSplit(row) {
  if (row.dataset.canAlign !== 'true' || row.classList.contains('editing')) return;
  const ko = Number(row.dataset.koCount);
  const en = Number(row.dataset.enCount);
  if (ko < 2 && en < 2) return;
  const editor = row.querySelector('.editor');
  const koInput = el('input', { type: 'number', min: '0', max: String(ko), value: String(Math.min(1, ko)), name: 'ko_at' });
  const enInput = el('input', { type: 'number', min: '0', max: String(en), value: String(Math.min(1, en)), name: 'en_at' });
  editor.replaceChildren(
    el('p', { text: t('split_intro') }),
    el('label', { text: `${t('split_korean', { n: ko })} ` }, [koInput]),
    el('label', { text: `${t('split_english', { n: en })} ` }, [enInput]),
    el('div', { class: 'bar' }, [
      el('button', { type: 'button', class: 'primary', 'data-act': 'do-split', text: t('split') }),
      el('button', { type: 'button', 'data-act': 'close-split', text: t('cancel') }),
    ]),
  );
  editor.hidden = false;
  editor.dataset.splitting = 'true';
  markCurrent(row);
  koInput.focus();
  koInput.select();
}

export function closeSplit(row) {
  const editor = row.querySelector('.editor');
  editor.replaceChildren();
  editor.hidden = true;
  delete editor.dataset.splitting;
  focusRow(row, false);
}

export async function doSplit(row) {
  const editor = row.querySelector('.editor');
  const body = {
    ko_at: Number(editor.querySelector('[name=ko_at]').value),
    en_at: Number(editor.querySelector('[name=en_at]').value),
  };
  const at = allRows().indexOf(row);
  const result = await api('POST', `/segments/${segOf(row)}/split`, body);
  if (!changed(row, result, t('not_split'))) return;
  await replaceRows([row], result.data, [at, at + 1]);
  refreshPanels();
  announce.textContent = t('was_split', { n: at + 1 });
}

// An override sent from its form without leaving the page; the keys stay
// on the row.
export async function sendOverride(form) {
  const row = rowOf(form);
  const key = form.querySelector('input[name=key]').value;
  const reason = form.querySelector('input[name=reason]').value;
  const result = await api('POST', `/segments/${segOf(row)}/overrides`, { key, reason });
  if (!changed(row, result, String(result.status))) return;
  markCurrent(row);
  const fresh = await reloadRow(row);
  refreshPanels();
  focusRow(fresh, false);
}

export function focusOverride(row) {
  const input = row.querySelector('form.override input[name=reason]');
  if (!input) {
    announce.textContent = t('no_override');
    return;
  }
  markCurrent(row);
  input.focus();
}
