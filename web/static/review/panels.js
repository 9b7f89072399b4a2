// What opens beside a row or over the page: a row's history and threads,
// the stage actions (and the confirmation a step that cannot be taken back
// asks for), the hand-off to the CMS, and the keys' help.

import { announce, article, confirmBox, help, numberOf, rowNotice, rowOf, segOf, state, t } from './page.js';
import { focusRow, markCurrent } from './rows.js';
import { api, changed, fetchHtml, refreshPanels, reloadRow, sessionEnded, signedOut, versionMoved } from './server.js';
import { removeEnglish, sendOverride } from './align.js';

export async function toggleHistory(row) {
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

export async function revert(row, revision) {
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

// The row's threads, rendered by the server, beside the row.
export async function showThreads(row, focusNew = true) {
  const box = row.querySelector('.thread-panel');
  const button = row.querySelector('[data-act=comments]');
  const doc = await fetchHtml(`/articles/${article}/rows/${segOf(row)}/comments`);
  box.replaceChildren(document.importNode(doc.querySelector('.threads-box'), true));
  box.hidden = false;
  if (button) button.setAttribute('aria-expanded', 'true');
  if (focusNew) box.querySelector('.new-thread textarea').focus();
}

export async function toggleThreads(row) {
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
export async function afterComment(row) {
  markCurrent(row);
  const fresh = await reloadRow(row);
  refreshPanels();
  await showThreads(fresh, false);
  return fresh;
}

export async function sendComment(form) {
  const row = rowOf(form);
  const body = form.querySelector('textarea').value;
  const payload = { body };
  if (form.dataset.replyTo) payload.reply_to = Number(form.dataset.replyTo);
  const blocking = form.querySelector('input[name=blocking]');
  if (blocking && blocking.checked) payload.blocking = true;
  const result = await api('POST', `/segments/${segOf(row)}/comments`, payload);
  if (!changed(row, result, String(result.status))) return;
  await afterComment(row);
}

export async function setThread(row, id, how) {
  const result = await api('POST', `/comments/${id}/${how}`, {});
  if (!changed(row, result, String(result.status))) return;
  await afterComment(row);
}

// A step the person cannot take back asks first; the answer is the form's.
let confirmed = null;
export function ask(form) {
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
  } else if (state.current) {
    focusRow(state.current, false);
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
  } else if (form.matches('form.remove-english')) {
    event.preventDefault();
    removeEnglish(form);
  } else if (form.matches('.thread-panel form')) {
    event.preventDefault();
    sendComment(form);
  }
});

// a: the stage action that moves the article on, if it is open to the
// person; b: the note of "return".
export function stageAction() {
  const button = Array.from(document.querySelectorAll('#actions form'))
    .filter((form) => !form.querySelector('textarea'))
    .map((form) => form.querySelector('button'))
    .find((b) => b && !b.disabled);
  if (button) button.click();
  else announce.textContent = t('no_stage_action');
}

// b: the note of the action that needs one (return, open a correction,
// reopen), as its badge says.
export function returnNote() {
  const box = document.querySelector('#actions form textarea:not(:disabled)');
  if (box) box.focus();
  else announce.textContent = t('no_stage_action');
}

// The signed-off article's HTML, with its disclosure line, on the
// clipboard for the CMS.
const copyButton = document.getElementById('copy-cms');
if (copyButton) {
  copyButton.addEventListener('click', async () => {
    const said = document.getElementById('copy-state');
    try {
      const response = await fetch(`/api/v1/articles/${article}/export?format=html`, { credentials: 'same-origin' });
      if (signedOut(response)) { sessionEnded(); return; }
      if (!response.ok) throw new Error(String(response.status));
      await navigator.clipboard.writeText(await response.text());
      said.textContent = t('copied');
    } catch (error) {
      said.textContent = t('not_copied', { detail: error.message });
    }
  });
}

export function toggleHelp(show) {
  help.hidden = !show;
  if (show) help.querySelector('button').focus();
  else if (state.current) focusRow(state.current, false);
}
help.addEventListener('click', (event) => {
  if (event.target === help || event.target.closest('[data-close]')) toggleHelp(false);
});
