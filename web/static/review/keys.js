// The keys and clicks of the page, sent to what they do. Typing in a
// field never fires a shortcut.

import { confirmBox, filterEl, help, main, rowOf, rowsEl, segOf, state } from './page.js';
import { loadDraft } from './drafts.js';
import { focusRow, markCurrent, nextRow, setDensity, setDetails, step, stepAttention } from './rows.js';
import { setMode } from './diffs.js';
import { closeSplit, confirmRemoval, doSplit, focusOverride, focusRemoval, markReviewed, merge, openSplit, unmarkReviewed } from './align.js';
import { closeEditor, openEditor, resolve, save } from './editor.js';
import { returnNote, revert, setThread, stageAction, toggleHelp, toggleHistory, toggleThreads } from './panels.js';
import { openFind } from './find.js';

rowsEl.addEventListener('click', (event) => {
  const row = rowOf(event.target);
  if (!row) return;
  const threadButton = event.target.closest('button[data-thread-act]');
  if (threadButton) {
    setThread(row, threadButton.dataset.threadId, threadButton.dataset.threadAct);
    return;
  }
  const button = event.target.closest('button[data-act]');
  if (!button) {
    // A click into a field of the row (an override's reason, the split
    // dialog) keeps the focus there: typing goes into the field, not to
    // the row's keys.
    if (event.target.closest('input, textarea, select, label, a, form')) {
      if (state.current !== row) markCurrent(row);
      return;
    }
    if (!row.classList.contains('editing')) focusRow(row, false);
    return;
  }
  const act = button.dataset.act;
  if (act === 'edit') {
    const draft = loadDraft(segOf(row));
    openEditor(row, draft ? draft.text : undefined, draft ? draft.base : undefined);
  } else if (act === 'save') save(row, 'review');
  else if (act === 'close') closeEditor(row);
  else if (act === 'discard') closeEditor(row, true);
  else if (act === 'reload') window.location.reload();
  else if (act === 'review') markReviewed(row);
  else if (act === 'unreview') unmarkReviewed(row);
  else if (act === 'merge') merge(row);
  else if (act === 'confirm-removal') confirmRemoval(row);
  else if (act === 'split') openSplit(row);
  else if (act === 'do-split') doSplit(row);
  else if (act === 'close-split') closeSplit(row);
  else if (act === 'history') { markCurrent(row); toggleHistory(row); }
  else if (act === 'comments') toggleThreads(row);
  else if (act === 'revert') revert(row, button.dataset.revision);
  else if (act === 'keep-mine' || act === 'take-theirs' || act === 'merge-edit') resolve(row, act);
});

for (const button of document.querySelectorAll('.toolbar [data-mode]')) {
  button.addEventListener('click', () => setMode(button.dataset.mode));
}

document.addEventListener('keydown', (event) => {
  if (!help.hidden) {
    if (event.key === 'Escape' || event.key === '?') {
      event.preventDefault();
      toggleHelp(false);
    }
    return;
  }
  if (!confirmBox.hidden) {
    if (event.key === 'Escape') {
      event.preventDefault();
      confirmBox.querySelector('[data-answer=no]').click();
    }
    return;
  }
  const target = event.target;
  const row = rowOf(target);
  const ctrl = event.ctrlKey || event.metaKey;
  if (target.matches && target.matches('.editor textarea')) {
    if (ctrl && event.key === 'Enter') {
      event.preventDefault();
      save(row, 'review');
    } else if (ctrl && (event.key === 's' || event.key === 'S')) {
      event.preventDefault();
      save(row, 'stay');
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeEditor(row);
    }
    return;
  }
  // A comment box: Ctrl+Enter sends it, Esc leaves it.
  if (row && target.matches && target.matches('.thread-panel textarea')) {
    if (ctrl && event.key === 'Enter') {
      event.preventDefault();
      target.form.requestSubmit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      focusRow(row, false);
    }
    return;
  }
  // The split dialog: Enter splits, Esc cancels.
  if (row && target.matches && target.matches('.editor input')) {
    if (event.key === 'Enter') {
      event.preventDefault();
      doSplit(row);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeSplit(row);
    }
    return;
  }
  if (target === filterEl && event.key === 'Escape') {
    filterEl.blur();
    if (state.current) focusRow(state.current, false);
    return;
  }
  if (target.matches && target.matches('input, textarea, select, button')) {
    if (event.key === 'Escape') {
      target.blur();
      if (state.current) focusRow(state.current, false);
    }
    if (!target.matches('button')) return;
    if (event.key === 'Enter' || event.key === ' ') return;
  }
  if (event.altKey) return;
  const onRow = (action) => () => state.current && rowsEl.contains(state.current) && action(state.current);
  if (ctrl) {
    if (event.key === 'Enter' && state.current && rowsEl.contains(state.current)) {
      event.preventDefault();
      if (state.current.dataset.status === 'reviewed' || state.current.dataset.canReview !== 'true') focusRow(nextRow(state.current));
      else markReviewed(state.current);
    }
    return;
  }
  const handled = {
    j: () => step(1),
    ArrowDown: () => step(1),
    k: () => step(-1),
    ArrowUp: () => step(-1),
    n: () => stepAttention(1),
    N: () => stepAttention(-1),
    e: onRow((r) => r.querySelector('[data-act=edit]')?.click()),
    Enter: onRow((r) => r.querySelector('[data-act=edit]')?.click()),
    r: onRow(markReviewed),
    u: onRow(unmarkReviewed),
    m: onRow(merge),
    s: onRow(openSplit),
    o: onRow(focusOverride),
    x: onRow(focusRemoval),
    h: onRow(toggleHistory),
    c: onRow(toggleThreads),
    a: stageAction,
    b: returnNote,
    f: () => filterEl.focus(),
    d: () => setDensity(!main.classList.contains('compact')),
    t: () => setDetails(main.classList.contains('details-hidden')),
    '/': openFind,
    '1': () => setMode('ai'),
    '2': () => setMode('bilingual'),
    '3': () => setMode('last'),
    '4': () => setMode('columns'),
    '?': () => toggleHelp(true),
  }[event.key];
  if (handled) {
    event.preventDefault();
    handled();
  }
});
