// Galley review page: editing in place, keyboard work, live diffs, conflicts
// and drafts kept in this browser until saved. The page reads fine without
// this script; the script only calls the JSON API (with the session's CSRF
// token) and asks the server for freshly rendered rows.
(() => {
  'use strict';

  const main = document.getElementById('review');
  if (!main) return;
  const article = main.dataset.article;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const rowsEl = document.getElementById('rows');
  const help = document.getElementById('help');
  const MODES = ['ai', 'bilingual', 'last', 'columns'];
  let current = null;

  const announce = document.createElement('div');
  announce.className = 'visually-hidden';
  announce.setAttribute('aria-live', 'polite');
  announce.id = 'announce';
  main.append(announce);

  const allRows = () => Array.from(rowsEl.querySelectorAll('.row'));
  const rowOf = (el) => el && el.closest('.row');
  const segOf = (row) => row.dataset.segment;

  // ------------------------------------------------------------ server calls

  // The session ended (it expired, or the person signed out elsewhere):
  // say so once, above the rows, with the way back. Nothing typed is lost:
  // drafts stay in this browser and come back after signing in.
  function sessionEnded() {
    if (document.getElementById('session-ended')) return;
    const next = window.location.pathname + window.location.search;
    const banner = el('p', { class: 'banner error', role: 'alert', id: 'session-ended' });
    banner.append(
      'Your session has ended, so nothing more can be saved. Your unsaved text is kept in this browser. ',
      el('a', { href: `/login?next=${encodeURIComponent(next)}`, text: 'Sign in again' }),
      ' to go on.',
    );
    rowsEl.before(banner);
  }

  // Whether an answer says the session is gone: the API's 401, or a page
  // request sent on to the sign-in page.
  function signedOut(response) {
    return response.status === 401
      || (response.redirected && new URL(response.url).pathname === '/login');
  }

  async function api(method, path, body) {
    const options = {
      method,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf },
    };
    if (body !== undefined) {
      options.headers['content-type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    const response = await fetch(`/api/v1/articles/${article}${path}`, options);
    if (signedOut(response)) {
      sessionEnded();
      return { ok: false, status: response.status, data: null, signedOut: true };
    }
    // Every write moves the article on by one version: the stage actions
    // name the version this page has seen, its own writes included (a
    // write by someone else makes a transition stale, and it is refused).
    if (response.ok && method !== 'GET') {
      for (const input of document.querySelectorAll('#actions input[name="version"]')) {
        input.value = String(Number(input.value) + 1);
      }
    }
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { ok: response.ok, status: response.status, data };
  }

  // Track changes between two texts, rendered (and escaped) by the server.
  async function diffHtml(oldText, newText) {
    const response = await fetch('/diff', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ old: oldText, new: newText }),
    });
    if (signedOut(response)) {
      sessionEnded();
      throw new Error('signed out');
    }
    if (!response.ok) throw new Error(`diff failed (${response.status})`);
    return response.text();
  }

  async function fetchHtml(url) {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (signedOut(response)) {
      sessionEnded();
      throw new Error('signed out');
    }
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return new DOMParser().parseFromString(await response.text(), 'text/html');
  }

  // Swaps in the row as the server now renders it.
  async function reloadRow(row) {
    const doc = await fetchHtml(`/articles/${article}/rows/${segOf(row)}`);
    const fresh = doc.querySelector('.row');
    row.replaceWith(fresh);
    if (current === row) current = null;
    markDraft(fresh);
    return fresh;
  }

  // The summary and the stage actions change with every save and review.
  async function refreshPanels() {
    try {
      const doc = await fetchHtml(`/articles/${article}`);
      for (const id of ['summary', 'actions']) {
        const fresh = doc.getElementById(id);
        const old = document.getElementById(id);
        if (fresh && old) old.replaceWith(fresh);
      }
    } catch (_) { /* the panels stay as they were; the rows are right */ }
  }

  // ------------------------------------------------------------------ drafts

  const draftKey = (seg) => `galley:draft:${article}:${seg}`;

  function saveDraft(seg, text, base) {
    try {
      localStorage.setItem(draftKey(seg), JSON.stringify({ text, base, at: Date.now() }));
    } catch (_) { /* storage full or off: the editor still holds the text */ }
  }

  function loadDraft(seg) {
    try {
      const raw = localStorage.getItem(draftKey(seg));
      return raw ? JSON.parse(raw) : null;
    } catch (_) { return null; }
  }

  function dropDraft(seg) {
    try { localStorage.removeItem(draftKey(seg)); } catch (_) { /* nothing kept */ }
  }

  // A row whose editor is closed but whose unsaved text is kept says so.
  function markDraft(row) {
    const meta = row.querySelector('.meta');
    const badge = meta.querySelector('.draft-badge');
    const draft = loadDraft(segOf(row));
    const pending = draft && !row.classList.contains('editing');
    if (pending && !badge) {
      const b = document.createElement('span');
      b.className = 'draft-badge';
      b.textContent = 'Unsaved draft in this browser: press Enter to continue';
      meta.append(b);
    } else if (!pending && badge) {
      badge.remove();
    }
  }

  // ------------------------------------------------------------- navigation

  // The row the keys act on, without moving the focus.
  function markCurrent(row) {
    if (current) current.classList.remove('current');
    current = row;
    row.classList.add('current');
  }

  function focusRow(row, scroll = true) {
    if (!row) return;
    markCurrent(row);
    if (scroll) row.scrollIntoView({ block: 'nearest' });
    if (!row.classList.contains('editing')) row.focus({ preventScroll: true });
  }

  function step(delta) {
    const rows = allRows();
    const at = current ? rows.indexOf(current) : -1;
    const next = rows[Math.min(rows.length - 1, Math.max(0, at + delta))];
    focusRow(next);
  }

  function setMode(mode, remember = true) {
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

  // --------------------------------------------------------------- editing

  // What the live diff compares the typed text with, by view.
  function baseline(row) {
    switch (main.dataset.mode) {
      case 'bilingual': return row.dataset.bilingual;
      case 'last': return row.dataset.text;
      default: return row.dataset.ai;
    }
  }

  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  const liveTimers = new WeakMap();

  async function updateLive(row) {
    const editor = row.querySelector('.editor');
    const textarea = editor.querySelector('textarea');
    const live = editor.querySelector('.live');
    if (!textarea || !live) return;
    const asked = textarea.value;
    try {
      const html = await diffHtml(baseline(row), asked);
      if (textarea.value === asked) live.innerHTML = html;
    } catch (_) {
      live.textContent = 'The diff is not available right now.';
    }
  }

  function scheduleLive(row) {
    clearTimeout(liveTimers.get(row));
    liveTimers.set(row, setTimeout(() => updateLive(row), 200));
  }

  function status(row, text, isError = false) {
    const node = row.querySelector('.editor .state');
    if (node) {
      node.textContent = text;
      node.classList.toggle('error', isError);
    }
    announce.textContent = text;
  }

  function openEditor(row, text, base, notice) {
    if (row.dataset.canEdit !== 'true') {
      announce.textContent = 'You cannot edit this row at this stage.';
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
    const textarea = el('textarea', { 'aria-label': `English for row ${seg}`, lang: 'en', spellcheck: 'true' });
    textarea.value = text ?? row.dataset.text;
    const save = el('button', { type: 'button', class: 'primary', 'data-act': 'save', text: 'Save and next' });
    const cancel = el('button', { type: 'button', 'data-act': 'close', text: 'Close' });
    const discard = el('button', { type: 'button', 'data-act': 'discard', text: 'Discard my changes' });
    editor.append(
      textarea,
      el('div', { class: 'live diff', 'aria-live': 'off' }),
      el('div', { class: 'bar' }, [
        save, cancel, discard,
        el('span', { class: 'spacer' }),
        el('span', { class: 'state', text: 'Ctrl+Enter saves and moves on; Esc closes, keeping your text here.' }),
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
  function closeEditor(row, discard = false) {
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

  function nextRow(row) {
    const rows = allRows();
    return rows[rows.indexOf(row) + 1] || row;
  }

  async function save(row, moveOn = true) {
    const editor = row.querySelector('.editor');
    const textarea = editor.querySelector('textarea');
    if (!textarea) return;
    const seg = segOf(row);
    const text = textarea.value;
    const base = Number(editor.dataset.base);
    if (text.trim() === '') {
      status(row, 'A row keeps at least some English; type it before saving.', true);
      return;
    }
    if (text.trim() === row.dataset.text && String(base) === row.dataset.revision) {
      closeEditor(row, true);
      if (moveOn) focusRow(nextRow(row));
      return;
    }
    status(row, 'Saving…');
    let result;
    try {
      result = await api('PUT', `/segments/${seg}`, { text, base_revision: base });
    } catch (_) {
      saveDraft(seg, text, base);
      status(row, 'Not saved: the connection failed. Your text is kept in this browser; try again.', true);
      return;
    }
    if (result.ok) {
      dropDraft(seg);
      const fresh = await reloadRow(row);
      announce.textContent = `Saved revision ${result.data.revision} of row ${seg}.`;
      refreshPanels();
      focusRow(moveOn ? nextRow(fresh) : fresh);
    } else if (result.status === 409 && result.data && result.data.rule === 'stale_revision') {
      await showConflict(row, text, result.data);
    } else if (result.signedOut) {
      saveDraft(seg, text, base);
      status(row, 'Not saved: your session has ended. Your text is kept in this browser; sign in again to save it.', true);
    } else {
      const detail = (result.data && result.data.detail) || `the server answered ${result.status}`;
      status(row, `Not saved: ${detail}. Your text is kept in this browser.`, true);
    }
  }

  // Someone saved the row first: show their text and how ours differs, and
  // let the person keep theirs, take the other, or edit a merge. Neither text
  // is lost: theirs is already a revision, ours stays in the editor and the
  // browser until saved or discarded.
  async function showConflict(row, mine, problem) {
    const editor = row.querySelector('.editor');
    const theirs = problem.current_text;
    const theirRevision = problem.current_revision;
    for (const old of editor.querySelectorAll('.conflict')) old.remove();
    const between = el('div', { class: 'between diff' });
    const panel = el('div', { class: 'conflict', role: 'alert' }, [
      el('h3', { text: `Someone else saved this row first (revision ${theirRevision}).` }),
      el('span', { class: 'label', text: 'Their version' }),
      el('div', { class: 'theirs', lang: 'en', text: theirs }),
      el('span', { class: 'label', text: 'Yours compared with theirs' }),
      between,
      el('div', { class: 'bar' }, [
        el('button', { type: 'button', class: 'primary', 'data-act': 'keep-mine', text: 'Keep mine' }),
        el('button', { type: 'button', 'data-act': 'take-theirs', text: 'Take theirs' }),
        el('button', { type: 'button', 'data-act': 'merge-edit', text: 'Edit a merge' }),
      ]),
    ]);
    panel.dataset.theirRevision = String(theirRevision);
    panel.dataset.mine = mine;
    editor.prepend(panel);
    status(row, 'Not saved yet: choose how to resolve the conflict.', true);
    try {
      between.innerHTML = await diffHtml(theirs, mine);
    } catch (_) {
      between.textContent = mine;
    }
  }

  async function resolve(row, how) {
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
      await save(row);
    } else {
      panel.querySelector('.bar').remove();
      panel.querySelector('h3').textContent =
        `Merging with revision ${theirRevision}: edit below, then save.`;
      saveDraft(segOf(row), textarea.value, theirRevision);
      textarea.focus();
      updateLive(row);
    }
  }

  // ------------------------------------------------------ reviews, alignment

  async function markReviewed(row) {
    if (row.dataset.canReview !== 'true') return;
    const result = await api('POST', `/segments/${segOf(row)}/review`, {
      revision: Number(row.dataset.revision),
    });
    if (result.signedOut) return;
    if (!result.ok) {
      announce.textContent = (result.data && result.data.detail) || 'Not marked reviewed.';
      window.alert(announce.textContent);
      return;
    }
    const fresh = await reloadRow(row);
    refreshPanels();
    announce.textContent = `Row ${segOf(fresh)} reviewed.`;
    focusRow(nextRow(fresh));
  }

  async function merge(row) {
    const result = await api('POST', `/segments/${segOf(row)}/merge`);
    if (result.ok) window.location.reload();
    else window.alert((result.data && result.data.detail) || 'The rows were not merged.');
  }

  function openSplit(row) {
    const editor = row.querySelector('.editor');
    if (row.classList.contains('editing')) return;
    const ko = Number(row.dataset.koCount);
    const en = Number(row.dataset.enCount);
    const koInput = el('input', { type: 'number', min: '0', max: String(ko), value: String(Math.min(1, ko)), name: 'ko_at' });
    const enInput = el('input', { type: 'number', min: '0', max: String(en), value: String(Math.min(1, en)), name: 'en_at' });
    editor.replaceChildren(
      el('p', { text: 'Split this row in two. How many paragraphs stay in the first row?' }),
      el('label', { text: `Korean (of ${ko}) ` }, [koInput]),
      el('label', { text: `English (of ${en}) ` }, [enInput]),
      el('div', { class: 'bar' }, [
        el('button', { type: 'button', class: 'primary', 'data-act': 'do-split', text: 'Split' }),
        el('button', { type: 'button', 'data-act': 'close-split', text: 'Cancel' }),
      ]),
    );
    editor.hidden = false;
    koInput.focus();
  }

  async function doSplit(row) {
    const editor = row.querySelector('.editor');
    const body = {
      ko_at: Number(editor.querySelector('[name=ko_at]').value),
      en_at: Number(editor.querySelector('[name=en_at]').value),
    };
    const result = await api('POST', `/segments/${segOf(row)}/split`, body);
    if (result.ok) window.location.reload();
    else window.alert((result.data && result.data.detail) || 'The row was not split.');
  }

  // ------------------------------------------------------------------ events

  rowsEl.addEventListener('click', (event) => {
    const row = rowOf(event.target);
    if (!row) return;
    const button = event.target.closest('button[data-act]');
    if (!button) {
      // A click into a field of the row (an override's reason, the split
      // dialog) keeps the focus there: typing goes into the field, not to
      // the row's keys.
      if (event.target.closest('input, textarea, select, label, a, form')) {
        if (current !== row) markCurrent(row);
        return;
      }
      if (!row.classList.contains('editing')) focusRow(row, false);
      return;
    }
    const act = button.dataset.act;
    if (act === 'edit') {
      const draft = loadDraft(segOf(row));
      openEditor(row, draft ? draft.text : undefined, draft ? draft.base : undefined);
    } else if (act === 'save') save(row);
    else if (act === 'close') closeEditor(row);
    else if (act === 'discard') closeEditor(row, true);
    else if (act === 'review') markReviewed(row);
    else if (act === 'merge') merge(row);
    else if (act === 'split') openSplit(row);
    else if (act === 'do-split') doSplit(row);
    else if (act === 'close-split') { row.querySelector('.editor').hidden = true; }
    else if (act === 'keep-mine' || act === 'take-theirs' || act === 'merge-edit') resolve(row, act);
  });

  for (const button of document.querySelectorAll('.toolbar [data-mode]')) {
    button.addEventListener('click', () => setMode(button.dataset.mode));
  }

  function toggleHelp(show) {
    help.hidden = !show;
    if (show) help.querySelector('button').focus();
    else if (current) focusRow(current, false);
  }
  help.addEventListener('click', (event) => {
    if (event.target === help || event.target.closest('[data-close]')) toggleHelp(false);
  });

  document.addEventListener('keydown', (event) => {
    if (!help.hidden) {
      if (event.key === 'Escape' || event.key === '?') {
        event.preventDefault();
        toggleHelp(false);
      }
      return;
    }
    const target = event.target;
    const row = rowOf(target);
    if (target.matches && target.matches('.editor textarea')) {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        save(row);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        closeEditor(row);
      }
      return;
    }
    if (target.matches && target.matches('input, textarea, select, button')) {
      if (event.key === 'Escape') target.blur();
      if (!target.matches('button')) return;
      if (event.key === 'Enter' || event.key === ' ') return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const handled = {
      j: () => step(1),
      ArrowDown: () => step(1),
      k: () => step(-1),
      ArrowUp: () => step(-1),
      e: () => current && rowsEl.contains(current) && current.querySelector('[data-act=edit]')?.click(),
      Enter: () => current && rowsEl.contains(current) && current.querySelector('[data-act=edit]')?.click(),
      r: () => current && rowsEl.contains(current) && markReviewed(current),
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

  // ------------------------------------------------------------------- start

  let remembered = null;
  try { remembered = localStorage.getItem('galley:mode'); } catch (_) { remembered = null; }
  if (remembered) setMode(remembered, false);

  // Unsaved text from an earlier visit comes back in its row's editor; text
  // for a row that no longer exists (merged or split since) is shown above
  // the rows, so nothing typed is lost.
  const present = new Set(allRows().map(segOf));
  const orphans = [];
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      const prefix = `galley:draft:${article}:`;
      if (!key || !key.startsWith(prefix)) continue;
      const seg = key.slice(prefix.length);
      const draft = loadDraft(seg);
      if (!draft) continue;
      if (present.has(seg)) {
        const row = document.getElementById(`row-${seg}`);
        if (draft.text !== row.dataset.text) {
          openEditor(row, draft.text, draft.base, 'Unsaved text restored from this browser.');
        } else {
          dropDraft(seg);
        }
      } else {
        orphans.push([seg, draft]);
      }
    }
  } catch (_) { /* no storage: nothing to restore */ }
  if (orphans.length) {
    const box = document.getElementById('orphans');
    box.append(el('p', { text: 'Unsaved text for rows that no longer exist (merged or split since). Copy what you need:' }));
    for (const [seg, draft] of orphans) {
      const keep = el('div', { class: 'theirs', text: draft.text });
      const dismiss = el('button', { type: 'button', text: 'Dismiss' });
      dismiss.addEventListener('click', () => { dropDraft(seg); keep.remove(); dismiss.remove(); });
      box.append(keep, dismiss);
    }
    box.hidden = false;
  }
  const first = rowsEl.querySelector('.row.editing') || allRows()[0];
  if (first && !first.classList.contains('editing')) focusRow(first, false);
})();
