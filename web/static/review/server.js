// Calls to the server: the JSON API (with the session's CSRF token), the
// diff renderer, and rows and panels rendered afresh by the server, so a
// row has one renderer.

import { allRows, article, csrf, el, rowNotice, rowsEl, segOf, state, t } from './page.js';
import { markDraft } from './drafts.js';
import { applyFilter, markCurrent } from './rows.js';

// The session ended (it expired, or the person signed out elsewhere):
// say so once, above the rows, with the way back. Nothing typed is lost:
// drafts stay in this browser and come back after signing in.
export function sessionEnded() {
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
export function signedOut(response) {
  return response.status === 401
    || (response.redirected && new URL(response.url).pathname === '/login');
}

// The article moved on by one version: the header says so, and the stage
// actions name the version this page has seen, its own writes included
// (a write by someone else makes a transition stale, and it is refused).
export function versionMoved() {
  for (const input of document.querySelectorAll('#actions input[name="version"]')) {
    input.value = String(Number(input.value) + 1);
  }
  const shown = document.getElementById('version');
  if (shown) shown.textContent = String(Number(shown.textContent) + 1);
}

export async function api(method, path, body) {
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
export async function diffHtml(oldText, newText) {
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

export async function fetchHtml(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (signedOut(response)) {
    sessionEnded();
    throw new Error('signed out');
  }
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new DOMParser().parseFromString(await response.text(), 'text/html');
}

export async function freshRow(seg) {
  const doc = await fetchHtml(`/articles/${article}/rows/${seg}`);
  return document.importNode(doc.querySelector('.row'), true);
}

// Swaps in the row as the server now renders it, keeping it current.
export async function reloadRow(row) {
  const fresh = await freshRow(segOf(row));
  const wasCurrent = state.current === row;
  row.replaceWith(fresh);
  if (wasCurrent) markCurrent(fresh);
  markDraft(fresh);
  applyFilter(false);
  return fresh;
}

// The header, the summary and the stage actions change with every save
// and review. A note being written for a stage action is left alone.
export async function refreshPanels() {
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
export function renumber() {
  const skip = allRows().some((row) => row.classList.contains('headline')) ? 1 : 0;
  allRows().forEach((row, i) => {
    if (row.classList.contains('headline')) return;
    for (const num of row.querySelectorAll('.num')) num.textContent = String(i + 1 - skip);
    row.dataset.number = String(i + 1 - skip);
  });
}

// Whether a change to a row was done. A refusal is said on the row (the
// API's words, else `otherwise`; a lost session is said above the rows),
// and a change done moves the article's version on.
export function changed(row, result, otherwise) {
  if (result.signedOut) return false;
  if (!result.ok) {
    rowNotice(row, (result.data && result.data.detail) || otherwise);
    return false;
  }
  versionMoved();
  return true;
}
