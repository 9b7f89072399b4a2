// The diff views: which earlier text a row is compared with (the AI draft,
// the bilingual review, the last saved text, or side by side), and the
// live diff of the text being typed.

import { main, rowsEl, t } from './page.js';
import { diffHtml } from './server.js';

const MODES = ['ai', 'bilingual', 'last', 'columns'];

export function setMode(mode, remember = true) {
  if (!MODES.includes(mode)) return;
  main.dataset.mode = mode;
  for (const button of document.querySelectorAll('.toolbar [data-mode]')) {
    button.setAttribute('aria-pressed', String(button.dataset.mode === mode));
  }
  if (remember) {
    try { localStorage.setItem('galley:mode', mode); } catch (_) { /* not kept */ }
  }
  for (const row of rowsEl.querySelectorAll('.row.editing')) updateLive(row);
}

// What the live diff compares the typed text with, by view.
export function baseline(row) {
  switch (main.dataset.mode) {
    case 'bilingual': return row.dataset.bilingual;
    case 'last': return row.dataset.text;
    default: return row.dataset.ai;
  }
}

const liveTimers = new WeakMap();

export async function updateLive(row) {
  const editor = row.querySelector('.editor');
  const textarea = editor.querySelector('textarea');
  const live = editor.querySelector('.live');
  if (!textarea || !live) return;
  const asked = textarea.value;
  try {
    const html = await diffHtml(baseline(row), asked);
    if (textarea.value === asked) live.innerHTML = html;
  } catch (_) {
    live.textContent = t('diff_unavailable');
  }
}

export function scheduleLive(row) {
  clearTimeout(liveTimers.get(row));
  liveTimers.set(row, setTimeout(() => updateLive(row), 200));
}
