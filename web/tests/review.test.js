// The review desk in a real browser against a real `galley serve`.
// Run by .ci/run (`npm test` here); screenshots go to docs/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suite, rowAt, anyRowAt, segmentOf, waitCurrent, typeInto, signedIn, shoot, api, reviewHeadline, PASSWORD } from './harness.js';

const running = suite(before, after);

test('a signed-out visitor is sent to sign in; a wrong password is refused', async () => {
  const context = await running.browser.newContext({ baseURL: running.server.base });
  const page = await context.newPage();
  await page.goto('/articles/2');
  assert.match(page.url(), /\/login\?next=\/articles\/2$/);
  await page.fill('input[name=name]', 'demo.reviewer');
  await page.fill('input[name=password]', 'not-the-password');
  await page.click('button[type=submit]');
  assert.equal(await page.locator('.banner.error').textContent(), 'Wrong user name or password.');
  await page.fill('input[name=password]', 'galley-demo');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  // Back where the visitor was going.
  assert.match(page.url(), /\/articles\/2$/);
  const cookie = (await context.cookies()).find((c) => c.name === 'galley_session');
  assert.ok(cookie.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(cookie.sameSite, 'Strict');
  await context.close();
});

test('the desk groups articles by stage, lists what waits for me, and searches titles', async () => {
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto('/');
  const waiting = page.locator('.waiting li');
  assert.equal(await waiting.count(), 1);
  assert.match(await waiting.first().textContent(), /Seoul subway base fare/);
  assert.match(await page.locator('[data-stage=signed_off]').textContent(), /Bank of Korea holds key rate/);
  await shoot(page, 'desk');
  await page.fill('input[name=q]', 'BANK of korea');
  await page.press('input[name=q]', 'Enter');
  await page.waitForURL(/q=BANK/);
  assert.equal(await page.locator('.stage-group li').count(), 1);
  assert.equal(await page.locator('.waiting li').count(), 0);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('edit a row, see the diff, save with Ctrl+Enter, land on the next row, reload and see it', async () => {
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto('/articles/2');
  const row = anyRowAt(page, 1);
  const segment = await segmentOf(row);
  const next = await segmentOf(anyRowAt(page, 2));
  const before = await row.getAttribute('data-text');
  const edited = before.replace('basic subway fare', 'base subway fare');
  assert.notEqual(edited, before);
  const editor = await typeInto(page, row, edited);
  // The live diff marks the change against the AI draft, inside the word.
  await page.waitForFunction(
    (seg) => document.querySelector(`#row-${seg} .editor .live ins`)?.textContent.includes('base'),
    segment,
  );
  assert.match(await row.locator('.editor .live del').first().textContent(), /basic/);
  await editor.press('Control+Enter');
  await waitCurrent(page, next);
  const saved = page.locator(`#row-${segment}`);
  assert.equal(await saved.getAttribute('data-revision'), '1');
  assert.match(await saved.locator('.view[data-view=ai] ins').first().textContent(), /base/);
  assert.match(await saved.locator('.view[data-view=ai] del').first().textContent(), /basic/);
  assert.equal(await saved.locator('.view[data-view=ai] ins mark').count() > 0, true, 'character emphasis');
  await page.reload();
  const again = page.locator(`#row-${segment}`);
  assert.equal(await again.getAttribute('data-text'), edited);
  assert.equal(await again.locator('.editor textarea').count(), 0);
  assert.match(await again.locator('.foot .rev').textContent(), /rev 1 · demo\.reviewer/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('unsaved text survives a reload and Esc keeps it until it is saved', async () => {
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto('/articles/2');
  const row = anyRowAt(page, 2);
  const segment = await segmentOf(row);
  const text = `${await row.getAttribute('data-text')} It is the steepest rise since 2015.`;
  await typeInto(page, row, text);
  await page.reload();
  const restored = page.locator(`#row-${segment}`);
  await restored.locator('.editor textarea').waitFor();
  assert.equal(await restored.locator('.editor textarea').inputValue(), text);
  assert.match(await restored.locator('.editor .notice').textContent(), /restored/);
  await restored.locator('.editor textarea').press('Escape');
  assert.match(await restored.locator('.draft-badge').textContent(), /Unsaved draft/);
  await page.reload();
  // Still there after a second reload; saving clears it.
  await restored.locator('.editor textarea').waitFor();
  await restored.locator('.editor textarea').press('Control+Enter');
  await page.waitForFunction((seg) => document.querySelector(`#row-${seg}`)?.dataset.revision === '1', segment);
  await page.reload();
  assert.equal(await page.locator(`#row-${segment} .editor textarea`).count(), 0);
  assert.equal(await page.locator(`#row-${segment}`).getAttribute('data-text'), text);
  await context.close();
});

test('a conflict with a second browser is resolved without losing either text', async () => {
  const a = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  const b = await signedIn(running.browser, running.server.base, 'second.reviewer');
  await a.page.goto('/articles/2');
  await b.page.goto('/articles/2');
  const rowA = anyRowAt(a.page, 3);
  const segment = await segmentOf(rowA);
  const original = await rowA.getAttribute('data-text');
  const mine = original.replace('will be frozen', 'will stay the same');
  const theirs = original.replace('free rides', 'free travel');

  // A starts editing; B saves first.
  const editorA = await typeInto(a.page, rowA, mine);
  const editorB = await typeInto(b.page, anyRowAt(b.page, 3), theirs);
  await editorB.press('Control+Enter');
  await b.page.waitForFunction((seg) => document.querySelector(`#row-${seg}`)?.dataset.revision === '1', segment);

  // A's save meets B's: A sees B's text and how they differ.
  await editorA.press('Control+Enter');
  const panel = rowA.locator('.conflict');
  await panel.waitFor();
  assert.equal(await panel.locator('.theirs').textContent(), theirs);
  await a.page.waitForFunction((seg) => document.querySelector(`#row-${seg} .conflict .between ins`), segment);
  assert.match(await panel.locator('.between').textContent(), /stay the same/);
  assert.equal(await editorA.inputValue(), mine, 'my text is still in the editor');
  await shoot(a.page, 'conflict');

  await panel.locator('[data-act=keep-mine]').click();
  await a.page.waitForFunction((seg) => document.querySelector(`#row-${seg}`)?.dataset.revision === '2', segment);
  const saved = a.page.locator(`#row-${segment}`);
  assert.equal(await saved.getAttribute('data-text'), mine);
  // Their text is revision 1, and "last save → now" shows what replaced it.
  await a.page.keyboard.press('3');
  assert.match(await saved.locator('.view[data-view=last] del').first().textContent(), /travel|frozen/);
  // Both saves are in the trail, each with its change.
  await a.page.goto('/articles/2/trail');
  const saves = a.page.locator('.event', { hasText: 'of row 3' });
  assert.equal(await saves.count(), 2, (await saves.allTextContents()).join(' / '));
  assert.match(await saves.nth(0).textContent(), /demo\.reviewer|second\.reviewer/);
  assert.match(await saves.nth(0).locator('details ins').first().textContent(), /travel/);
  assert.match(await saves.nth(1).locator('details ins').first().textContent(), /stay the same/);
  await a.page.goto('/articles/2');

  // Second round: B saves again, A merges both by hand.
  const merged = original.replace('will be frozen', 'will stay the same').replace('free rides', 'free travel');
  await b.page.reload();
  const editorB2 = await typeInto(b.page, anyRowAt(b.page, 3), theirs);
  await editorB2.press('Control+Enter');
  await b.page.waitForFunction((seg) => document.querySelector(`#row-${seg}`)?.dataset.revision === '3', segment);
  const editorA2 = await typeInto(a.page, a.page.locator(`#row-${segment}`), `${mine} (draft)`);
  await editorA2.press('Control+Enter');
  const panel2 = a.page.locator(`#row-${segment} .conflict`);
  await panel2.waitFor();
  await panel2.locator('[data-act=merge-edit]').click();
  await editorA2.fill(merged);
  await editorA2.press('Control+Enter');
  await a.page.waitForFunction((seg) => document.querySelector(`#row-${seg}`)?.dataset.revision === '4', segment);
  assert.equal(await a.page.locator(`#row-${segment}`).getAttribute('data-text'), merged);
  await a.context.close();
  await b.context.close();
});

test('the stage walk to sign-off, with the blocking rule shown before the click', async () => {
  const reporter = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await reporter.page.goto('/');
  const created = await api(reporter.page, 'POST', '/api/v1/articles', {
    title: 'Exports rise for a third month',
    source: '수출이 석 달 연속 증가했다.\n\n반도체 수출은 20% 늘었다.\n\n정부는 하반기에도 증가세가 이어질 것으로 내다봤다.',
    draft: 'Exports rose for a third straight month.\n\nChip exports grew 20 percent.\n\nThe government expects the growth to continue in the second half.',
    ai: { tool: 'ChatGPT', model: 'gpt-4o-2024-08-06' },
  });
  assert.equal(created.status, 201);
  const id = created.body.id;
  await reporter.page.goto(`/articles/${id}`);
  await Promise.all([
    reporter.page.waitForNavigation(),
    reporter.page.click('form[data-action=submit] button'),
  ]);
  assert.equal(await reporter.page.locator('.article-head .stage').textContent(), 'Bilingual review');
  await reporter.context.close();

  // The dual-role editor reviews every row by keyboard and approves.
  const dual = await signedIn(running.browser, running.server.base, 'dual.editor');
  await dual.page.goto(`/articles/${id}`);
  const approve = dual.page.locator('form[data-action=approve]');
  assert.ok(await approve.locator('button').isDisabled());
  assert.equal(await approve.locator('.why').getAttribute('data-rule'), 'rows_not_reviewed');
  // The headline first (a row like the others), then the body.
  const rows = await dual.page.locator('#rows .row').count();
  await dual.page.locator('#rows .row.headline').click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < rows; i += 1) {
    await dual.page.keyboard.press('r');
    await dual.page.waitForFunction((n) => document.querySelectorAll('#rows .row.reviewed').length === n, i + 1);
  }
  await dual.page.waitForFunction(() => !document.querySelector('form[data-action=approve] button').disabled);
  await dual.page.click('form[data-action=approve] button');
  // Approving cannot be taken back by the person approving: the page asks.
  assert.match(await dual.page.locator('#confirm-text').textContent(), /Approve for native edit\?/);
  await Promise.all([dual.page.waitForNavigation(), dual.page.click('#confirm [data-answer=yes]')]);
  assert.match(await dual.page.locator('#done').textContent(), /^Approved: the article is in native edit now/);
  assert.equal(await dual.page.locator('.article-head .stage').textContent(), 'Native edit');
  // Having reviewed it, the same person may not sign it off: the page says
  // so before any click.
  const signOff = dual.page.locator('form[data-action=sign_off]');
  assert.ok(await signOff.locator('button').isDisabled());
  assert.equal(await signOff.locator('.why').getAttribute('data-rule'), 'separation_of_duties');
  // And the server agrees if the form is sent anyway.
  const forced = await dual.page.evaluate(async (articleId) => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch(`/articles/${articleId}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, action: 'sign_off', version: document.querySelector('form[data-action=sign_off] input[name=version]').value }),
    });
    return response.status;
  }, id);
  assert.equal(forced, 403);
  await dual.context.close();

  // A different native editor polishes a row and signs off.
  const editor = await signedIn(running.browser, running.server.base, 'demo.editor');
  await editor.page.goto(`/articles/${id}`);
  const row = rowAt(editor.page, 2);
  const textarea = await typeInto(editor.page, row, 'The government expects growth to continue through the second half.');
  await textarea.press('Control+Enter');
  await editor.page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)')[2].dataset.revision === '1');
  await editor.page.waitForFunction(() => !document.querySelector('form[data-action=sign_off] button').disabled);
  await editor.page.click('form[data-action=sign_off] button');
  assert.match(await editor.page.locator('#confirm-text').textContent(), /^Sign off\?/);
  // Saying no leaves the article where it is.
  await editor.page.click('#confirm [data-answer=no]');
  assert.ok(await editor.page.locator('#confirm').isHidden());
  assert.equal(await editor.page.locator('.article-head .stage').textContent(), 'Native edit');
  await editor.page.click('form[data-action=sign_off] button');
  await Promise.all([editor.page.waitForNavigation(), editor.page.click('#confirm [data-answer=yes]')]);
  assert.match(await editor.page.locator('#done').textContent(), /^Signed off/);
  assert.equal(await editor.page.locator('.article-head .stage').textContent(), 'Signed off');
  assert.equal(await editor.page.locator('#rows [data-act=edit]').count(), 0, 'signed off is read-only');
  // The disclosure is earned: the house wording and who did what.
  assert.match(await editor.page.locator('#disclosure .line').textContent(), /^This article was originally written in Korean/);
  assert.match(await editor.page.locator('#disclosure').textContent(), /approved by dual\.editor; native edit signed off by demo\.editor/);
  // The hand-off: the final English with its line, on the clipboard for the CMS.
  await editor.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await editor.page.click('#copy-cms');
  await editor.page.waitForFunction(() => /^Copied/.test(document.getElementById('copy-state').textContent));
  const copied = await editor.page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^<article lang="en">\n<h1>Exports rise for a third month<\/h1>/);
  assert.match(copied, /<p>The government expects growth to continue through the second half\.<\/p>\n<p class="disclosure">This article was originally written in Korean/);
  const tmxLink = await editor.page.locator('.article-head a', { hasText: 'TMX' }).getAttribute('href');
  assert.equal(tmxLink, `/api/v1/articles/${id}/export?format=tmx`);
  const tmx = await editor.page.request.get(tmxLink);
  assert.equal(tmx.status(), 200);
  assert.match(await tmx.text(), /<tmx version="1.4">/);

  // The trail: every step, who and when, each revision's diff, and a chain that verifies.
  await editor.page.click('a[href$="/trail"]');
  await editor.page.waitForURL(/\/trail$/);
  assert.match(await editor.page.locator('#verdict').textContent(), /^All \d+ events verify/);
  const text = await editor.page.locator('main.trail').textContent();
  for (const expected of ['demo.reporter', 'dual.editor', 'demo.editor', 'Approve for native edit: Bilingual review → Native edit', 'Sign off: Native edit → Signed off']) {
    assert.ok(text.includes(expected), `trail mentions ${expected}`);
  }
  const details = editor.page.locator('.event details').first();
  await details.locator('summary').click();
  assert.match(await details.locator('ins').first().textContent(), /through/);
  await shoot(editor.page, 'trail');
  assert.deepEqual(editor.page.problems, []);
  await editor.context.close();
});

test('a wrong number blocks approval until fixed or overridden with a reason', async () => {
  const reporter = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await reporter.page.goto('/');
  const created = await api(reporter.page, 'POST', '/api/v1/articles', {
    title: 'Chip investment',
    source: '정부는 반도체에 3500억 달러를 투자한다.\n\n투자는 2030년까지 이어진다.',
    draft: 'The government will invest $35 billion in chips.\n\nThe investment runs until 2030.',
    ai: { tool: 'ChatGPT', model: 'gpt-4o-2024-08-06' },
  });
  const id = created.body.id;
  await api(reporter.page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'submit', version: 1 });
  await reporter.context.close();
  await reviewHeadline(running.browser, running.server.base, created.body);

  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto(`/articles/${id}`);
  const finding = rowAt(page, 0).locator('.finding.error');
  assert.equal(await finding.count(), 2);
  assert.match(await finding.first().textContent(), /3500억 \(350,000,000,000\) in the Korean is not in the English/);
  // The row with errors cannot be marked reviewed (the page says why); the
  // other can. Approval is still blocked, and the page says why.
  page.on('dialog', (dialog) => dialog.dismiss());
  await rowAt(page, 0).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('r');
  await page.waitForFunction(() => /blocking QA finding/.test(document.getElementById('announce').textContent));
  assert.equal(await page.locator('#rows .row.reviewed:not(.headline)').count(), 0);
  await page.keyboard.press('j');
  await page.keyboard.press('r');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row.reviewed:not(.headline)').length === 1);
  assert.equal(await rowAt(page, 1).evaluate((row) => row.classList.contains('reviewed')), true);
  await page.waitForFunction(() => document.querySelector('form[data-action=approve] .why')?.dataset.rule === 'blocking_findings');
  assert.match(await page.locator('form[data-action=approve] .why').textContent(), /2 blocking QA finding/);
  // Ctrl+Enter on a row still in error saves it, is refused the mark, and
  // stays on the row with the reason said there.
  const first = await segmentOf(rowAt(page, 0));
  const tried = await typeInto(page, rowAt(page, 0), 'The government will invest $35 billion in chips this decade.');
  await tried.press('Control+Enter');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)')[0].dataset.revision === '1');
  await waitCurrent(page, first);
  assert.match(
    await rowAt(page, 0).locator('.row-notice').textContent(),
    /^Saved revision 1 of row \d+, but not marked reviewed: .*blocking QA finding/,
  );
  // Fixing the number clears one error; the other is overridden with a reason.
  const editor = await typeInto(page, rowAt(page, 0), 'The government will invest $350 billion in chips.');
  await editor.press('Control+Enter');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)')[0].dataset.revision === '2');
  assert.equal(await rowAt(page, 0).locator('.finding').count(), 0);
  // Fixed, Ctrl+Enter saved it and marked it reviewed.
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)')[0].classList.contains('reviewed'));
  await page.waitForFunction(() => !document.querySelector('form[data-action=approve] button').disabled);
  await page.click('form[data-action=approve] button');
  await Promise.all([page.waitForNavigation(), page.click('#confirm [data-answer=yes]')]);
  assert.equal(await page.locator('.article-head .stage').textContent(), 'Native edit');
  await context.close();

  // A second article: the error is overridden instead of fixed.
  const again = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await again.page.goto('/');
  const second = await api(again.page, 'POST', '/api/v1/articles', {
    title: 'Chip investment, again',
    source: '정부는 반도체에 3500억 달러를 투자한다.',
    draft: 'The government will invest a huge sum in chips.',
    ai: { tool: 'ChatGPT', model: 'gpt-4o-2024-08-06' },
  });
  await api(again.page, 'POST', `/api/v1/articles/${second.body.id}/transitions`, { action: 'submit', version: 1 });
  await again.context.close();
  const reviewer = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await reviewer.page.goto(`/articles/${second.body.id}`);
  const form = rowAt(reviewer.page, 0).locator('form.override');
  // Clicked into and typed in as a person does, the reason goes into its
  // box: not to the row's keys (r marks reviewed, e opens the editor).
  const reason = form.locator('input[name=reason]');
  const words = 'Dollar conversion checked; the figure is in the headline.';
  await reason.click();
  await reviewer.page.keyboard.type(words);
  assert.equal(await reason.inputValue(), words);
  assert.equal(await rowAt(reviewer.page, 0).evaluate((row) => row.classList.contains('editing') || row.classList.contains('reviewed')), false);
  await reviewer.page.evaluate(() => { window.__samePage = true; });
  await form.locator('button').click();
  const overridden = rowAt(reviewer.page, 0).locator('.finding.overridden');
  await overridden.waitFor();
  // Sent without leaving the page; the keys stay on the row, and only it
  // looks selected.
  assert.equal(await reviewer.page.evaluate(() => window.__samePage), true);
  assert.equal(await reviewer.page.locator('#rows .row.current').count(), 1);
  await waitCurrent(reviewer.page, await segmentOf(rowAt(reviewer.page, 0)));
  assert.match(await overridden.textContent(), /Reason: Dollar conversion checked; the figure is in the headline/);
  await reviewer.page.goto(`/articles/${second.body.id}/trail`);
  assert.match(await reviewer.page.locator('main.trail').textContent(), /overrode a QA finding of row 1/);
  await reviewer.context.close();
});

test('when the session ends, the page says so, keeps the text, and gives it back after signing in', async () => {
  const reporter = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await reporter.page.goto('/');
  const created = await api(reporter.page, 'POST', '/api/v1/articles', {
    title: 'Session ends mid-edit',
    source: '정부가 예산안을 발표했다.\n\n국회는 다음 달 심의한다.',
    draft: 'The government announced its budget.\n\nThe assembly reviews it next month.',
    ai: { tool: 'ChatGPT', model: 'gpt-4o-2024-08-06' },
  });
  const id = created.body.id;
  await api(reporter.page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'submit', version: 1 });
  await reporter.context.close();

  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto(`/articles/${id}`);
  // The session ends behind the page's back (signed out in another tab).
  await page.evaluate(async () => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    await fetch('/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }),
    });
  });
  const text = 'The government unveiled its budget for next year.';
  const editor = await typeInto(page, rowAt(page, 0), text);
  // The live diff finds the session gone: the page says so, and does not
  // show the sign-in page inside the row.
  await page.locator('#session-ended').waitFor();
  assert.match(await page.locator('#session-ended').textContent(), /session has ended/);
  assert.doesNotMatch(await rowAt(page, 0).textContent(), /Password/i);
  await editor.press('Control+Enter');
  await page.waitForFunction(() => /session has ended/.test(document.querySelector('#rows .row:not(.headline) .editor')?.textContent || ''));
  assert.doesNotMatch(await rowAt(page, 0).textContent(), /Bearer/);
  // Signing in again comes back to the article, with the text restored.
  await Promise.all([page.waitForNavigation(), page.click('#session-ended a')]);
  assert.match(page.url(), /\/login\?next=/);
  await page.fill('input[name=name]', 'demo.reviewer');
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(page.url(), new RegExp(`/articles/${id}$`));
  assert.equal(await rowAt(page, 0).locator('.editor textarea').inputValue(), text);
  await context.close();
});

test('a script in a title, a paragraph or a note is shown as text and never runs', async () => {
  const reporter = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await reporter.page.goto('/');
  const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  const created = await api(reporter.page, 'POST', '/api/v1/articles', {
    title: `Bad ${hostile} title`,
    source: `첫 문단 ${hostile}\n\n둘째 문단이다.`,
    draft: `First paragraph ${hostile}\n\nThe second paragraph.`,
    ai: { tool: 'ChatGPT"><script>window.__pwned=3</script>', model: 'x' },
  });
  assert.equal(created.status, 201);
  const id = created.body.id;
  let dialogs = 0;
  reporter.page.on('dialog', async (dialog) => { dialogs += 1; await dialog.dismiss(); });
  for (const url of ['/', `/articles/${id}`, `/articles/${id}/trail`]) {
    const response = await reporter.page.goto(url);
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(await reporter.page.evaluate(() => window.__pwned), undefined, url);
    assert.equal(await reporter.page.locator('body img[src=x]').count(), 0, url);
  }
  assert.equal(dialogs, 0);
  await reporter.page.goto(`/articles/${id}`);
  assert.equal(await reporter.page.locator('h1').textContent(), `Bad ${hostile} title`);
  assert.ok((await rowAt(reporter.page, 0).locator('.ko').textContent()).includes(hostile));
  // A note on a return is just text too.
  await Promise.all([reporter.page.waitForNavigation(), reporter.page.click('form[data-action=submit] button')]);
  const reviewer = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await reviewer.page.goto(`/articles/${id}`);
  await reviewer.page.fill('form[data-action=return] textarea', hostile);
  await Promise.all([reviewer.page.waitForNavigation(), reviewer.page.click('form[data-action=return] button')]);
  await reviewer.page.goto(`/articles/${id}/trail`);
  assert.equal(await reviewer.page.locator('.note').first().textContent(), hostile);
  assert.equal(await reviewer.page.evaluate(() => window.__pwned), undefined);
  await reporter.context.close();
  await reviewer.context.close();
});

test('keys: ? lists them, 4 shows Korean | AI draft | now, j/k move between rows', async () => {
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.editor');
  await page.goto('/articles/1');
  await page.keyboard.press('?');
  assert.ok(await page.locator('#help').isVisible());
  const keys = await page.locator('#help').textContent();
  for (const listed of ['save, mark reviewed and go on', "take back the row's mark of reviewed", 'save and stay', 'merge with the next row', 'split the row (Enter confirms)',
    "override the row's first open finding", "the row's history, to revert", 'next / previous row that needs you',
    'which rows to show', 'find and replace', 'compact rows', 'the stage action (asks to confirm)', 'return with a note']) {
    assert.ok(keys.includes(listed), `? lists ${listed}`);
  }
  await page.keyboard.press('Escape');
  assert.ok(await page.locator('#help').isHidden());
  await page.keyboard.press('4');
  assert.equal(await page.locator('#review').getAttribute('data-mode'), 'columns');
  assert.ok(await anyRowAt(page, 0).locator('.ai-col').isVisible());
  await page.keyboard.press('1');
  const first = await segmentOf(anyRowAt(page, 0));
  const second = await segmentOf(anyRowAt(page, 1));
  await waitCurrent(page, first);
  await page.keyboard.press('j');
  await waitCurrent(page, second);
  await page.keyboard.press('k');
  await waitCurrent(page, first);
  // The review page of the signed-off demo, with its diffs, for the README.
  await page.locator('#rows .row:not(.headline)').nth(5).scrollIntoViewIfNeeded();
  await shoot(page, 'review');
  await context.close();
});

test('merge and split rows by key in bilingual review: no reload, the keys stay on the row, typed text is kept', async () => {
  const reporter = await signedIn(running.browser, running.server.base, 'demo.reporter');
  await reporter.page.goto('/');
  const created = await api(reporter.page, 'POST', '/api/v1/articles', {
    title: 'Rail strike ends',
    source: '철도 파업이 끝났다.\n\n노사는 임금 인상에 합의했다.\n\n열차 운행은 내일 정상화된다.\n\n승객들은 환영했다.',
    draft: 'The rail strike is over.\n\nUnions and management agreed on a pay rise.\n\nTrains will run normally tomorrow.\n\nPassengers welcomed it.',
    ai: { tool: 'DeepL', model: 'deepl-2026' },
  });
  const id = created.body.id;
  const submitted = await api(reporter.page, 'POST', `/api/v1/articles/${id}/transitions`, { action: 'submit', version: 1 });
  assert.equal(submitted.status, 200);
  await reporter.context.close();

  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto(`/articles/${id}`);
  assert.equal(await page.locator('#rows .row:not(.headline)').count(), 4);
  // A mark that a reload would wipe.
  await page.evaluate(() => { window.__samePage = true; });
  // Unsaved text in the third row, then the second row is merged with it.
  const third = rowAt(page, 2);
  const typed = 'Trains will run normally from tomorrow morning.';
  await typeInto(page, third, typed);
  await third.locator('.editor textarea').press('Escape');
  const version = Number(await page.locator('#version').textContent());
  await rowAt(page, 1).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('m');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)').length === 3);
  const merged = rowAt(page, 1);
  assert.equal(await merged.locator('.shape').textContent(), '2–2');
  assert.equal(await merged.locator('.meta .num').textContent(), '2');
  assert.equal(await rowAt(page, 2).locator('.meta .num').textContent(), '3', 'the rows below are renumbered');
  // The keys stay on the merged row: one current row, and j goes on to the
  // row after it, not back to row 1.
  assert.equal(await page.locator('#rows .row.current').count(), 1);
  await waitCurrent(page, await segmentOf(merged));
  await page.keyboard.press('j');
  await waitCurrent(page, await segmentOf(rowAt(page, 2)));
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no reload');
  await page.waitForFunction((v) => Number(document.getElementById('version').textContent) > v, version);
  // The typed text is not lost: the page shows it for copying.
  assert.ok(await page.locator('#orphans').isVisible());
  assert.match(await page.locator('#orphans').textContent(), /from tomorrow morning/);
  // Split it back by key: s opens the dialog, Enter confirms.
  await page.keyboard.press('k');
  await waitCurrent(page, await segmentOf(merged));
  await page.keyboard.press('s');
  await merged.locator('input[name=ko_at]').waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#rows .row:not(.headline)').length === 4);
  assert.equal(await rowAt(page, 2).getAttribute('data-text'), 'Trains will run normally tomorrow.');
  await waitCurrent(page, await segmentOf(rowAt(page, 1)));
  assert.equal(await page.locator('#rows .row.current').count(), 1);
  await page.keyboard.press('j');
  await waitCurrent(page, await segmentOf(rowAt(page, 2)));
  assert.deepEqual(
    await page.locator('#rows .row:not(.headline) .meta .num').allTextContents(),
    ['1', '2', '3', '4'],
  );
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no reload');
  // The kept text dismissed, the banner goes and stays gone after a
  // reload, as does a kept text with nothing in it.
  await page.locator('#orphans button').click();
  assert.equal(await page.locator('#orphans').isVisible(), false);
  await page.evaluate((id) => localStorage.setItem(`galley:draft:${id}:999999`, JSON.stringify({ text: '  ', base: 0 })), id);
  await page.reload();
  await page.locator('#rows .row').first().waitFor();
  assert.equal(await page.locator('#orphans').isVisible(), false);
  assert.equal(await page.evaluate((id) => localStorage.getItem(`galley:draft:${id}:999999`), id), null);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the pages fit a 1280 px window and a laptop screen without sideways scrolling', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 1366, height: 768 }, { width: 1024, height: 768 }]) {
    const { context, page } = await signedIn(running.browser, running.server.base, 'demo.editor', viewport);
    for (const url of ['/', '/articles/1', '/articles/1/trail']) {
      await page.goto(url);
      for (const mode of url === '/articles/1' ? ['1', '4'] : ['']) {
        if (mode) await page.keyboard.press(mode);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${url} at ${viewport.width}px (view ${mode}) overflows by ${overflow}px`);
      }
    }
    // Korean wraps between words, never inside one.
    await page.goto('/articles/1');
    assert.equal(await rowAt(page, 0).locator('.ko').evaluate((el) => getComputedStyle(el).wordBreak), 'keep-all');
    await context.close();
  }
});

test('state changes need the CSRF token; signing out ends the session', async () => {
  const { context, page } = await signedIn(running.browser, running.server.base, 'demo.reviewer');
  await page.goto('/articles/2');
  const segment = await segmentOf(rowAt(page, 0));
  // The cookie alone is not enough to change anything.
  const bare = await page.request.post(`/api/v1/articles/2/segments/${segment}/review`, {
    data: { revision: 0 },
  });
  assert.equal(bare.status(), 403);
  assert.equal((await bare.json()).rule, 'csrf');
  const logout = await page.request.post('/logout', { form: { csrf: 'wrong' } });
  assert.equal(logout.status(), 403);
  await Promise.all([page.waitForNavigation(), page.click('.topbar form[action="/logout"] button')]);
  assert.match(page.url(), /\/login$/);
  await page.goto('/');
  assert.match(page.url(), /\/login\?next=/);
  const after = await page.request.get('/api/v1/articles');
  assert.equal(after.status(), 401);
  await context.close();
});
