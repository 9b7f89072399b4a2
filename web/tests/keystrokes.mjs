// The same review, scripted and counted: a real news article (NTREX-128
// newsweek.51329, 22 Korean and 20 English paragraphs, aligned into 19 rows)
// with 3 merges, 4 splits and 6 one-word fixes, every row marked reviewed,
// then approved. `walk(page, way)` drives the page the way a person with the
// keyboard would, counting key presses (text typed apart) and mouse clicks.
//
//   way 'before': the desk as it was (5c08dd8): merge and split by mouse,
//     each reloading the page with the keys back on row 1; Ctrl+Enter saves
//     and moves on, so a fixed row is reviewed with k then r.
//   way 'after': m, s and Enter, the keys staying on the row; Ctrl+Enter
//     saves, marks reviewed and moves on; a (and Enter to confirm) approves.
//
// Run on its own against a binary to measure one way:
//   GALLEY_BIN=path/to/galley node keystrokes.mjs before|after
// desk.test.js runs the 'after' walk and holds it to its count.
import { startServer, launchBrowser, signedIn, reviewable, newsArticle } from './harness.js';

export const ARTICLE = 'ntrex:newsweek.51329';

export async function prepare(browser, base) {
  const news = newsArticle(ARTICLE);
  return reviewable(browser, base, {
    title: 'A day\'s review: twenty-two paragraphs',
    source: news.ko.join('\n\n'),
    draft: news.en.join('\n\n'),
  });
}

const rowShapes = (page) => page.evaluate(() => Array.from(document.querySelectorAll('#rows .row:not(.headline)')).map((row) => ({
  id: row.dataset.segment,
  grouped: Number(row.dataset.koCount) > 1 || Number(row.dataset.enCount) > 1,
  words: row.dataset.text.split(/\s+/).filter(Boolean).length,
  reviewed: row.classList.contains('reviewed'),
})));

const currentIndex = (page) => page.evaluate(() => Array.from(document.querySelectorAll('#rows .row:not(.headline)')).findIndex((r) => r.classList.contains('current')));

export async function walk(page, way) {
  const count = { keys: 0, typed: 0, clicks: 0, returning: 0 };
  const press = async (key, times = 1) => {
    for (let i = 0; i < times; i += 1) {
      count.keys += 1;
      await page.keyboard.press(key);
    }
  };
  const type = async (text) => {
    count.typed += text.length;
    await page.keyboard.type(text);
  };
  const click = async (locator) => {
    count.clicks += 1;
    await locator.click();
  };
  const rows = () => page.locator('#rows .row:not(.headline)');
  const settle = async () => {
    await page.waitForLoadState('load');
    await page.waitForFunction(() => document.querySelector('.row.current') && !document.querySelector('.editor .state')?.textContent.startsWith('Saving'));
    await page.waitForTimeout(150);
  };
  const reviewedCount = () => page.locator('#rows .row.reviewed:not(.headline)').count();
  // Waits for `n` rows reviewed (the page's own answer to a key).
  const reviewed = (n) => page.waitForFunction((m) => document.querySelectorAll('#rows .row.reviewed:not(.headline)').length === m, n);

  // The plan, from the rows as aligned: split the aligner's grouped rows,
  // merge three pairs of one-to-one rows (the last pair was a mistake:
  // split back), fix one word in six other rows.
  const start = await rowShapes(page);
  const grouped = start.map((r, i) => (r.grouped ? i : -1)).filter((i) => i >= 0);
  const plain = start.map((r, i) => (!r.grouped && !start[i + 1]?.grouped && i + 1 < start.length ? i : -1)).filter((i) => i >= 0);
  const merges = new Set();
  for (const i of plain) {
    if (merges.size === 3) break;
    if ([...merges].every((m) => Math.abs(m - i) > 2) && !grouped.some((g) => Math.abs(g - i) < 2)) merges.add(i);
  }
  const eligible = start.map((_, i) => i).filter((i) => !merges.has(i) && !merges.has(i - 1) && !grouped.includes(i) && start[i].words > 8);
  const fixes = new Set(Array.from({ length: Math.min(6, eligible.length) }, (_, k) => eligible[Math.floor((k * eligible.length) / Math.min(6, eligible.length))]));
  const splitBack = Math.max(...merges);
  const plan = start.map((r, i) => {
    if (grouped.includes(i)) return 'split';
    if (i === splitBack) return 'merge-then-split';
    if (merges.has(i)) return 'merge';
    if (merges.has(i - 1)) return 'merged-away';
    if (fixes.has(i)) return 'fix';
    return 'review';
  });

  // A row with an open blocking finding (the numbers of this article's
  // translation differ) is overridden with a reason before it is reviewed.
  const REASON = 'Checked against the source.';
  async function clearErrors(index) {
    for (;;) {
      await settle();
      const row = rows().nth(index);
      const input = row.locator('form.override input[name=reason]').first();
      if (!(await input.count())) return;
      const before = await row.locator('form.override').count();
      if (way === 'before') {
        await click(input);
        await type(REASON);
        await Promise.all([page.waitForNavigation(), press('Enter')]);
        await returnTo(index);
      } else {
        await press('o');
        await type(REASON);
        await press('Enter');
      }
      await page.waitForFunction(([i, n]) => document.querySelectorAll('#rows .row:not(.headline)')[i].querySelectorAll('form.override').length < n, [index, before]);
    }
  }
  const review = async (index) => {
    await clearErrors(index);
    await press('r');
    done += 1;
    await reviewed(done);
  };

  // Back to row `index` after a reload put the keys on row 1.
  const returnTo = async (index) => {
    await settle();
    count.returning += index;
    await press('j', index);
  };

  // The keys start on the first row, the headline, which the harness had
  // reviewed: the walk is of the body and starts on its first row.
  if (await page.evaluate(() => document.querySelector('.row.current')?.classList.contains('headline'))) {
    await page.keyboard.press('j');
  }

  let done = 0;
  let at = 0; // the page row the walk is on
  for (const step of plan) {
    if (step === 'merged-away') continue;
    await settle();
    if ((await currentIndex(page)) !== at) throw new Error(`${way}: the keys are on row ${await currentIndex(page)}, the walk on ${at}`);
    const row = rows().nth(at);
    if (step === 'fix') {
      // One word in the middle of the row, reached from the end.
      const words = (await row.getAttribute('data-text')).split(/\s+/).filter(Boolean);
      const back = Math.floor(words.length / 2);
      await press('Enter');
      await row.locator('.editor textarea').waitFor();
      await press('Control+ArrowLeft', back);
      await press('Control+Shift+ArrowRight');
      await type('xword');
      await press('Control+Enter');
      await page.waitForFunction((i) => document.querySelectorAll('#rows .row:not(.headline)')[i].dataset.revision === '1', at);
      await settle();
      const errors = Number(await rows().nth(at).getAttribute('data-errors'));
      if (way === 'before' || errors > 0) {
        // Back to the fixed row to review it (after: only if a finding
        // stopped Ctrl+Enter from marking it).
        await press('k');
        await review(at);
      } else {
        done += 1;
        await reviewed(done);
      }
      at += 1;
    } else if (step === 'review') {
      await review(at);
      at += 1;
    } else if (step === 'merge' || step === 'merge-then-split') {
      const before = await rows().count();
      if (way === 'before') {
        await Promise.all([page.waitForNavigation(), click(row.locator('[data-act=merge]'))]);
        await returnTo(at);
      } else {
        await press('m');
      }
      await page.waitForFunction((n) => document.querySelectorAll('#rows .row:not(.headline)').length === n - 1, before);
      if (step === 'merge-then-split') {
        // Split straight back.
        await splitHere(at);
        continue;
      }
      await review(at);
      at += 1;
    } else if (step === 'split') {
      await splitHere(at);
    }
  }

  // Splits a row after its first paragraph on each side; the two halves
  // are then reviewed in turn.
  async function splitHere(index) {
    const before = await rows().count();
    const row = rows().nth(index);
    if (way === 'before') {
      await click(row.locator('[data-act=split]'));
      await Promise.all([page.waitForNavigation(), click(row.locator('[data-act=do-split]'))]);
      await page.waitForFunction((n) => document.querySelectorAll('#rows .row:not(.headline)').length === n + 1, before);
      await returnTo(index);
    } else {
      await press('s');
      await row.locator('input[name=ko_at]').waitFor();
      await press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('#rows .row:not(.headline)').length === n + 1 || document.querySelector('.row-notice'), before, { timeout: 5000 }).catch(async (e) => {
        console.error(before, await rows().count(), await page.locator('#announce').textContent(), await page.evaluate(() => document.activeElement.outerHTML.slice(0, 200)), page.problems);
        throw e;
      });
      const notice = await page.locator('.row-notice').allTextContents();
      if (notice.length) throw new Error(`${way}: the split was refused: ${notice}`);
    }
    for (let half = 0; half < 2; half += 1) {
      await review(at);
      at += 1;
    }
  }

  // Every row reviewed: approve.
  await settle();
  const total = await rows().count();
  if ((await reviewedCount()) !== total) throw new Error(`${way}: ${await reviewedCount()} of ${total} rows reviewed`);
  await page.waitForFunction(() => !document.querySelector('form[data-action=approve] button').disabled);
  if (way === 'before') {
    await Promise.all([page.waitForNavigation(), click(page.locator('form[data-action=approve] button'))]);
  } else {
    await press('a');
    await page.locator('#confirm [data-answer=yes]').waitFor();
    await Promise.all([page.waitForNavigation(), press('Enter')]);
  }
  const stage = await page.locator('.article-head .stage').textContent();
  if (stage !== 'Native edit') throw new Error(`${way}: the article is in ${stage}`);
  return {
    ...count,
    rows: start.length,
    finalRows: total,
    merges: 3,
    splits: grouped.length + 1,
    fixes: fixes.size,
  };
}

// On its own: one way against the binary in GALLEY_BIN.
if (import.meta.url === `file://${process.argv[1]}`) {
  const way = process.argv[2];
  if (!['before', 'after'].includes(way)) throw new Error('say before or after');
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const id = await prepare(browser, server.base);
    const { page } = await signedIn(browser, server.base, 'day.reviewer');
    await page.goto(`/articles/${id}`);
    const result = await walk(page, way);
    console.log(JSON.stringify({ way, ...result }));
  } finally {
    await browser.close();
    await server.stop();
  }
}
