// Galley review page: editing in place, keyboard work, live diffs, conflicts,
// filters, history, find and replace, and drafts kept in this browser until
// saved. The page reads fine without this script; the script only calls the
// JSON API (with the session's CSRF token) and asks the server for freshly
// rendered rows, so there is one renderer of a row.
(() => {
  'use strict';

  const main = document.getElementById('review');
  if (!main) return;
  const article = main.dataset.article;
  const me = main.dataset.me;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const rowsEl = document.getElementById('rows');
  const help = document.getElementById('help');
  const confirmBox = document.getElementById('confirm');
  const filterEl = document.getElementById('filter');
  const findBox = document.getElementById('find');
  const MODES = ['ai', 'bilingual', 'last', 'columns'];
  const TEXTS = JSON.parse(main.dataset.texts || '{}');
  let current = null;

  // The page's words in the person's language, with {name} filled in.
  function t(key, values = {}) {
    let text = TEXTS[key] || key;
    for (const [name, value] of Object.entries(values)) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  const announce = document.createElement('div');
  announce.className = 'visually-hidden';
  announce.setAttribute('aria-live', 'polite');
  announce.id = 'announce';
  main.append(announce);

  const allRows = () => Array.from(rowsEl.querySelectorAll('.row'));
  const shownRows = () => allRows().filter((row) => !row.classList.contains('filtered-out'));
  const rowOf = (node) => node && node.closest && node.closest('.row');
  const segOf = (row) => row.dataset.segment;
  // A row's number as the page shows it: the body counts from 1 after the
  // headline's row.
  const numberOf = (row) => Number(row.dataset.number) || allRows().indexOf(row) + 1;

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

  // ------------------------------------------------------------ server calls

  // The session ended (it expired, or the person signed out elsewhere):
  // say so once, above the rows, with the way back. Nothing typed is lost:
  // drafts stay in this browser and come back after signing in.
  function sessionEnded() {
    if (document.getElementById('session-ended')) return;
    const next = window.location.pathname + window.location.search;
    const banner = el('p', { class: 'banner error', role: 'alert', id: 'session-ended' });
    banner.append(
      t('session_ended'),
      el('a', { href: `/login?next=${encodeURIComponent(next)}`, text: t('sign_in_again') }),
      t('to_go_on'),
    );
    rowsEl.before(banner);
  }

  // Whether an answer says the session is gone: the API's 401, or a page
  // request sent on to the sign-in page.
  function signedOut(response) {
    return response.status === 401
      || (response.redirected && new URL(response.url).pathname === '/login');
  }

  // The article moved on by one version: the header says so, and the stage
  // actions name the version this page has seen, its own writes included
  // (a write by someone else makes a transition stale, and it is refused).
  function versionMoved() {
    for (const input of document.querySelectorAll('#actions input[name="version"]')) {
      input.value = String(Number(input.value) + 1);
    }
    const shown = document.getElementById('version');
    if (shown) shown.textContent = String(Number(shown.textContent) + 1);
  }

  async function api(method, path, body) {
    const options = {
      method,
      credentials: 'same-origin',
      // Refusals come back in the page's language, not the browser's.
      headers: { 'x-csrf-token': csrf, 'accept-language': document.documentElement.lang },
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

  async function freshRow(seg) {
    const doc = await fetchHtml(`/articles/${article}/rows/${seg}`);
    return document.importNode(doc.querySelector('.row'), true);
  }

  // Swaps in the row as the server now renders it, keeping it current.
  async function reloadRow(row) {
    const fresh = await freshRow(segOf(row));
    const wasCurrent = current === row;
    row.replaceWith(fresh);
    if (wasCurrent) markCurrent(fresh);
    markDraft(fresh);
    applyFilter(false);
    return fresh;
  }

  // The header, the summary and the stage actions change with every save
  // and review. A note being written for a stage action is left alone.
  async function refreshPanels() {
    try {
      const doc = await fetchHtml(`/articles/${article}`);
      for (const id of ['article-head', 'summary', 'actions']) {
        const fresh = doc.getElementById(id);
        const old = document.getElementById(id);
        const writing = old && Array.from(old.querySelectorAll('textarea')).some((box) => box.value.trim() !== '');
        // Replaced only when it changed: a panel that jumps under the
        // pointer can swallow a click.
        if (fresh && old && !writing && fresh.outerHTML !== old.outerHTML) old.replaceWith(fresh);
      }
    } catch (_) { /* the panels stay as they were; the rows are right */ }
  }

  // Rows are numbered as the page shows them; after a merge or split the
  // rows below move.
  // The headline row (first) keeps its label; the body counts from 1.
  function renumber() {
    const skip = allRows().some((row) => row.classList.contains('headline')) ? 1 : 0;
    allRows().forEach((row, i) => {
      if (row.classList.contains('headline')) return;
      for (const num of row.querySelectorAll('.num')) num.textContent = String(i + 1 - skip);
      row.dataset.number = String(i + 1 - skip);
    });
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
      meta.append(el('span', { class: 'draft-badge', text: t('draft_badge') }));
    } else if (!pending && badge) {
      badge.remove();
    }
  }

  // Unsaved text for rows that no longer exist (merged or split since) is
  // shown above the rows for copying, so nothing typed is lost.
  function showOrphans() {
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
        const draft = loadDraft(seg);
        if (draft && !present.has(seg)) orphans.push([seg, draft]);
      }
    } catch (_) { /* no storage: nothing kept */ }
    if (!orphans.length) {
      box.hidden = true;
      return;
    }
    box.append(el('p', { text: t('orphans') }));
    for (const [seg, draft] of orphans) {
      const keep = el('div', { class: 'theirs', lang: 'en', text: draft.text });
      const dismiss = el('button', { type: 'button', text: t('dismiss') });
      dismiss.addEventListener('click', () => { dropDraft(seg); keep.remove(); dismiss.remove(); });
      box.append(keep, dismiss);
    }
    box.hidden = false;
  }

  // ------------------------------------------------------------- navigation

  // The row the keys act on, without moving the focus.
  function markCurrent(row) {
    for (const other of rowsEl.querySelectorAll('.row.current')) other.classList.remove('current');
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
    const rows = shownRows();
    if (!rows.length) return;
    const at = current ? rows.indexOf(current) : -1;
    const next = at < 0
      ? rows[delta > 0 ? 0 : rows.length - 1]
      : rows[Math.min(rows.length - 1, Math.max(0, at + delta))];
    focusRow(next);
  }

  // A row needs the person: not yet reviewed in bilingual review, edited
  // since its review, or with open QA findings.
  function needsYou(row) {
    if (Number(row.dataset.findings) > 0) return true;
    if (main.dataset.stage !== 'bilingual_review') return false;
    return row.dataset.status !== 'reviewed';
  }

  // n / N: the next or previous shown row that needs the person.
  function stepAttention(delta) {
    const rows = shownRows();
    const at = current ? rows.indexOf(current) : (delta > 0 ? -1 : rows.length);
    for (let i = at + delta; i >= 0 && i < rows.length; i += delta) {
      if (needsYou(rows[i])) {
        focusRow(rows[i]);
        return;
      }
    }
    announce.textContent = t('nothing_needs_you');
  }

  // The row after `row` among those shown (itself if it is the last).
  function nextRow(row) {
    const rows = shownRows();
    const at = rows.indexOf(row);
    if (at < 0) {
      const all = allRows();
      return all.slice(all.indexOf(row) + 1).find((r) => !r.classList.contains('filtered-out')) || row;
    }
    return rows[at + 1] || row;
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

  // ------------------------------------------------------------- filters

  const FILTERS = {
    all: () => true,
    todo: (row) => row.dataset.status !== 'reviewed',
    findings: (row) => Number(row.dataset.findings) > 0,
    errors: (row) => Number(row.dataset.errors) > 0,
    'changed-ai': (row) => row.dataset.text !== row.dataset.ai,
    'changed-bilingual': (row) => row.dataset.text !== row.dataset.bilingual,
    threads: (row) => Number(row.dataset.threads) > 0,
    source: (row) => row.dataset.source !== '',
  };
  const filterKey = `galley:filter:${article}`;

  // Hides the rows the filter leaves out. A row being edited stays shown,
  // and the current row moves to a shown one if it was hidden.
  function applyFilter(moveCurrent = true) {
    const name = FILTERS[filterEl.value] ? filterEl.value : 'all';
    const keep = FILTERS[name];
    for (const row of allRows()) {
      row.classList.toggle('filtered-out', !keep(row) && !row.classList.contains('editing') && row !== current);
    }
    // The current row stays until the person moves on, unless the filter
    // itself changed.
    if (moveCurrent && current && !keep(current) && !current.classList.contains('editing')) {
      current.classList.add('filtered-out');
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
    if (current) focusRow(current);
  });

  // ------------------------------------------------------------- density

  function setDensity(compact, remember = true) {
    main.classList.toggle('compact', compact);
    document.getElementById('density').setAttribute('aria-pressed', String(compact));
    if (remember) {
      try { localStorage.setItem('galley:density', compact ? 'compact' : 'comfortable'); } catch (_) { /* not kept */ }
    }
    if (current) current.scrollIntoView({ block: 'nearest' });
  }
  document.getElementById('density').addEventListener('click', () => setDensity(!main.classList.contains('compact')));

  // --------------------------------------------------------------- editing

  // What the live diff compares the typed text with, by view.
  function baseline(row) {
    switch (main.dataset.mode) {
      case 'bilingual': return row.dataset.bilingual;
      case 'last': return row.dataset.text;
      default: return row.dataset.ai;
    }
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
      live.textContent = t('diff_unavailable');
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

  // A message in the row's foot, for what happened outside the editor.
  function rowNotice(row, text) {
    let node = row.querySelector('.row-notice');
    if (!node) {
      node = el('p', { class: 'row-notice', role: 'alert' });
      row.querySelector('.foot').after(node);
    }
    node.textContent = text;
    announce.textContent = text;
  }

  function openEditor(row, text, base, notice) {
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

  // Saves the row. `then` says what follows a save: 'stay' on the row,
  // 'next' row, or 'review' it too and go to the next (Ctrl+Enter).
  async function save(row, then = 'review') {
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
      if (reviews) {
        const marked = await api('POST', `/segments/${seg}/review`, { revision: result.data.revision });
        if (marked.ok) {
          versionMoved();
          fresh = await reloadRow(fresh);
          said = t('saved_reviewed', { revision: result.data.revision, n: number });
        } else if (!marked.signedOut) {
          said = `${said} ${(marked.data && marked.data.detail) || t('not_reviewed')}`;
          rowNotice(fresh, said);
        }
      }
      announce.textContent = said;
      refreshPanels();
      focusRow(then === 'stay' ? fresh : nextRow(fresh));
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
  async function showConflict(row, mine, problem) {
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
      await save(row, 'next');
    } else {
      panel.querySelector('.bar').remove();
      panel.querySelector('h3').textContent = t('merging_with', { revision: theirRevision });
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
      rowNotice(row, (result.data && result.data.detail) || t('not_reviewed'));
      return;
    }
    versionMoved();
    const number = numberOf(row);
    const fresh = await reloadRow(row);
    refreshPanels();
    announce.textContent = t('reviewed', { n: number });
    focusRow(nextRow(fresh));
  }

  async function unmarkReviewed(row) {
    if (row.dataset.canReview !== 'true' || row.dataset.status !== 'reviewed') return;
    const result = await api('DELETE', `/segments/${segOf(row)}/review?revision=${Number(row.dataset.revision)}`);
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, (result.data && result.data.detail) || t('not_reviewed'));
      return;
    }
    versionMoved();
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
  async function replaceRows(old, answer, positions) {
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

  async function merge(row) {
    if (row.dataset.canAlign !== 'true') return;
    const next = row.nextElementSibling;
    if (!next || !next.classList.contains('row')) return;
    const at = allRows().indexOf(row);
    const result = await api('POST', `/segments/${segOf(row)}/merge`);
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, (result.data && result.data.detail) || t('not_merged'));
      return;
    }
    versionMoved();
    await replaceRows([row, next], result.data, [at]);
    refreshPanels();
    announce.textContent = t('merged', { n: at + 1, m: at + 2 });
  }

  // A row whose Korean a new version removed: its English goes.
  async function confirmRemoval(row) {
    const next = nextRow(row);
    const number = numberOf(row);
    const result = await api('POST', `/segments/${segOf(row)}/removal`);
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, (result.data && result.data.detail) || t('not_removed'));
      return;
    }
    versionMoved();
    await replaceRows([row], result.data, []);
    refreshPanels();
    if (next && next.isConnected) focusRow(next);
    announce.textContent = t('removed', { n: number });
  }

  function openSplit(row) {
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

  function closeSplit(row) {
    const editor = row.querySelector('.editor');
    editor.replaceChildren();
    editor.hidden = true;
    delete editor.dataset.splitting;
    focusRow(row, false);
  }

  async function doSplit(row) {
    const editor = row.querySelector('.editor');
    const body = {
      ko_at: Number(editor.querySelector('[name=ko_at]').value),
      en_at: Number(editor.querySelector('[name=en_at]').value),
    };
    const at = allRows().indexOf(row);
    const result = await api('POST', `/segments/${segOf(row)}/split`, body);
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, (result.data && result.data.detail) || t('not_split'));
      return;
    }
    versionMoved();
    await replaceRows([row], result.data, [at, at + 1]);
    refreshPanels();
    announce.textContent = t('was_split', { n: at + 1 });
  }

  // An override sent from its form without leaving the page; the keys stay
  // on the row.
  async function sendOverride(form) {
    const row = rowOf(form);
    const key = form.querySelector('input[name=key]').value;
    const reason = form.querySelector('input[name=reason]').value;
    const result = await api('POST', `/segments/${segOf(row)}/overrides`, { key, reason });
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, (result.data && result.data.detail) || String(result.status));
      return;
    }
    versionMoved();
    markCurrent(row);
    const fresh = await reloadRow(row);
    refreshPanels();
    focusRow(fresh, false);
  }

  function focusOverride(row) {
    const input = row.querySelector('form.override input[name=reason]');
    if (!input) {
      announce.textContent = t('no_override');
      return;
    }
    markCurrent(row);
    input.focus();
  }

  // ------------------------------------------------------------------ history

  async function toggleHistory(row) {
    const box = row.querySelector('.history');
    const button = row.querySelector('[data-act=history]');
    if (!box.hidden) {
      box.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    box.textContent = t('history_loading');
    box.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    try {
      const doc = await fetchHtml(`/articles/${article}/rows/${segOf(row)}/history`);
      box.replaceChildren(document.importNode(doc.querySelector('.revisions'), true));
    } catch (_) {
      box.hidden = true;
    }
  }

  async function revert(row, revision) {
    const result = await api('POST', `/segments/${segOf(row)}/revert`, {
      revision: Number(revision),
      base_revision: Number(row.dataset.revision),
    });
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, t('not_reverted', { detail: (result.data && result.data.detail) || result.status }));
      return;
    }
    versionMoved();
    const number = numberOf(row);
    markCurrent(row);
    const fresh = await reloadRow(row);
    refreshPanels();
    await toggleHistory(fresh);
    focusRow(fresh, false);
    announce.textContent = t('reverted', { n: number, revision });
    rowNotice(fresh, announce.textContent);
  }

  // ---------------------------------------------------------------- comments

  // The row's threads, rendered by the server, beside the row.
  async function showThreads(row, focusNew = true) {
    const box = row.querySelector('.thread-panel');
    const button = row.querySelector('[data-act=comments]');
    const doc = await fetchHtml(`/articles/${article}/rows/${segOf(row)}/comments`);
    box.replaceChildren(document.importNode(doc.querySelector('.threads-box'), true));
    box.hidden = false;
    if (button) button.setAttribute('aria-expanded', 'true');
    if (focusNew) box.querySelector('.new-thread textarea').focus();
  }

  async function toggleThreads(row) {
    const box = row.querySelector('.thread-panel');
    markCurrent(row);
    if (!box.hidden) {
      box.hidden = true;
      row.querySelector('[data-act=comments]')?.setAttribute('aria-expanded', 'false');
      focusRow(row, false);
      return;
    }
    await showThreads(row);
  }

  // After a comment: the row (its count), the panels (a question may hold
  // approval) and the threads, the keys staying on the row.
  async function afterComment(row) {
    versionMoved();
    markCurrent(row);
    const fresh = await reloadRow(row);
    refreshPanels();
    await showThreads(fresh, false);
    return fresh;
  }

  async function sendComment(form) {
    const row = rowOf(form);
    const body = form.querySelector('textarea').value;
    const payload = { body };
    if (form.dataset.replyTo) payload.reply_to = Number(form.dataset.replyTo);
    const blocking = form.querySelector('input[name=blocking]');
    if (blocking && blocking.checked) payload.blocking = true;
    const result = await api('POST', `/segments/${segOf(row)}/comments`, payload);
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, (result.data && result.data.detail) || String(result.status));
      return;
    }
    await afterComment(row);
  }

  async function setThread(row, id, how) {
    const result = await api('POST', `/comments/${id}/${how}`, {});
    if (result.signedOut) return;
    if (!result.ok) {
      rowNotice(row, (result.data && result.data.detail) || String(result.status));
      return;
    }
    await afterComment(row);
  }

  // --------------------------------------------------------- find and replace

  const findText = document.getElementById('find-text');
  const replaceText = document.getElementById('replace-text');
  const findResults = document.getElementById('find-results');
  const findSummary = document.getElementById('find-summary');
  const replaceAll = document.getElementById('replace-all');
  let found = [];

  function openFind() {
    findBox.hidden = false;
    findText.focus();
    findText.select();
  }

  function closeFind() {
    findBox.hidden = true;
    if (current) focusRow(current, false);
  }

  // Every match in every row (shown or not), with a little text around it.
  function preview() {
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

  async function replaceIn(rows) {
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
    const lines = [t('replace_done', { rows: result.data.replaced.length })];
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

  // ------------------------------------------------------------ stage actions

  // A step the person cannot take back asks first; the answer is the form's.
  let confirmed = null;
  function ask(form) {
    confirmBox.querySelector('#confirm-text').textContent = form.dataset.confirm;
    const yes = confirmBox.querySelector('[data-answer=yes]');
    yes.textContent = t('confirm');
    confirmBox.hidden = false;
    yes.focus();
    confirmed = form;
  }

  confirmBox.addEventListener('click', (event) => {
    const answer = event.target.closest('[data-answer]');
    if (event.target !== confirmBox && !answer) return;
    const form = confirmed;
    confirmed = null;
    confirmBox.hidden = true;
    if (answer && answer.dataset.answer === 'yes' && form) {
      form.dataset.confirmed = 'true';
      form.requestSubmit();
    } else if (current) {
      focusRow(current, false);
    }
  });

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (form.matches('#actions form[data-confirm]') && form.dataset.confirmed !== 'true') {
      event.preventDefault();
      ask(form);
    } else if (form.matches('form.override')) {
      event.preventDefault();
      sendOverride(form);
    } else if (form.matches('.thread-panel form')) {
      event.preventDefault();
      sendComment(form);
    }
  });

  // a: the stage action that moves the article on, if it is open to the
  // person; b: the note of "return".
  function stageAction() {
    const button = Array.from(document.querySelectorAll('#actions form'))
      .filter((form) => !form.querySelector('textarea'))
      .map((form) => form.querySelector('button'))
      .find((b) => b && !b.disabled);
    if (button) button.click();
    else announce.textContent = t('no_stage_action');
  }

  function returnNote() {
    const box = document.querySelector('#actions form[data-action=return] textarea:not(:disabled), #actions form[data-action=reopen] textarea:not(:disabled)');
    if (box) box.focus();
    else announce.textContent = t('no_stage_action');
  }

  // ------------------------------------------------------------ the hand-off

  // The signed-off article's HTML, with its disclosure line, on the
  // clipboard for the CMS.
  const copyButton = document.getElementById('copy-cms');
  if (copyButton) {
    copyButton.addEventListener('click', async () => {
      const state = document.getElementById('copy-state');
      try {
        const response = await fetch(`/api/v1/articles/${article}/export?format=html`, { credentials: 'same-origin' });
        if (signedOut(response)) { sessionEnded(); return; }
        if (!response.ok) throw new Error(String(response.status));
        await navigator.clipboard.writeText(await response.text());
        state.textContent = t('copied');
      } catch (error) {
        state.textContent = t('not_copied', { detail: error.message });
      }
    });
  }

  // ------------------------------------------------------------------ events

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
      if (current) focusRow(current, false);
      return;
    }
    if (target.matches && target.matches('input, textarea, select, button')) {
      if (event.key === 'Escape') {
        target.blur();
        if (current) focusRow(current, false);
      }
      if (!target.matches('button')) return;
      if (event.key === 'Enter' || event.key === ' ') return;
    }
    if (event.altKey) return;
    const onRow = (action) => () => current && rowsEl.contains(current) && action(current);
    if (ctrl) {
      if (event.key === 'Enter' && current && rowsEl.contains(current)) {
        event.preventDefault();
        if (current.dataset.status === 'reviewed' || current.dataset.canReview !== 'true') focusRow(nextRow(current));
        else markReviewed(current);
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
      h: onRow(toggleHistory),
      c: onRow(toggleThreads),
      a: stageAction,
      b: returnNote,
      f: () => filterEl.focus(),
      d: () => setDensity(!main.classList.contains('compact')),
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

  // ------------------------------------------------------------------- start

  let remembered = null;
  try { remembered = localStorage.getItem('galley:mode'); } catch (_) { remembered = null; }
  if (remembered) setMode(remembered, false);
  let density = null;
  try { density = localStorage.getItem('galley:density'); } catch (_) { density = null; }
  setDensity(density === 'compact', false);
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
})();
