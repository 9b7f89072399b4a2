// A day's work at the review desk, in a real browser against a real
// `galley serve`: the rows that need you one key away, CAT-tool habits,
// history and revert, find and replace, compact density, the newsroom's
// clock and language, figures that follow the work, and a trail people can
// read. Run by .ci/run (`npm test` here); screenshots go to docs/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, repo, rowAt, anyRowAt, segmentOf, waitCurrent, typeInto, signedIn, shoot, api, reviewable, newsArticle } from './harness.js';
import { prepare, preparePlanted, walk, walkPlanted } from './keystrokes.mjs';

const running = suite(before, after);

const currentSegment = (page) => page.evaluate(() => document.querySelector('.row.current')?.dataset.segment);

// Six paragraphs: the second has a wrong figure (an error), the fifth a
// doubled word (a warning); the others are clean.
const SIX = {
  title: 'Port traffic',
  source: [
    '부산항 물동량이 늘었다.',
    '정부는 항만에 3500억 달러를 투자한다.',
    '컨테이너 처리량은 5% 증가했다.',
    '선사들은 운임을 올렸다.',
    '수출 기업들은 부담을 호소했다.',
    '정부는 지원책을 내놓을 계획이다.',
  ].join('\n\n'),
  draft: [
    'Traffic at the port of Busan rose.',
    'The government will invest $35 billion in the port.',
    'Container volume rose 5 percent.',
    'Shipping lines raised their rates.',
    'Exporters said the the costs hurt.',
    'The government plans support measures.',
  ].join('\n\n'),
};

test('filters and n walk only the rows that need you; colours and progress say where the review stands', async () => {
  const id = await reviewable(running.browser, running.server.base, SIX);
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  assert.equal(await page.locator('#rows .row:not(.headline)').count(), 6);
  // Progress counts the headline's row too (reviewed by the harness).
  const words = Number(await page.evaluate(() => Array.from(document.querySelectorAll('#rows .row')).reduce((n, r) => n + Number(r.dataset.words), 0)));
  const headlineWords = Number(await page.locator('#rows .row.headline').getAttribute('data-words'));
  assert.equal(await page.locator('#progress p').textContent(), `1 of 7 rows reviewed · ${headlineWords} of ${words} words`);
  // Colours: not reviewed grey, errors red, reviewed green.
  const edge = (n) => rowAt(page, n).evaluate((row) => getComputedStyle(row).borderLeftColor);
  assert.equal(await rowAt(page, 1).getAttribute('data-status'), 'errors');
  assert.notEqual(await edge(0), await edge(1));
  const todo = await edge(0);
  await rowAt(page, 0).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('r');
  await page.waitForFunction(() => document.querySelector('#rows .row:not(.headline)').dataset.status === 'reviewed');
  assert.notEqual(await edge(0), todo);
  assert.notEqual(await edge(0), await edge(1));
  const first = Number(await rowAt(page, 0).getAttribute('data-words'));
  await page.waitForFunction((w) => document.querySelector('#progress p').textContent.startsWith(`2 of 7 rows reviewed · ${w} of`), first + headlineWords);
  assert.equal(await page.locator('#progress progress').getAttribute('value'), '2');
  // Rows with findings only: f reaches the filter from the keyboard.
  await page.keyboard.press('f');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'filter');
  await page.selectOption('#filter', 'findings');
  const shown = () => page.locator('#rows .row:not(.headline):not(.filtered-out)');
  assert.equal(await shown().count(), 2);
  const flagged = [await segmentOf(rowAt(page, 1)), await segmentOf(rowAt(page, 4))];
  // Marked reviewed, the first row handed the keys to the second, which is
  // flagged; n walks the flagged rows and nothing else, and says when there
  // is no more.
  assert.equal(await currentSegment(page), flagged[0]);
  await page.keyboard.press('n');
  assert.equal(await currentSegment(page), flagged[1]);
  await page.keyboard.press('n');
  assert.equal(await currentSegment(page), flagged[1]);
  assert.equal(await page.locator('#announce').textContent(), 'No row needs you here.');
  await page.keyboard.press('N');
  assert.equal(await currentSegment(page), flagged[0]);
  // j and k keep to the filter too.
  await page.keyboard.press('j');
  assert.equal(await currentSegment(page), flagged[1]);
  // Errors only: one row.
  await page.selectOption('#filter', 'errors');
  assert.equal(await shown().count(), 1);
  // Not reviewed: the first row is left out; n from the top visits them all in order.
  await page.selectOption('#filter', 'todo');
  assert.equal(await shown().count(), 5);
  assert.equal(await rowAt(page, 0).isVisible(), false);
  // The filter is kept for this article while the page is reloaded.
  await page.reload();
  assert.equal(await page.locator('#filter').inputValue(), 'todo');
  assert.equal(await shown().count(), 5);
  await shoot(page, 'filter');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('Ctrl+Enter saves, marks reviewed and moves on; Ctrl+S saves and stays; the header follows', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, confirmed' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  const version = async () => Number(await page.locator('#version').textContent());
  const start = await version();
  const [one, two, three] = [await segmentOf(rowAt(page, 0)), await segmentOf(rowAt(page, 2)), await segmentOf(rowAt(page, 3))];
  // Ctrl+S: saved, not reviewed, still on the row.
  let editor = await typeInto(page, rowAt(page, 0), 'Traffic at the port of Busan grew.');
  await editor.press('Control+s');
  await page.waitForFunction((seg) => document.getElementById(`row-${seg}`).dataset.revision === '1', one);
  assert.equal(await page.locator(`#row-${one}`).getAttribute('data-status'), 'todo');
  await waitCurrent(page, one);
  await page.waitForFunction((v) => Number(document.getElementById('version').textContent) === v, start + 1);
  assert.match(await page.locator(`#row-${one} .foot .rev`).textContent(), /^rev 1 · day\.reviewer/);
  // Ctrl+Enter in the editor: saved, reviewed, on to the next row.
  editor = await typeInto(page, page.locator(`#row-${one}`), 'Traffic at the port of Busan grew again.');
  await editor.press('Control+Enter');
  await page.waitForFunction((seg) => document.getElementById(`row-${seg}`).dataset.status === 'reviewed', one);
  assert.equal(await page.locator(`#row-${one}`).getAttribute('data-revision'), '2');
  assert.equal(await currentSegment(page), await segmentOf(rowAt(page, 1)));
  await page.waitForFunction((v) => Number(document.getElementById('version').textContent) === v, start + 3);
  // Ctrl+Enter on a row, no editor: reviewed as it stands, and on.
  await page.keyboard.press('j');
  await waitCurrent(page, two);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((seg) => document.getElementById(`row-${seg}`).dataset.status === 'reviewed', two);
  await waitCurrent(page, three);
  // Marked by mistake: k back, u takes the mark back, and the keys stay there.
  await page.keyboard.press('k');
  await waitCurrent(page, two);
  await page.keyboard.press('u');
  await page.waitForFunction((seg) => document.getElementById(`row-${seg}`).dataset.status === 'todo', two);
  await waitCurrent(page, two);
  assert.equal(await page.locator(`#row-${two} [data-act=review]`).count(), 1);
  // The stage actions name the version the page has seen: approving later
  // is not refused as stale because of the page's own writes.
  assert.equal(await page.locator('form[data-action=approve] input[name=version]').inputValue(), String(await version()));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a row\'s history shows every revision on the newsroom\'s clock; revert brings one back as a new revision', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, reverted' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  const row = rowAt(page, 3);
  const seg = await segmentOf(row);
  const ai = await row.getAttribute('data-ai');
  for (const text of ['Shipping lines raised freight rates.', 'Shipping lines raised their freight rates sharply.']) {
    const editor = await typeInto(page, page.locator(`#row-${seg}`), text);
    await editor.press('Control+s');
    await page.waitForFunction(([s, t]) => document.getElementById(`row-${s}`).dataset.text === t, [seg, text]);
  }
  await page.keyboard.press('h');
  const history = page.locator(`#row-${seg} .history .revision`);
  await history.first().waitFor();
  assert.equal(await history.count(), 3);
  assert.deepEqual(await history.evaluateAll((items) => items.map((i) => i.dataset.revision)), ['2', '1', '0']);
  for (const when of await page.locator(`#row-${seg} .history time`).allTextContents()) {
    assert.match(when, /^\d{4}-\d\d-\d\d \d\d:\d\d \+09:00$/);
  }
  assert.match(await history.nth(0).textContent(), /current/);
  await history.nth(2).locator('[data-act=revert]').click();
  await page.waitForFunction(([s, t]) => document.getElementById(`row-${s}`)?.dataset.text === t, [seg, ai]);
  assert.equal(await page.locator(`#row-${seg}`).getAttribute('data-revision'), '3');
  await page.locator(`#row-${seg} .history .revision`).first().waitFor();
  assert.equal(await page.locator(`#row-${seg} .history .revision`).count(), 4);
  assert.match(await page.locator(`#row-${seg} .row-notice`).textContent(), /back at the text of revision 0/);
  await shoot(page, 'history');
  await page.goto(`/articles/${id}/trail`);
  assert.match(await page.locator('main.trail').textContent(), /day\.reviewer reverted row 4 to revision 0 \(now revision 3\)/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('find and replace: a preview of every match, then all replaced, but a row changed meanwhile is refused and named', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, replaced' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'find-text');
  await page.keyboard.type('The government');
  await page.fill('#replace-text', 'Seoul');
  await page.keyboard.press('Enter');
  // "The government" is in rows 2 and 6, and "the port" no: add a third by
  // hand so three rows match.
  assert.equal(await page.locator('#find-results li').count(), 2);
  const editor = await typeInto(page, rowAt(page, 3), 'The government said shipping lines raised their rates.');
  await editor.press('Control+s');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)')[3].dataset.revision === '1');
  await page.click('#find-preview');
  assert.equal(await page.locator('#find-summary').textContent(), '3 matches in 3 rows');
  assert.deepEqual(await page.locator('#find-results li strong').allTextContents(), ['Row 2', 'Row 4', 'Row 6']);
  assert.match(await page.locator('#find-results li').first().textContent(), /The government.*Seoul/);
  // Someone else saves row 6 after the preview.
  const other = await signedIn(running.browser, running.server.base, 'second.reviewer');
  await other.page.goto(`/articles/${id}`);
  const sixth = await segmentOf(rowAt(page, 5));
  const saved = await api(other.page, 'PUT', `/api/v1/articles/${id}/segments/${sixth}`, {
    text: 'The government plans support measures for exporters.',
    base_revision: 0,
  });
  assert.equal(saved.status, 200);
  await other.context.close();
  await page.click('#replace-all');
  await page.waitForFunction(() => /^Replaced in 2 rows\./.test(document.getElementById('find-summary').textContent));
  assert.match(await page.locator('#find-summary').textContent(), /Row 6 was not changed: row 6 changed since the preview/);
  assert.equal(await rowAt(page, 1).getAttribute('data-text'), 'Seoul will invest $35 billion in the port.');
  assert.equal(await rowAt(page, 3).getAttribute('data-text'), 'Seoul said shipping lines raised their rates.');
  assert.match(await rowAt(page, 3).locator('.foot .rev').textContent(), /^rev 2 · day\.reviewer/);
  // Row 6 keeps the other reviewer's text; nothing of theirs was replaced.
  const sixthRow = page.locator(`#row-${sixth}`);
  assert.equal(await sixthRow.getAttribute('data-text'), 'The government plans support measures.', 'the page has not reloaded row 6');
  const now = await api(page, 'GET', `/api/v1/articles/${id}`);
  assert.equal(now.body.segments[6].en, 'The government plans support measures for exporters.');
  await shoot(page, 'find-replace');
  await page.goto(`/articles/${id}/trail?kind=edits`);
  const edits = await page.locator('.event .what').allTextContents();
  // Row 4 by hand, then rows 2 and 4 by the replace: three revisions.
  assert.equal(edits.filter((e) => /^day\.reviewer saved revision/.test(e)).length, 3, edits.join('\n'));
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('compact density shows at least 8 rows\' Korean and English on a 1366×768 laptop, and is remembered', async (t) => {
  const news = newsArticle('ntrex:newsweek.51330');
  const id = await reviewable(running.browser, running.server.base, {
    title: 'A twelve-paragraph news story',
    source: news.ko.join('\n\n'),
    draft: news.en.join('\n\n'),
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer', { width: 1366, height: 768 });
  await page.goto(`/articles/${id}`);
  // Rows whose Korean and English are both wholly on screen, once the
  // first row is scrolled up under the sticky toolbar.
  const fullyShown = () => page.evaluate(() => {
    const first = document.querySelector('#rows .row:not(.headline)');
    const toolbar = document.querySelector('.toolbar').getBoundingClientRect();
    // The toolbar sticks to the top once scrolled: the first row goes just under it.
    window.scrollBy(0, first.getBoundingClientRect().top - toolbar.height - 4);
    const top = document.querySelector('.toolbar').getBoundingClientRect().bottom;
    return Array.from(document.querySelectorAll('#rows .row:not(.headline)')).filter((row) => {
      const boxes = [row.querySelector('.ko'), row.querySelector('.en')].map((b) => b.getBoundingClientRect());
      return boxes.every((b) => b.top >= top && b.bottom <= window.innerHeight);
    }).length;
  });
  const comfortable = await fullyShown();
  await page.keyboard.press('d');
  assert.equal(await page.locator('#density').getAttribute('aria-pressed'), 'true');
  const compact = await fullyShown();
  // The figures docs/web.md gives, printed by `npm test`.
  t.diagnostic(`rows fully in view at 1366x768: comfortable ${comfortable}, compact ${compact}`);
  assert.ok(compact >= 8, `compact shows ${compact} rows (comfortable ${comfortable})`);
  assert.ok(compact > comfortable);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  // The row number stays in sight, and j still moves row by row.
  assert.equal(await rowAt(page, 0).locator('.foot .num').isVisible(), true);
  await shoot(page, 'compact');
  await page.reload();
  assert.ok(await page.locator('#review.compact').count() === 1, 'remembered');
  await page.keyboard.press('d');
  assert.equal(await page.locator('#review.compact').count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('t hides the article\'s details above the rows, for the person who hid them: the first screen shows the rows', async (t) => {
  const news = newsArticle('ntrex:newsweek.51330');
  const id = await reviewable(running.browser, running.server.base, {
    title: 'A twelve-paragraph news story, first screen',
    source: news.ko.join('\n\n'),
    draft: news.en.join('\n\n'),
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer', { width: 1366, height: 768 });
  await page.goto(`/articles/${id}`);
  await page.keyboard.press('d');
  // Rows whose Korean and English are both wholly on the first screen,
  // the page not scrolled.
  const firstScreen = () => page.evaluate(() => {
    window.scrollTo(0, 0);
    return Array.from(document.querySelectorAll('#rows .row:not(.headline)')).filter((row) => {
      const boxes = [row.querySelector('.ko'), row.querySelector('.en')].map((b) => b.getBoundingClientRect());
      return boxes.every((b) => b.top >= 0 && b.bottom <= window.innerHeight);
    }).length;
  });
  const shown = await firstScreen();
  assert.equal(await page.locator('#details').getAttribute('aria-expanded'), 'true');
  assert.ok(await page.locator('#summary table').isVisible());
  await page.keyboard.press('t');
  assert.equal(await page.locator('#details').getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#summary table').isVisible(), false);
  // What the stage asks of the reviewer stays: the actions and the progress.
  assert.ok(await page.locator('#actions').isVisible());
  assert.ok(await page.locator('#progress').isVisible());
  const hidden = await firstScreen();
  t.diagnostic(`rows on the first screen at 1366x768, compact: details shown ${shown}, hidden ${hidden}`);
  assert.ok(hidden >= shown + 3, `details hidden: ${hidden} rows, shown: ${shown}`);
  // Remembered for this person after a reload; the button shows them again.
  await page.reload();
  assert.equal(await page.locator('#review.details-hidden').count(), 1, 'remembered');
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('galley:details:')).length), 1);
  await page.locator('#details').click();
  assert.equal(await page.locator('#review.details-hidden').count(), 0);
  assert.ok(await page.locator('#summary table').isVisible());
  // Another person in the same browser sees the details until they hide them.
  await page.evaluate(() => localStorage.setItem(`galley:details:${document.getElementById('review').dataset.me}`, 'hidden'));
  await page.evaluate(() => localStorage.setItem('galley:details:0', 'shown'));
  await page.reload();
  assert.equal(await page.locator('#review.details-hidden').count(), 1, 'the key is the person\'s own');
  assert.deepEqual(page.problems, []);
  await context.close();
});

// Every visible text of the page that is the interface's own: not what
// people wrote (marked lang="en" or translate="no"), not key caps.
function interfaceStrings(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const parent = node.parentElement;
      if (!text || !parent) continue;
      if (parent.closest('[lang=en], [translate=no], kbd, script, style, [hidden], .visually-hidden')) continue;
      if (!parent.checkVisibility()) continue;
      out.push(text);
    }
    for (const field of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (field.closest('[lang=en], [translate=no], [hidden]')) continue;
      for (const name of ['placeholder', 'title', 'aria-label']) {
        // A glossary term's title names its English (the article's words,
        // kept in data-english) after the interface's label.
        const value = (field.getAttribute(name) || '').replace(field.dataset.english || '\u0000', '');
        if (value.trim()) out.push(value.trim());
      }
    }
    return out;
  });
}

// Words of Latin letters that are names of formats and measures, the same
// in a Korean newsroom.
const KEPT = new Set(['TER', 'chrF', 'XLIFF', 'JSON', 'TMX', 'HTML', 'Markdown', 'CMS', 'QA', 'AI', 'Ctrl', 'Enter', 'Esc', 'S', 'N', 'Galley']);
const englishWords = (strings) => strings
  .flatMap((s) => s.match(/[A-Za-z]{2,}/g) || [])
  .filter((w) => !KEPT.has(w));

test('the focused row is never under the toolbar: k back up, a link to a row, and compact j keeps two rows in sight below', async () => {
  const news = newsArticle('ntrex:newsweek.51330');
  const id = await reviewable(running.browser, running.server.base, {
    title: 'Twelve paragraphs, under the toolbar',
    source: news.ko.join('\n\n'),
    draft: news.en.join('\n\n'),
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer', { width: 1366, height: 768 });
  await page.goto(`/articles/${id}`);
  // How far the current row is from the toolbar's bottom edge, and how far
  // the row two below it is from the window's bottom (negative: cut off).
  const place = () => page.evaluate(() => {
    const row = document.querySelector('.row.current');
    const bar = document.querySelector('.toolbar').getBoundingClientRect();
    const rows = Array.from(document.querySelectorAll('#rows .row'));
    const after = rows[rows.indexOf(row) + 2];
    return {
      below: row.getBoundingClientRect().top - bar.bottom,
      room: after ? window.innerHeight - after.getBoundingClientRect().bottom : null,
    };
  });
  await rowAt(page, 0).click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 9; i += 1) await page.keyboard.press('j');
  for (let i = 0; i < 7; i += 1) {
    await page.keyboard.press('k');
    const { below } = await place();
    assert.ok(below >= -1, `k: the row is ${-below}px under the toolbar`);
  }
  // Compact: j keeps the two rows after the current one in view.
  await page.keyboard.press('d');
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press('j');
    const { below, room } = await place();
    assert.ok(below >= -1, `compact j: the row is ${-below}px under the toolbar`);
    if (room !== null) assert.ok(room >= -1, `compact j: the second row below is cut off by ${-room}px`);
  }
  await page.keyboard.press('d');
  // A link to a row (a notification's) lands with the row below the toolbar.
  const seg = await segmentOf(rowAt(page, 8));
  await page.goto(`/articles/${id}?open=threads#row-${seg}`);
  await page.waitForFunction((s) => document.getElementById(`row-${s}`).getBoundingClientRect().top < window.innerHeight, seg);
  const linked = await page.evaluate((s) => document.getElementById(`row-${s}`).getBoundingClientRect().top
    - document.querySelector('.toolbar').getBoundingClientRect().bottom, seg);
  assert.ok(linked >= -1, `the linked row is ${-linked}px under the toolbar`);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('an invented English paragraph goes with x and a reason; the trail says so and why', async () => {
  const id = await reviewable(running.browser, running.server.base, {
    title: 'Exports rise',
    source: '수출이 5% 늘었다.\n\n반도체가 증가를 이끌었다.',
    draft: 'Exports rose 5 percent.\n\nThe president will visit Washington next week to discuss tariffs.\n\nSemiconductors led the rise.',
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  const invented = page.locator('#rows .row', { hasText: 'Washington' });
  const seg = await invented.getAttribute('data-segment');
  await invented.click({ position: { x: 5, y: 5 } });
  await waitCurrent(page, seg);
  await page.keyboard.press('x');
  const reason = invented.locator('form.remove-english input[name=reason]');
  assert.equal(await reason.evaluate((box) => box === document.activeElement), true);
  await page.keyboard.type('The Korean says nothing of a visit.');
  await page.keyboard.press('Enter');
  await page.waitForFunction((s) => !document.getElementById(`row-${s}`), seg);
  assert.equal(await page.locator('#rows .row', { hasText: 'Washington' }).count(), 0);
  assert.match(await page.locator('#announce').textContent(), /removed: its English had no Korean/);
  // A row with Korean offers no such form.
  assert.equal(await rowAt(page, 0).locator('form.remove-english').count(), 0);
  await page.goto(`/articles/${id}/trail`);
  const trail = await page.locator('main.trail').textContent();
  assert.match(trail, /day\.reviewer removed the English of row \d+, which has no Korean \(the AI added it\)/);
  assert.match(trail, /The Korean says nothing of a visit\./);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the keys\' help fits a 1366×768 laptop (it scrolls inside), and a key badge on a primary button can be read', async () => {
  const id = await reviewable(running.browser, running.server.base, { title: 'Help on a laptop', source: '부산항 물동량이 늘었다.', draft: 'Traffic at the port of Busan rose.' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer', { width: 1366, height: 768 });
  await page.goto('/');
  // Every row reviewed: approval is open, its button primary with its badge.
  const read = await api(page, 'GET', `/api/v1/articles/${id}`);
  const row = read.body.segments[1];
  assert.equal((await api(page, 'POST', `/api/v1/articles/${id}/segments/${row.id}/review`, { revision: row.revision })).status, 204);
  await page.goto(`/articles/${id}`);
  await page.keyboard.press('?');
  const dialog = page.locator('#help .dialog');
  await dialog.waitFor();
  const box = await dialog.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 768, `the help runs from ${box.y} to ${box.y + box.height}`);
  const last = dialog.locator('dt').last();
  await last.scrollIntoViewIfNeeded();
  assert.ok(await last.isVisible(), 'the last key can be scrolled to');
  await page.keyboard.press('Escape');
  // A badge's text and its background are not the same colour.
  const colours = await page.evaluate(() => {
    const kbd = document.querySelector('#actions button.primary kbd');
    const style = getComputedStyle(kbd);
    const button = getComputedStyle(kbd.closest('button'));
    const background = style.backgroundColor === 'rgba(0, 0, 0, 0)' ? button.backgroundColor : style.backgroundColor;
    return [style.color, background];
  });
  assert.notEqual(colours[0], colours[1], `badge ${colours[0]} on ${colours[1]}`);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('switching the language keeps the row the keys are on', async () => {
  const news = newsArticle('ntrex:newsweek.51330');
  const id = await reviewable(running.browser, running.server.base, {
    title: 'Switching language mid-review',
    source: news.ko.join('\n\n'),
    draft: news.en.join('\n\n'),
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'switch.reviewer');
  await page.goto(`/articles/${id}`);
  await rowAt(page, 0).click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('j');
  const seg = await currentSegment(page);
  await Promise.all([page.waitForNavigation(), page.click('#language button')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  await waitCurrent(page, seg);
  await Promise.all([page.waitForNavigation(), page.click('#language button')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await waitCurrent(page, seg);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('on a signed-off article b opens the correction\'s note, a says there is nothing to do, and typing the note fires no shortcut', async () => {
  const id = await reviewable(running.browser, running.server.base, { title: 'Signed off, then corrected', source: '부산항 물동량이 늘었다.', draft: 'Traffic at the port of Busan rose.' });
  const reviewer = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await reviewer.page.goto('/');
  let now = await api(reviewer.page, 'GET', `/api/v1/articles/${id}`);
  const row = now.body.segments[1];
  await api(reviewer.page, 'POST', `/api/v1/articles/${id}/segments/${row.id}/review`, { revision: row.revision });
  now = await api(reviewer.page, 'GET', `/api/v1/articles/${id}`);
  assert.equal((await api(reviewer.page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'approve', version: now.body.version })).status, 200);
  await reviewer.context.close();
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.editor');
  await page.goto('/');
  now = await api(page, 'GET', `/api/v1/articles/${id}`);
  assert.equal((await api(page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'sign_off', version: now.body.version })).status, 200);
  await page.goto(`/articles/${id}`);
  await page.keyboard.press('a');
  await page.waitForFunction(() => document.getElementById('announce').classList.contains('shown'));
  assert.ok(await page.locator('#announce').isVisible(), 'said where it is seen');
  await page.keyboard.press('b');
  const note = page.locator('#actions form[data-action=correct] textarea');
  assert.equal(await note.evaluate((box) => box === document.activeElement), true);
  const words = 'd1 2 3 4 j k: the figure was 6.3 trillion won.';
  await page.keyboard.type(words);
  assert.equal(await note.inputValue(), words);
  assert.equal(await page.locator('#review.compact').count(), 0, 'd typed in the note is a letter');
  assert.equal(await page.locator('#review').getAttribute('data-mode'), 'ai', 'digits typed in the note are digits');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the Korean interface: the desk, the review page and the trail have no English words of their own; times are on Seoul\'s clock', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, in Korean' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'korean.reviewer');
  await page.goto('/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await Promise.all([page.waitForNavigation(), page.click('#language button')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  const desk = await interfaceStrings(page);
  assert.deepEqual(englishWords(desk), [], `desk strings: ${JSON.stringify(desk)}`);
  assert.ok(desk.includes('내 차례인 기사'));
  for (const when of await page.locator('.desk time').allTextContents()) {
    assert.match(when, /\+09:00$/);
  }
  await page.goto(`/articles/${id}`);
  // Every key's words and every rule on the page, in Korean.
  await page.keyboard.press('?');
  const review = await interfaceStrings(page);
  assert.deepEqual(englishWords(review), [], `review strings: ${JSON.stringify(review)}`);
  assert.ok(review.includes('원어민 편집으로 승인'));
  // The wrong amount, said in Korean with its figure (the article's own
  // text is quoted apart, marked translate="no").
  assert.ok(review.some((s) => /^한국어의 숫자·날짜\([\d,.]+\)가 영어에 없습니다:$/.test(s)), `a QA finding in Korean: ${JSON.stringify(review)}`);
  await page.keyboard.press('Escape');
  // What the API refuses is said in the page's language too, with its
  // figures: the row with the wrong amount cannot be marked reviewed.
  page.on('dialog', (dialog) => dialog.dismiss());
  await rowAt(page, 1).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('r');
  await page.waitForFunction(() => /이 행에 해결하지 않은 QA 오류가 \d+개 있습니다/.test(document.getElementById('announce').textContent));
  assert.deepEqual(englishWords([await page.locator('#announce').textContent()]), []);
  // The browser logs the refused call; it is the one expected problem.
  assert.deepEqual(page.problems.splice(0), ['Failed to load resource: the server responded with a status of 409 (Conflict)']);
  // The editor's words come from the same place.
  const editor = await typeInto(page, rowAt(page, 0), 'Traffic at the port of Busan grew.');
  const editing = await interfaceStrings(page);
  assert.deepEqual(englishWords(editing), [], `editor strings: ${JSON.stringify(editing)}`);
  await editor.press('Control+Enter');
  await page.waitForFunction(() => document.querySelector('#rows .row:not(.headline)').dataset.status === 'reviewed');
  // Korean wraps between words.
  assert.equal(await page.locator('.rows-head').evaluate((el) => getComputedStyle(el).wordBreak), 'keep-all');
  await shoot(page, 'review-korean');
  await page.goto(`/articles/${id}/trail`);
  const trail = await interfaceStrings(page);
  assert.deepEqual(englishWords(trail), [], `trail strings: ${JSON.stringify(trail)}`);
  assert.match(await page.locator('main.trail').textContent(), /1행의 수정본 1을 저장함/);
  for (const when of await page.locator('.event time').allTextContents()) {
    assert.match(when, /^\d{4}-\d\d-\d\d \d\d:\d\d \+09:00$/);
  }
  // And back to English, kept on the account.
  await Promise.all([page.waitForNavigation(), page.click('#language button')]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('figures follow the work: a conflict names the person\'s own other tab, a save after the stage moved on says so, steps not begun and a signed-off article say what is true', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, two tabs' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  // Before native edit, its step shows dashes.
  const native = page.locator('#summary tbody tr').nth(1);
  assert.match(await native.textContent(), /bilingual review → native edit–––/);
  assert.equal(await native.getAttribute('class'), 'not-begun');
  // The same person in a second tab saves row 3 first.
  const other = await context.newPage();
  await other.goto(`/articles/${id}`);
  const seg = await segmentOf(rowAt(page, 2));
  await typeInto(page, rowAt(page, 2), 'Container volume rose by 5 percent.');
  const second = await typeInto(other, rowAt(other, 2), 'Container volume grew 5 percent.');
  await second.press('Control+s');
  await other.waitForFunction((s) => document.getElementById(`row-${s}`).dataset.revision === '1', seg);
  await page.locator(`#row-${seg} .editor textarea`).press('Control+s');
  const conflict = page.locator(`#row-${seg} .conflict h3`);
  await conflict.waitFor();
  assert.equal(await conflict.textContent(), 'You saved this row in another tab or window first (revision 1).');
  assert.match(await page.locator(`#row-${seg} .foot .rev`).textContent(), /^rev 1 · day\.reviewer/);
  await page.click(`#row-${seg} [data-act=keep-mine]`);
  await page.waitForFunction((s) => document.getElementById(`row-${s}`).dataset.revision === '2', seg);
  await other.close();

  // Meanwhile the review is finished and approved by someone else; a save
  // from this page is refused in plain words, with a way to reload.
  const editor = await typeInto(page, rowAt(page, 3), 'Shipping lines raised freight rates.');
  const dual = await signedIn(running.browser, running.server.base, 'dual.editor');
  await dual.page.goto(`/articles/${id}`);
  let article = (await api(dual.page, 'GET', `/api/v1/articles/${id}`)).body;
  for (const row of article.segments) {
    for (const flag of row.flags.filter((f) => f.blocking)) {
      await api(dual.page, 'POST', `/api/v1/articles/${id}/segments/${row.id}/overrides`, {
        key: flag.key,
        reason: 'Checked with the reporter.',
      });
    }
  }
  article = (await api(dual.page, 'GET', `/api/v1/articles/${id}`)).body;
  for (const row of article.segments) {
    if (!row.reviewed) await api(dual.page, 'POST', `/api/v1/articles/${id}/segments/${row.id}/review`, { revision: row.revision });
  }
  article = (await api(dual.page, 'GET', `/api/v1/articles/${id}`)).body;
  const approved = await api(dual.page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'approve', version: article.version });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  await dual.context.close();
  await editor.press('Control+s');
  const state = page.locator('.row.editing .editor .state');
  await page.waitForFunction(() => /moved on/.test(document.querySelector('.row.editing .editor .state')?.textContent));
  assert.match(await state.textContent(), /the article has moved on since this page was opened \(to edit the English in native edit needs the native editor role\)/);
  assert.doesNotMatch(await state.textContent(), /native_edit|native_editor/);
  const reload = page.locator('.row.editing [data-act=reload]');
  await Promise.all([page.waitForNavigation(), reload.click()]);
  assert.equal(await page.locator('.article-head .stage').textContent(), 'Native edit');
  assert.match(await page.locator("#progress p").textContent(), /^Bilingual review: all 7 rows reviewed; 0 edited since in native edit$/);
  await context.close();

  // The demo's signed-off article: no "of N rows reviewed" left over.
  const editorPage = await signedIn(running.browser, running.server.base, 'demo.editor');
  await editorPage.page.goto('/articles/1');
  assert.equal(await editorPage.page.locator('.article-head .stage').textContent(), 'Signed off');
  assert.match(await editorPage.page.locator('#progress p').textContent(), /^Signed off: \d+ rows, \d+ words$/);
  await editorPage.context.close();
});

test('the trail names rows as people saw them, groups events by stage and round, and filters by person and kind', async () => {
  const id = await reviewable(running.browser, running.server.base, {
    title: 'Rail strike, traced',
    source: '철도 파업이 끝났다.\n\n노사는 임금 인상에 합의했다.\n\n열차 운행은 내일 정상화된다.',
    draft: 'The rail strike is over.\n\nUnions and management agreed on a pay rise.\n\nTrains will run normally tomorrow.',
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  // Merge rows 1 and 2; what was row 3 is row 2 from then on.
  await rowAt(page, 0).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('m');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)').length === 2);
  const editor = await typeInto(page, rowAt(page, 1), 'Trains will run normally from tomorrow.');
  await editor.press('Control+s');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)')[1].dataset.revision === '1');
  // The page refreshes its header and panels after each write; the return
  // is clicked once they have settled (a panel replaced mid-click once
  // swallowed it on a loaded CI machine).
  await page.waitForLoadState('networkidle');
  // Returned to the reporter and submitted again: a second round.
  await page.fill('form[data-action=return] textarea', 'Please check the pay figure.');
  await Promise.all([page.waitForNavigation(), page.click('form[data-action=return] button')]);
  assert.match(await page.locator('#done').textContent(), /^Returned with your note/);
  const reporter = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await reporter.page.goto(`/articles/${id}`);
  await Promise.all([reporter.page.waitForNavigation(), reporter.page.click('form[data-action=submit] button')]);
  await reporter.context.close();

  await page.goto(`/articles/${id}/trail`);
  assert.deepEqual(await page.locator('.round h2').allTextContents(), [
    'Draft · round 1', 'Bilingual review · round 1', 'Draft · round 2',
  ]);
  const text = await page.locator('main.trail').textContent();
  assert.match(text, /day\.reviewer merged row 1 and row 2 into one row/);
  assert.match(text, /day\.reviewer saved revision 1 of row 2/);
  assert.match(text, /day\.reviewer Return with a note: Bilingual review → Draft/);
  assert.doesNotMatch(text, /#\d+|sign_off:|return:/);
  for (const when of await page.locator('.event time').allTextContents()) assert.match(when, /\+09:00$/);
  // By person: only the reviewer's events; by kind: only edits.
  await page.selectOption('select[name=person]', { label: 'day.reviewer' });
  await Promise.all([page.waitForNavigation(), page.click('#trail-filter button')]);
  const actors = await page.locator('.event .what strong').allTextContents();
  assert.ok(actors.length >= 3);
  assert.deepEqual([...new Set(actors)], ['day.reviewer']);
  await page.selectOption('select[name=kind]', 'edits');
  await Promise.all([page.waitForNavigation(), page.click('#trail-filter button')]);
  assert.deepEqual(await page.locator('.event').evaluateAll((es) => es.map((e) => e.dataset.kind)), ['edits']);
  await shoot(page, 'trail-grouped');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the day\'s review by keyboard: 3 merges, 4 splits, 6 fixes, every row reviewed and approved without the mouse', async () => {
  const id = await prepare(running.browser, running.server.base);
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  const count = await walk(page, 'after');
  // Measured with keystrokes.mjs (docs/web.md): 138 keys and 111 typed
  // characters, no clicks. More would be a step back for the reviewer.
  assert.deepEqual({ merges: count.merges, splits: count.splits, fixes: count.fixes }, { merges: 3, splits: 4, fixes: 6 });
  assert.equal(count.clicks, 0);
  assert.ok(count.keys <= 138, `${count.keys} keys`);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the 20-row tariff story with the AI\'s planted errors, reviewed by keyboard: no key spent going back to a row', async (t) => {
  const id = await preparePlanted(running.browser, running.server.base);
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer', { width: 1366, height: 768 });
  await page.goto(`/articles/${id}`);
  const count = await walkPlanted(page);
  // Measured with keystrokes.mjs (docs/web.md): 35 keys here, 0 of them
  // back to a row; the desk before issue 33 took more (docs/web.md).
  t.diagnostic(`planted errors: ${count.keys} keys, ${count.back} back to a row, ${count.typed} characters typed, ${count.rows} rows`);
  assert.equal(count.back, 0);
  assert.ok(count.keys <= 35, `${count.keys} keys`);
  assert.equal(count.rows, 20);
  // The browser logs the one refused mark (the false alarm, overridden
  // after): the one problem expected.
  assert.deepEqual(page.problems, ['Failed to load resource: the server responded with a status of 409 (Conflict)']);
  await context.close();
});

test('a question on a row: asked with c, it holds approval; the editor it names is notified, answers and resolves it', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, questioned' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  // Every row reviewed and the one error overridden: only the question
  // will stand in the way.
  const article = (await api(page, 'GET', `/api/v1/articles/${id}`)).body;
  for (const r of article.segments) {
    for (const flag of r.flags.filter((f) => f.blocking)) {
      await api(page, 'POST', `/api/v1/articles/${id}/segments/${r.id}/overrides`, { key: flag.key, reason: 'Checked.' });
    }
  }
  for (const r of article.segments) {
    await api(page, 'POST', `/api/v1/articles/${id}/segments/${r.id}/review`, { revision: r.revision });
  }
  await page.reload();
  assert.ok(!(await page.locator('form[data-action=approve] button').isDisabled()));
  const row = rowAt(page, 2);
  const seg = await segmentOf(row);
  await row.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('c');
  const box = page.locator(`#row-${seg} .new-thread textarea`);
  await box.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.closest('.new-thread') !== null), true);
  await page.keyboard.type('@demo.editor Is it 5 percent or 5 percentage points?');
  await page.check(`#row-${seg} .new-thread input[name=blocking]`);
  await page.locator(`#row-${seg} .new-thread textarea`).press('Control+Enter');
  await page.locator(`#row-${seg} .thread.blocking`).waitFor();
  assert.match(await page.locator(`#row-${seg} .meta .threads`).textContent(), /Comments 1 · open 1/);
  await waitCurrent(page, seg);
  // Approval now waits for the answer, and says why.
  await page.waitForFunction(() => document.querySelector('form[data-action=approve] .why')?.dataset.rule === 'open_threads');
  assert.match(await page.locator('form[data-action=approve] .why').textContent(), /1 comment thread that needs an answer is open/);
  await shoot(page, 'comments');

  // The editor it names sees the count in the top bar, opens the inbox,
  // and the notification leads to the row with its thread open.
  const other = await signedIn(running.browser, running.server.base, 'demo.editor');
  await other.page.goto('/');
  const before = Number(await other.page.locator('#unread').textContent());
  assert.ok(before >= 1, `unread ${before}`);
  await other.page.click('#inbox-link');
  const notice = other.page.locator('li.notice.unread', { hasText: 'Port traffic, questioned' });
  assert.match((await notice.textContent()).replace(/\s+/g, ' '), /day\.reviewer mentioned you: Port traffic, questioned @demo\.editor Is it 5 percent/);
  await shoot(other.page, 'inbox');
  await notice.locator('button').click();
  await other.page.waitForURL(new RegExp(`/articles/${id}\\?open=threads#row-${seg}$`));
  const theirs = other.page.locator(`#row-${seg}`);
  const reply = theirs.locator('form.reply textarea');
  await reply.waitFor();
  assert.equal(Number(await other.page.locator('#unread').textContent().catch(() => '0')), before - 1);
  // The filter finds the row too.
  await other.page.selectOption('#filter', 'threads');
  assert.equal(await other.page.locator('#rows .row:not(.headline):not(.filtered-out)').count(), 1);
  await reply.fill('Percent: the Korean says 5%.');
  await reply.press('Control+Enter');
  await theirs.locator('.thread .comment').nth(1).waitFor();
  assert.deepEqual(await theirs.locator('.thread .comment .who').allTextContents(), ['day.reviewer', 'demo.editor']);
  await theirs.locator('[data-thread-act=resolve]').click();
  await other.page.locator(`#row-${seg} .thread.resolved`).waitFor();
  await other.context.close();

  // The one who asked is told of the answer.
  await page.goto('/inbox');
  const answered = page.locator('li.notice.unread', { hasText: 'Port traffic, questioned' });
  assert.match(await answered.first().textContent(), /demo\.editor replied in your thread/);

  // Back on the article: answered and resolved, approval is open again.
  await page.goto(`/articles/${id}`);
  assert.match(await page.locator(`#row-${seg} .meta .threads`).textContent(), /^Comments 2$/);
  assert.ok(!(await page.locator('form[data-action=approve] button').isDisabled()));
  await page.goto(`/articles/${id}/trail?kind=comments`);
  const said = await page.locator('.event .what').allTextContents();
  assert.deepEqual(said.map((s) => s.replace(/\s+/g, ' ').trim()), [
    'day.reviewer asked on row 3, needing an answer',
    'demo.editor replied on row 3',
    'demo.editor resolved a thread',
  ]);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a returned article shows its note to the reporter, who replaces the draft in the browser and submits again', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, returned' });
  const reviewer = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await reviewer.page.goto(`/articles/${id}`);
  await reviewer.page.fill('form[data-action=return] textarea', 'The figure in row 2 is off by ten; check the source.');
  await Promise.all([reviewer.page.waitForNavigation(), reviewer.page.click('form[data-action=return] button')]);
  await reviewer.context.close();

  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await page.goto('/');
  const item = page.locator('.waiting li', { hasText: 'Port traffic, returned' });
  assert.match(await item.locator('.returned').textContent(), /^Returned by day\.reviewer on \d{4}-\d\d-\d\d \d\d:\d\d \+09:00: “?The figure in row 2 is off by ten; check the source\./);
  await item.locator('a').click();
  await page.waitForURL(new RegExp(`/articles/${id}$`));
  assert.match(await page.locator('#returned').textContent(), /Returned by day\.reviewer on .*\+09:00:\s*“?The figure in row 2 is off by ten/);
  // The form starts from the article as it is; the reporter fixes the draft.
  await page.click('#replace summary');
  const draft = page.locator('#replace textarea[name=draft]');
  assert.match(await draft.inputValue(), /\$35 billion/);
  await draft.fill((await draft.inputValue()).replace('$35 billion', '$350 billion'));
  await Promise.all([page.waitForNavigation(), page.click('#replace button[type=submit]')]);
  assert.match(await page.locator('#done').textContent(), /^Replaced: the Korean and the draft are aligned again\./);
  assert.equal(await rowAt(page, 1).getAttribute('data-text'), 'The government will invest $350 billion in the port.');
  assert.equal(await rowAt(page, 1).locator('.finding.error').count(), 0, 'the fixed figure has no finding');
  await Promise.all([page.waitForNavigation(), page.click('form[data-action=submit] button')]);
  assert.equal(await page.locator('#returned').count(), 0, 'the return is behind it');
  await page.goto(`/articles/${id}/trail?kind=stage`);
  const said = (await page.locator('.event .what').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
  assert.deepEqual(said, [
    'demo.reporter submitted the Korean source and the AI draft',
    'demo.reporter Submit for bilingual review: Draft → Bilingual review',
    'day.reviewer Return with a note: Bilingual review → Draft',
    'demo.reporter replaced the Korean source and the AI draft',
    'demo.reporter Submit for bilingual review: Draft → Bilingual review',
  ]);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the desk says whose turn it is: assigned to me, nobody assigned, overdue, with progress', async () => {
  const id = await reviewable(running.browser, running.server.base, { ...SIX, title: 'Port traffic, assigned' });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto('/');
  assert.ok(await page.locator('#unassigned li', { hasText: 'Port traffic, assigned' }).count() === 1, 'unassigned at first');
  // On the article page, who works a stage assigns it, with a due time on
  // the newsroom's clock; a stage one does not work shows no form.
  await page.goto(`/articles/${id}`);
  const review = page.locator('#assignments li[data-stage=bilingual_review]');
  assert.match(await review.locator('.assignee').textContent(), /Nobody/);
  assert.equal(await page.locator('#assignments li[data-stage=native_edit] form').count(), 0);
  await review.locator('select[name=assignee]').selectOption({ label: 'day.reviewer' });
  await review.locator('input[name=due]').fill('2020-01-01T09:00');
  await review.locator('button[type=submit]').click();
  await page.waitForURL(/#assignments$/);
  assert.match((await page.locator('#assignments li[data-stage=bilingual_review]').textContent()).replace(/\s+/g, ' '), /day\.reviewer · due 2020-01-01 09:00 \+09:00/);
  const article = (await api(page, 'GET', `/api/v1/articles/${id}`)).body;
  assert.deepEqual(article.assignments.map((a) => [a.stage, a.due]), [['bilingual_review', '2020-01-01T00:00:00Z']]);
  await page.goto('/');
  const mine = page.locator('#mine li', { hasText: 'Port traffic, assigned' });
  assert.equal(await mine.count(), 1);
  assert.match(await mine.textContent(), /1\/7 rows reviewed · assigned to day\.reviewer · due 2020-01-01 09:00 \+09:00/);
  assert.equal(await page.locator('#overdue li', { hasText: 'Port traffic, assigned' }).count(), 1);
  assert.equal(await page.locator('#unassigned li', { hasText: 'Port traffic, assigned' }).count(), 0);
  await shoot(page, 'desk');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the Korean changes during review: the reviewer filters to "Korean changed", reads the Korean diff, fixes the English and marks the row reviewed', async () => {
  const korean = [
    '부산항 물동량이 늘었다.',
    '선사들은 운임을 올렸다.',
    '수출 기업들은 부담을 호소했다.',
    '정부는 지원책을 내놓을 계획이다.',
  ];
  const english = [
    'Traffic at the port of Busan rose.',
    'Shipping lines raised their rates.',
    'Exporters said the costs hurt.',
    'The government plans support measures.',
  ];
  const id = await reviewable(running.browser, running.server.base, {
    title: 'Port traffic, revised', source: korean.join('\n\n'), draft: english.join('\n\n'),
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'day.reviewer');
  await page.goto(`/articles/${id}`);
  const first = (await api(page, 'GET', `/api/v1/articles/${id}`)).body;
  for (const r of first.segments) {
    await api(page, 'POST', `/api/v1/articles/${id}/segments/${r.id}/review`, { revision: r.revision });
  }
  // The Korean desk changes the third paragraph; the reporter sends it.
  const reporter = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await reporter.page.goto('/');
  const revised = [...korean];
  revised[2] = '수출 기업들은 물류비 부담을 호소했다.';
  const sent = await api(reporter.page, 'POST', `/api/v1/articles/${id}/source`, {
    source: revised.join('\n\n'), base_source_version: 1,
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  await reporter.context.close();

  await page.reload();
  assert.match(await page.locator('#source-versions').textContent(), /version 1 · version 2 \(current\)/);
  // Approval waits for the changed row, and says why.
  assert.equal(await page.locator('form[data-action=approve] .why').getAttribute('data-rule'), 'source_changed');
  await page.selectOption('#filter', 'source');
  const shown = page.locator('#rows .row:not(.headline):not(.filtered-out)');
  assert.equal(await shown.count(), 1);
  const row = shown.first();
  const seg = await segmentOf(row);
  assert.equal(seg, String(first.segments[3].id));
  assert.match(await row.locator('.flag-source').textContent(), /Korean changed/);
  // The Korean word diff, old → new, above the English.
  assert.match(await row.locator('.ko-diff ins').first().textContent(), /물류비/);
  assert.equal(await row.getAttribute('data-status'), 'todo');
  await shoot(page, 'source-changed');
  const editor = await typeInto(page, row, 'Exporters said logistics costs hurt.');
  await editor.press('Control+Enter');
  await page.waitForFunction((s) => document.querySelector(`#row-${s}`)?.dataset.status === 'reviewed', seg);
  const done = page.locator(`#row-${seg}`);
  assert.equal(await done.locator('.flag-source').count(), 0);
  assert.equal(await done.locator('.ko-diff').count(), 0);
  const after = (await api(page, 'GET', `/api/v1/articles/${id}`)).body;
  assert.equal(after.source_changed_rows, 0);
  assert.equal(after.segments[3].en, 'Exporters said logistics costs hurt.');
  assert.equal(after.segments[3].reviewed, true);
  await page.waitForFunction(() => !document.querySelector('form[data-action=approve] button')?.disabled);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a glossary of 500 entries imported as CSV marks its terms; the misspelled name it finds goes when fixed', async () => {
  // The native editor imports the glossary: 499 agencies and the name.
  const editor = await signedIn(running.browser, running.server.base, 'demo.editor');
  await editor.page.goto('/');
  let csv = 'korean,english,forbidden,kind,note\n';
  for (let i = 0; i < 499; i++) csv += `기관${String(i).padStart(3, '0')}청,Agency ${i},,organization,\n`;
  csv += '박재근,Park Jae-geun,Park Jae-kyun,person,the paper\'s spelling\n';
  const imported = await editor.page.evaluate(async (body) => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch('/api/v1/glossary/import', {
      method: 'POST', headers: { 'content-type': 'text/csv', 'x-csrf-token': csrf }, body,
    });
    return { status: response.status, body: await response.json() };
  }, csv);
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.equal(imported.body.added, 500);
  await editor.context.close();
  const id = await reviewable(running.browser, running.server.base, {
    title: 'Chip exports',
    source: '박재근 한양대 교수는 반도체 수출이 늘었다고 말했다.\n\n김민준 대표는 시장이 안도했다고 말했다.',
    draft: 'Hanyang University professor Park Jae-kyun said chip exports rose.\n\nCEO Kim Min-jun said markets were relieved.',
  });
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto(`/articles/${id}`);
  // The term is marked; the keyboard reaches it and shows its English.
  const mark = rowAt(page, 0).locator('.ko mark.term');
  assert.equal(await mark.textContent(), '박재근');
  await mark.focus();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '박재근');
  const shown = await mark.evaluate((m) => getComputedStyle(m, '::after').content);
  assert.equal(shown, '"Park Jae-geun"');
  // The name the glossary does not have is romanized under its Korean, a
  // suggestion with a way to the glossary; the known one is not.
  assert.equal(await rowAt(page, 0).locator('.ko p.romanize').count(), 0);
  const suggestion = rowAt(page, 1).locator('.ko p.romanize');
  assert.match(await suggestion.textContent(), /김민준\s+Kim Min-jun · RR Gim Min-jun · MR Kim Min-jun/);
  await shoot(page, 'glossary-term');
  // The misspelling is an error under the row, and blocks it.
  assert.equal(await rowAt(page, 0).getAttribute('data-errors'), '1');
  assert.match(await rowAt(page, 0).locator('.findings').textContent(), /“Park Jae-kyun” is not used for 박재근/);
  // Fixed in the editor, the finding goes.
  const seg = await segmentOf(rowAt(page, 0));
  const typed = await typeInto(page, rowAt(page, 0), 'Hanyang University professor Park Jae-geun said chip exports rose.');
  await typed.press('Control+s');
  await page.waitForFunction((s) => document.getElementById(`row-${s}`).dataset.revision === '1', seg);
  await page.waitForFunction((s) => document.getElementById(`row-${s}`).dataset.errors === '0', seg);
  assert.equal(await page.locator(`#row-${seg} .findings`).count(), 0);
  // The approved English is now marked in the English, in the diff against
  // the AI as it shows (inside the insertion), with its Korean on focus.
  const english = page.locator(`#row-${seg} .en .view:visible mark.term`);
  assert.equal((await english.allTextContents()).join(''), 'Park Jae-geun');
  assert.ok(await page.locator(`#row-${seg} .en .view:visible ins mark.term`).count() >= 1, 'marked inside the insertion');
  await english.first().focus();
  const korean = await english.first().evaluate((m) => getComputedStyle(m, '::after').content);
  assert.equal(korean, '"박재근"');
  await shoot(page, 'glossary-term-english');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a name the desk corrected the same way in three signed-off articles is proposed on the glossary page, and accepted', async () => {
  const reviewer = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  const editor = await signedIn(running.browser, running.server.base, 'demo.editor');
  await reviewer.page.goto('/');
  await editor.page.goto('/');
  const sentences = [
    ['이영희 대표는 투자를 늘리겠다고 말했다.', 'CEO Lee Yeong-hui said the company would invest more.'],
    ['이영희 대표의 계획은 내년에 시작된다.', 'The plan of Lee Yeong-hui starts next year.'],
    ['이영희 대표에 따르면 공장은 완공됐다.', 'According to Lee Yeong-hui, the plant is finished.'],
  ];
  for (const [korean, ai] of sentences) {
    const id = await reviewable(running.browser, running.server.base, {
      title: 'A name fixed', source: korean, draft: ai,
    });
    const read = await api(reviewer.page, 'GET', `/api/v1/articles/${id}`);
    const row = read.body.segments[1];
    const saved = await api(reviewer.page, 'PUT', `/api/v1/articles/${id}/segments/${row.id}`, {
      text: ai.replace('Lee Yeong-hui', 'Lee Young-hee'), base_revision: row.revision,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    await api(reviewer.page, 'POST', `/api/v1/articles/${id}/segments/${row.id}/review`, { revision: saved.body.revision });
    let now = await api(reviewer.page, 'GET', `/api/v1/articles/${id}`);
    const approved = await api(reviewer.page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'approve', version: now.body.version });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    now = await api(editor.page, 'GET', `/api/v1/articles/${id}`);
    const signed = await api(editor.page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'sign_off', version: now.body.version });
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
  }
  await reviewer.context.close();
  const { page } = editor;
  await page.goto('/glossary');
  const proposal = page.locator('.proposals li', { hasText: '이영희' });
  assert.match(await proposal.textContent(), /이영희\s*→\s*Lee Young-hee/);
  assert.match(await proposal.locator('.evidence').textContent(), /Lee Yeong-hui ×3; 3 signed-off articles/);
  await proposal.locator('select[name=kind]').selectOption('person');
  await Promise.all([page.waitForNavigation(), proposal.locator('button[value=accept]').click()]);
  assert.match(page.url(), /done=accepted/);
  await page.fill('#glossary-q', '이영희');
  await Promise.all([page.waitForNavigation(), page.press('#glossary-q', 'Enter')]);
  const entry = page.locator('table.terms tbody tr');
  assert.equal(await entry.count(), 1);
  assert.equal(await entry.locator('input[name=english]').inputValue(), 'Lee Young-hee');
  assert.equal(await entry.locator('select[name=kind]').inputValue(), 'person');
  assert.equal(await page.locator('.proposals li', { hasText: '이영희' }).count(), 0);
  assert.deepEqual(page.problems, []);
  await editor.context.close();
});

// The interface's English, as the server has it: every string literal of
// its English texts (i18n.rs and i18n/wrong.rs) without Hangul, cut at its
// {placeholders}, the pieces of two words or more. None may show on a
// page in Korean.
const ENGLISH_TEXTS = (() => {
  const pieces = new Set();
  for (const file of ['i18n.rs', 'i18n/wrong.rs']) {
    const source = readFileSync(path.join(repo, 'crates', 'galley-server', 'src', file), 'utf8');
    for (const [, literal] of source.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) {
      if (/[\uac00-\ud7a3]/.test(literal)) continue;
      for (const piece of literal.split(/\{[^}]*\}/)) {
        const words = piece.match(/[A-Za-z][A-Za-z'’-]+/g) || [];
        if (words.length >= 2 && piece.trim().length >= 8) pieces.add(piece.trim());
      }
    }
  }
  return [...pieces];
})();

// The English of the interface on a page in Korean: any English word of
// its own, and any piece of the English texts.
async function englishOn(page) {
  const strings = await interfaceStrings(page);
  const found = englishWords(strings).filter((w) => !['RR', 'MR'].includes(w));
  for (const text of strings) {
    for (const piece of ENGLISH_TEXTS) if (text.includes(piece)) found.push(`${piece} (in “${text}”)`);
  }
  return found;
}

async function inKorean(name) {
  const person = await signedIn(running.browser, running.server.base, name, { width: 1366, height: 768 });
  await person.page.goto('/');
  await Promise.all([person.page.waitForNavigation(), person.page.click('#language button')]);
  assert.equal(await person.page.locator('html').getAttribute('lang'), 'ko');
  person.pages = 0;
  person.check = async (where) => {
    assert.ok(ENGLISH_TEXTS.length > 500, `the English texts read: ${ENGLISH_TEXTS.length}`);
    assert.deepEqual(await englishOn(person.page), [], `${name} at ${where}`);
    person.pages += 1;
  };
  return person;
}

test('a whole day in the Korean interface: submitted in the form, an invented paragraph removed, a name fixed from the hint, signed off, audited; no English of the interface on any page', async (t) => {
  // The reporter submits in the browser's form.
  const reporter = await inKorean('ko.reporter');
  await reporter.check('the desk');
  await reporter.page.goto('/articles/new');
  await reporter.check('the new article form');
  const form = reporter.page.locator('form.submit-form');
  await form.locator('input[name=source_title]').fill('한미 관세 협상 타결');
  await form.locator('input[name=title]').fill('Korea-US tariff talks settled');
  await form.locator('textarea[name=source]').fill([
    '정부는 한미 관세 협상이 타결됐다고 3일 밝혔다.',
    '윤서진 한국개발연구원 연구위원은 \u201c수출 기업의 부담이 줄었다\u201d고 말했다.',
    '자동차 관세는 15%로 정해졌다.',
  ].join('\n\n'));
  await form.locator('textarea[name=draft]').fill([
    'The government said on the 3rd that the Korea-US tariff talks were settled.',
    '\u201cThe burden on exporters has eased,\u201d said Yoon Seo-jeen, a research fellow at the Korea Development Institute.',
    'The president will visit Washington next week to sign the deal.',
    'The tariff on cars was set at 15 percent.',
  ].join('\n\n'));
  await form.locator('input[name=tool]').fill('ChatGPT');
  await form.locator('input[name=model]').fill('gpt-4o');
  await Promise.all([reporter.page.waitForNavigation(), form.locator('button[type=submit]').click()]);
  const id = Number(new URL(reporter.page.url()).pathname.split('/')[2]);
  assert.ok(id > 0, reporter.page.url());
  await reporter.check('the new draft');
  await Promise.all([reporter.page.waitForNavigation(), reporter.page.click('form[data-action=submit] button')]);
  await reporter.check('the submitted article');
  await reporter.context.close();

  // The bilingual reviewer removes the invented paragraph and fixes the
  // name the hint spells.
  const reviewer = await inKorean('ko.reviewer');
  await reviewer.check('the desk');
  await reviewer.page.goto(`/articles/${id}`);
  await reviewer.page.keyboard.press('?');
  await reviewer.check('the review page with the keys');
  await reviewer.page.keyboard.press('Escape');
  const page = reviewer.page;
  const invented = page.locator('#rows .row', { hasText: 'Washington' });
  const seg = await invented.getAttribute('data-segment');
  await invented.click({ position: { x: 5, y: 5 } });
  await waitCurrent(page, seg);
  await page.keyboard.press('x');
  await page.keyboard.type('한국어 원문에 없는 문장입니다.');
  await page.keyboard.press('Enter');
  await page.waitForFunction((s) => !document.getElementById(`row-${s}`), seg);
  await reviewer.check('the invented paragraph removed');
  const named = page.locator('#rows .row', { hasText: 'Seo-jeen' });
  assert.equal(await named.locator('.finding[data-check=name_romanization]').count(), 1, 'the name is warned');
  assert.equal(await named.locator('.romanize .usual').textContent(), 'Yoon Seo-jin');
  const box = await typeInto(page, named, '\u201cThe burden on exporters has eased,\u201d said Yoon Seo-jin, a research fellow at the Korea Development Institute.');
  await box.press('Control+Enter');
  await page.waitForFunction(() => !document.querySelector('#rows .row.editing'));
  await reviewer.check('the name fixed');
  const rows = await page.locator('#rows .row').count();
  for (let n = 0; n < rows; n += 1) {
    const row = anyRowAt(page, n);
    if ((await row.getAttribute('data-status')) === 'reviewed') continue;
    await row.click({ position: { x: 5, y: 5 } });
    await waitCurrent(page, await segmentOf(row));
    await page.keyboard.press('r');
    await page.waitForFunction((s) => document.getElementById(`row-${s}`)?.dataset.status === 'reviewed', await segmentOf(row));
  }
  await page.waitForFunction(() => !document.querySelector('form[data-action=approve] button').disabled);
  await page.click('form[data-action=approve] button');
  await reviewer.check('the approval asked');
  await Promise.all([page.waitForNavigation(), page.click('#confirm [data-answer=yes]')]);
  await reviewer.check('the article approved');
  await reviewer.context.close();

  // The native editor signs off.
  const editor = await inKorean('ko.editor');
  await editor.page.goto(`/articles/${id}`);
  await editor.check('native edit');
  await editor.page.waitForFunction(() => !document.querySelector('form[data-action=sign_off] button').disabled);
  await editor.page.click('form[data-action=sign_off] button');
  await Promise.all([editor.page.waitForNavigation(), editor.page.click('#confirm [data-answer=yes]')]);
  await editor.check('the signed-off article');
  await editor.context.close();

  // The auditor reads the article, its trail and the inbox; writes nothing.
  const auditor = await inKorean('ko.auditor');
  await auditor.check('the desk');
  await auditor.page.goto(`/articles/${id}`);
  await auditor.check('the signed-off article');
  assert.equal(await auditor.page.locator('form[data-action] button:not([disabled])').count(), 0, 'nothing to do');
  await auditor.page.goto(`/articles/${id}/trail`);
  await auditor.check('the trail');
  const trail = await auditor.page.locator('main.trail').textContent();
  assert.ok(trail.includes('한국어 원문에 없는 문장입니다.'), 'the removal\'s reason is in the trail');
  assert.match(await auditor.page.locator('#verdict').textContent(), /\d+/);
  await auditor.page.goto('/inbox');
  await auditor.check('the inbox');
  // The check sees the interface's English when it is there: a sentence of
  // it put on the page is found.
  await auditor.page.evaluate(() => {
    const said = document.createElement('p');
    said.textContent = '이 기사: Nothing waits for your roles';
    document.querySelector('main').append(said);
  });
  assert.ok((await englishOn(auditor.page)).some((found) => found.startsWith('Nothing waits for your roles (in')));
  t.diagnostic(`pages checked in Korean: ${reporter.pages + reviewer.pages + editor.pages + auditor.pages}, against ${ENGLISH_TEXTS.length} pieces of the English texts`);
  for (const person of [reporter, reviewer, editor, auditor]) assert.deepEqual(person.page.problems, []);
  await auditor.context.close();
});

test('every stage of the desk pages on: the newest 50 drafts, then older ones after the last shown, none twice', async () => {
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await page.goto('/');
  for (let n = 0; n < 52; n += 1) {
    const created = await api(page, 'POST', '/api/v1/articles', {
      ai: { tool: 'ChatGPT', model: 'gpt-4o-2024-08-06' },
      title: `Paged draft ${n}`,
      source: '부산항 물동량이 늘었다.',
      draft: 'Traffic at the port of Busan rose.',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  await page.goto('/');
  const drafts = page.locator('section.stage-group[data-stage=draft]');
  const ids = async () => (await drafts.locator('li .muted').allTextContents()).map((t) => Number(/#(\d+)/.exec(t)[1]));
  const first = await ids();
  assert.equal(first.length, 50);
  assert.deepEqual(first, [...first].sort((a, b) => b - a), 'newest first');
  assert.equal(await drafts.locator('li > a').first().textContent(), 'Paged draft 51');
  await drafts.locator('a[rel=next]').click();
  await page.waitForURL(new RegExp(`/\\?stage=draft&after=${first[49]}$`));
  // Only that stage, a page at a time, with the way back.
  assert.equal(await page.locator('section.stage-group').count(), 1);
  assert.equal(await page.locator('section.waiting').count(), 0);
  assert.equal(await page.locator('.whole-desk a').getAttribute('href'), '/');
  const second = await ids();
  assert.ok(second.length >= 2, `${second.length} older drafts`);
  assert.ok(second.every((id) => id < first[49]), 'older than the page before, none twice');
  const titles = () => drafts.locator('li > a').allTextContents();
  assert.deepEqual((await titles()).slice(0, 2), ['Paged draft 1', 'Paged draft 0']);
  assert.deepEqual(page.problems, []);
  await context.close();
});
