// Editing a row in place: the editor, saving (and reviewing) with what
// follows, and the conflict when someone saved the row first. Nothing
// typed is lost: the text is kept in this browser until saved.

import { announce, el, me, numberOf, rowNotice, segOf, status, t } from './page.js';
import { dropDraft, markDraft, saveDraft } from './drafts.js';
import { focusRow, nextRow } from './rows.js';
import { api, diffHtml, freshRow, refreshPanels, reloadRow, versionMoved } from './server.js';
import { scheduleLive, updateLive } from './diffs.js';
import { markReviewed } from './align.js';

export function openEditor(row, text, base, notice) {
  if (row.dataset.canEdit !== 'true') {
    announce.textContent = t('cannot_edit');
    return;
  }
  if (row.classList.contains('editing')) {
    row.querySelector('.editor textarea').focus();
    return;
  }
  const seg = segOf(row);
  const editor = row.querySelector('.editor');
  editor.replaceChildren();
  editor.dataset.base = String(base ?? row.dataset.revision);
  if (notice) editor.append(el('p', { class: 'notice', text: notice }));
  const textarea = el('textarea', { 'aria-label': t('english_for_row', { n: numberOf(row) }), lang: 'en', spellcheck: 'true' });
  textarea.value = text ?? row.dataset.text;
  const reviews = row.dataset.canReview === 'true';
  editor.append(
    textarea,
    el('div', { class: 'live diff', 'aria-live': 'off', lang: 'en' }),
    el('div', { class: 'bar' }, [
      el('button', { type: 'button', class: 'primary', 'data-act': 'save', text: reviews ? t('save_review_next') : t('save_and_next') }),
      el('button', { type: 'button', 'data-act': 'close', text: t('close') }),
      el('button', { type: 'button', 'data-act': 'discard', text: t('discard') }),
      el('span', { class: 'spacer' }),
      el('span', { class: 'state', text: reviews ? t('editor_hint') : t('editor_hint_native') }),
    ]),
  );
  editor.hidden = false;
  row.classList.add('editing');
  markDraft(row);
  textarea.addEventListener('input', () => {
    saveDraft(seg, textarea.value, Number(editor.dataset.base));
    scheduleLive(row);
  });
  focusRow(row, true);
  textarea.focus();
  textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  updateLive(row);
}

// Closes the editor. Text that differs from the saved row stays in this
// browser (the row says so) unless `discard`.
export function closeEditor(row, discard = false) {
  const editor = row.querySelector('.editor');
  const textarea = editor.querySelector('textarea');
  const seg = segOf(row);
  if (discard || !textarea || textarea.value === row.dataset.text) {
    dropDraft(seg);
  } else {
    saveDraft(seg, textarea.value, Number(editor.dataset.base));
  }
  editor.replaceChildren();
  editor.hidden = true;
  row.classList.remove('editing');
  markDraft(row);
  focusRow(row, false);
}

// Saves the row. `then` says what follows a save: 'stay' on the row,
// 'next' row, or 'review' it too and go to the next (Ctrl+Enter).
export async function save(row, then = 'review') {
  const editor = row.querySelector('.editor');
  const textarea = editor.querySelector('textarea');
  if (!textarea) return;
  const seg = segOf(row);
  const text = textarea.value;
  const base = Number(editor.dataset.base);
  const reviews = then === 'review' && row.dataset.canReview === 'true';
  if (text.trim() === '') {
    status(row, t('empty_row'), true);
    return;
  }
  if (text.trim() === row.dataset.text && String(base) === row.dataset.revision) {
    closeEditor(row, true);
    if (reviews && row.dataset.status !== 'reviewed') {
      await markReviewed(row);
    } else if (then !== 'stay') {
      focusRow(nextRow(row));
    }
    return;
  }
  status(row, t('saving'));
  let result;
  try {
    result = await api('PUT', `/segments/${seg}`, { text, base_revision: base });
  } catch (_) {
    saveDraft(seg, text, base);
    status(row, t('not_saved_connection'), true);
    return;
  }
  if (result.ok) {
    versionMoved();
    dropDraft(seg);
    const number = numberOf(row);
    let fresh = await reloadRow(row);
    let said = t('saved', { revision: result.data.revision, n: number });
    // A mark refused keeps the person on the row, with the reason there.
    let refused = false;
    if (reviews) {
      const marked = await api('POST', `/segments/${seg}/review`, { revision: result.data.revision });
      if (marked.ok) {
        versionMoved();
        fresh = await reloadRow(fresh);
        said = t('saved_reviewed', { revision: result.data.revision, n: number });
      } else if (!marked.signedOut) {
        refused = true;
        const detail = (marked.data && marked.data.detail) || t('not_reviewed');
        said = t('saved_not_reviewed', { revision: result.data.revision, n: number, detail });
        rowNotice(fresh, said);
      }
    }
    announce.textContent = said;
    refreshPanels();
    focusRow(then === 'stay' || refused ? fresh : nextRow(fresh));
  } else if (result.status === 409 && result.data && result.data.rule === 'stale_revision') {
    await showConflict(row, text, result.data);
  } else if (result.signedOut) {
    saveDraft(seg, text, base);
    status(row, t('not_saved_session'), true);
  } else if (result.status === 403) {
    // The stage moved on in another session: say so in plain words and
    // offer the way to the page as it is now; the text stays here.
    saveDraft(seg, text, base);
    const detail = (result.data && result.data.detail) || String(result.status);
    status(row, t('stage_moved', { detail }), true);
    const bar = editor.querySelector('.bar');
    if (!bar.querySelector('[data-act=reload]')) {
      bar.prepend(el('button', { type: 'button', class: 'primary', 'data-act': 'reload', text: t('reload') }));
    }
  } else {
    saveDraft(seg, text, base);
    const detail = (result.data && result.data.detail) || String(result.status);
    status(row, t('not_saved', { detail }), true);
  }
}

// Someone saved the row first: show their text and how ours differs, and
// let the person keep theirs, take the other, or edit a merge. Neither text
// is lost: theirs is already a revision, ours stays in the editor and the
// browser until saved or discarded.
export async function showConflict(row, mine, problem) {
  const editor = row.querySelector('.editor');
  const theirs = problem.current_text;
  const theirRevision = problem.current_revision;
  // Who saved it: the person themself in another tab, or someone else.
  // The row's figures (revision, author, state) become the saved row's.
  let heading = t('conflict_other', { name: '?', revision: theirRevision });
  try {
    const saved = await freshRow(segOf(row));
    heading = saved.dataset.author === me
      ? t('conflict_self', { revision: theirRevision })
      : t('conflict_other', { name: saved.dataset.by, revision: theirRevision });
    for (const key of ['revision', 'text', 'status', 'author', 'by', 'findings', 'errors', 'words']) {
      row.dataset[key] = saved.dataset[key];
    }
    row.querySelector('.foot').replaceWith(saved.querySelector('.foot'));
  } catch (_) { /* the general heading stands */ }
  for (const old of editor.querySelectorAll('.conflict')) old.remove();
  const between = el('div', { class: 'between diff', lang: 'en' });
  const panel = el('div', { class: 'conflict', role: 'alert' }, [
    el('h3', { text: heading }),
    el('span', { class: 'label', text: t('their_version') }),
    el('div', { class: 'theirs', lang: 'en', text: theirs }),
    el('span', { class: 'label', text: t('yours_vs_theirs') }),
    between,
    el('div', { class: 'bar' }, [
      el('button', { type: 'button', class: 'primary', 'data-act': 'keep-mine', text: t('keep_mine') }),
      el('button', { type: 'button', 'data-act': 'take-theirs', text: t('take_theirs') }),
      el('button', { type: 'button', 'data-act': 'merge-edit', text: t('edit_merge') }),
    ]),
  ]);
  panel.dataset.theirRevision = String(theirRevision);
  panel.dataset.mine = mine;
  editor.prepend(panel);
  status(row, t('choose_conflict'), true);
  try {
    between.innerHTML = await diffHtml(theirs, mine);
  } catch (_) {
    between.textContent = mine;
  }
}

export async function resolve(row, how) {
  const editor = row.querySelector('.editor');
  const panel = editor.querySelector('.conflict');
  const textarea = editor.querySelector('textarea');
  const theirRevision = Number(panel.dataset.theirRevision);
  if (how === 'take-theirs') {
    closeEditor(row, true);
    const fresh = await reloadRow(row);
    refreshPanels();
    focusRow(fresh);
    return;
  }
  // Ours now builds on theirs.
  editor.dataset.base = String(theirRevision);
  if (how === 'keep-mine') {
    textarea.value = panel.dataset.mine;
    panel.remove();
    await save(row, 'next');
  } else {
    panel.querySelector('.bar').remove();
    panel.querySelector('h3').textContent = t('merging_with', { revision: theirRevision });
    saveDraft(segOf(row), textarea.value, theirRevision);
    textarea.focus();
    updateLive(row);
  }
}
