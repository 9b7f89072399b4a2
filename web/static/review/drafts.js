// Unsaved text kept in this browser until it is saved: a row's editor
// brings it back, and text for a row that no longer exists is shown above
// the rows.

import { allRows, article, el, segOf, t } from './page.js';

const draftKey = (seg) => `galley:draft:${article}:${seg}`;

export function saveDraft(seg, text, base) {
  try {
    localStorage.setItem(draftKey(seg), JSON.stringify({ text, base, at: Date.now() }));
  } catch (_) { /* storage full or off: the editor still holds the text */ }
}

export function loadDraft(seg) {
  try {
    const raw = localStorage.getItem(draftKey(seg));
    return raw ? JSON.parse(raw) : null;
  } catch (_) { return null; }
}

export function dropDraft(seg) {
  try { localStorage.removeItem(draftKey(seg)); } catch (_) { /* nothing kept */ }
}

// A row whose editor is closed but whose unsaved text is kept says so.
export function markDraft(row) {
  const meta = row.querySelector('.meta');
  const badge = meta.querySelector('.draft-badge');
  const draft = loadDraft(segOf(row));
  const pending = draft && !row.classList.contains('editing');
  if (pending && !badge) {
    meta.append(el('span', { class: 'draft-badge', text: t('draft_badge') }));
  } else if (!pending && badge) {
    badge.remove();
  }
}

// Unsaved text for rows that no longer exist (merged or split since) is
// shown above the rows for copying, so nothing typed is lost.
export function showOrphans() {
  const present = new Set(allRows().map(segOf));
  const box = document.getElementById('orphans');
  box.replaceChildren();
  const prefix = `galley:draft:${article}:`;
  const orphans = [];
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (!key || !key.startsWith(prefix)) continue;
      const seg = key.slice(prefix.length);
      if (!present.has(seg)) orphans.push([seg, loadDraft(seg)]);
    }
  } catch (_) { /* no storage: nothing kept */ }
  // A kept text with nothing in it is nothing to copy: it goes.
  for (const [seg, draft] of orphans) {
    if (!draft || typeof draft.text !== 'string' || !draft.text.trim()) dropDraft(seg);
  }
  const kept = orphans.filter(([, draft]) => draft && typeof draft.text === 'string' && draft.text.trim());
  box.hidden = !kept.length;
  if (!kept.length) return;
  box.append(el('p', { text: t('orphans') }));
  for (const [seg, draft] of kept) {
    const keep = el('div', { class: 'theirs', lang: 'en', text: draft.text });
    const dismiss = el('button', { type: 'button', text: t('dismiss') });
    dismiss.addEventListener('click', () => {
      dropDraft(seg);
      keep.remove();
      dismiss.remove();
      // The last one dismissed: no banner left saying there is more.
      if (!box.querySelector('.theirs')) box.hidden = true;
    });
    box.append(keep, dismiss);
  }
}
