// Galley review page: editing in place, keyboard work, live diffs,
// conflicts, filters, history, find and replace, and drafts kept in this
// browser until saved. The page reads fine without this script; the
// script only calls the JSON API and asks the server for freshly rendered
// rows. Each concern is a module beside this one (see page.js first);
// this one starts the page.

import { allRows, filterEl, rowsEl, segOf, shownRows, state, t } from './page.js';
import { dropDraft, loadDraft, showOrphans } from './drafts.js';
import { FILTERS, applyFilter, detailsRemembered, filterKey, focusRow, setDensity, setDetails } from './rows.js';
import { setMode } from './diffs.js';
import { openEditor } from './editor.js';
import { showThreads } from './panels.js';
import './keys.js';

let remembered = null;
try { remembered = localStorage.getItem('galley:mode'); } catch (_) { remembered = null; }
if (remembered) setMode(remembered, false);
let density = null;
try { density = localStorage.getItem('galley:density'); } catch (_) { density = null; }
setDensity(density === 'compact', false);
setDetails(detailsRemembered(), false);
let filter = null;
try { filter = sessionStorage.getItem(filterKey); } catch (_) { filter = null; }
if (filter && FILTERS[filter]) filterEl.value = filter;

// Unsaved text from an earlier visit comes back in its row's editor; text
// for a row that no longer exists is shown above the rows.
for (const row of allRows()) {
  const draft = loadDraft(segOf(row));
  if (!draft) continue;
  if (draft.text !== row.dataset.text) openEditor(row, draft.text, draft.base, t('restored'));
  else dropDraft(segOf(row));
}
showOrphans();
applyFilter(false);
// The row named in the address (after an override sent without the
// script, say) is where the keys start; else the row being edited, else
// the first row shown.
const named = window.location.hash.startsWith('#row-') && document.getElementById(window.location.hash.slice(1));
const first = (named && rowsEl.contains(named) && named) || rowsEl.querySelector('.row.editing') || shownRows()[0];
if (first) focusRow(first, Boolean(named));
// A notification about a comment opens the row's threads.
if (named && first === named && new URLSearchParams(window.location.search).get('open') === 'threads') {
  showThreads(named, false);
}

// Switching the interface's language keeps the row the keys are on.
const languageForm = document.getElementById('language');
if (languageForm) {
  languageForm.addEventListener('submit', () => {
    const current = state.current;
    if (!current || !rowsEl.contains(current)) return;
    languageForm.elements.next.value = `${window.location.pathname}${window.location.search}#row-${segOf(current)}`;
  });
}
