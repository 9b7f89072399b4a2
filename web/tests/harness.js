// Starts a real `galley serve` on a fresh SQLite file with the demo data and
// drives Debian's Chromium through playwright-core. Nothing is skipped: a
// missing binary or browser fails the run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const screenshots = path.join(repo, 'docs', 'screenshots');
export const PASSWORD = 'galley-demo';

const binary = process.env.GALLEY_BIN || path.join(repo, 'target', 'release', 'galley');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';

function galley(database, args, input) {
  const result = spawnSync(binary, ['--database', database, ...args], { input, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`galley ${args.join(' ')} failed: ${result.stderr}`);
  }
  return result.stdout;
}

// A server of our own: the demo data, plus the people the tests need.
export async function startServer() {
  if (!existsSync(binary)) throw new Error(`no galley binary at ${binary}: run cargo build --release`);
  const dir = mkdtempSync(path.join(tmpdir(), 'galley-browser-'));
  const database = `sqlite://${path.join(dir, 'galley.db')}`;
  galley(database, ['demo']);
  const people = [
    ['second.reviewer', ['bilingual_reviewer']],
    ['dual.editor', ['bilingual_reviewer', 'native_editor']],
    ['korean.reviewer', ['bilingual_reviewer']],
    ['day.reviewer', ['bilingual_reviewer']],
    ['headline.reviewer', ['bilingual_reviewer']],
    ['switch.reviewer', ['bilingual_reviewer']],
    ['ko.reporter', ['reporter']],
    ['ko.reviewer', ['bilingual_reviewer']],
    ['ko.editor', ['native_editor']],
    ['ko.auditor', ['auditor']],
  ];
  for (const [name, roles] of people) {
    const roleArgs = roles.flatMap((role) => ['--role', role]);
    galley(database, ['user', 'add', name, ...roleArgs, '--password-stdin'], `${PASSWORD}\n`);
  }
  const child = spawn(binary, ['--database', database, 'serve', '--bind', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`galley serve did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`galley serve exited (${code}): ${stderr}`)));
  });
  return {
    base,
    database,
    galley: (args, input) => galley(database, args, input),
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

export async function launchBrowser() {
  if (!existsSync(browserPath)) {
    throw new Error(`no Chromium at ${browserPath}: apt-get install chromium (CI installs it)`);
  }
  return chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync',
    ],
  });
}

// A browser context of its own (cookies, storage), signed in as `name`.
export async function signedIn(browser, base, name, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL: base, viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.problems = problems;
  await page.goto('/login');
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { context, page };
}

export function shoot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  return page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: false });
}

// Calls the JSON API from inside the page, as its script does (cookie and
// CSRF token).
export function api(page, method, url, body) {
  return page.evaluate(async ([method, url, body]) => {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, [method, url, body]);
}

// Submits an article as the demo reporter and sends it to bilingual review;
// returns its id.
export async function reviewable(browser, base, article) {
  const reporter = await signedIn(browser, base, 'demo.reporter');
  await reporter.page.goto('/');
  const created = await api(reporter.page, 'POST', '/api/v1/articles', {
    ai: { tool: 'ChatGPT', model: 'gpt-4o-2024-08-06' },
    ...article,
  });
  if (created.status !== 201) throw new Error(`submission failed: ${JSON.stringify(created.body)}`);
  const moved = await api(reporter.page, 'POST', `/api/v1/articles/${created.body.id}/transitions`, { action: 'submit', version: 1 });
  if (moved.status !== 200) throw new Error(`submit failed: ${JSON.stringify(moved.body)}`);
  await reporter.context.close();
  await reviewHeadline(browser, base, created.body);
  return created.body.id;
}

// The headline is the article's first row, reviewed like any other (issue
// 31). Tests about the body's rows have a reviewer of its own mark it
// reviewed first (and rowAt counts the body).
export async function reviewHeadline(browser, base, article) {
  const headliner = await signedIn(browser, base, 'headline.reviewer');
  await headliner.page.goto('/');
  const headline = article.segments[0];
  if (!headline.headline) throw new Error(`the first row is not the headline: ${JSON.stringify(headline)}`);
  const marked = await api(headliner.page, 'POST', `/api/v1/articles/${article.id}/segments/${headline.id}/review`, { revision: headline.revision });
  if (marked.status !== 204) throw new Error(`headline review failed: ${JSON.stringify(marked.body)}`);
  await headliner.context.close();
}

// An article of the evaluation set (real news, CC BY-SA; see
// testdata/eval/SOURCE.md) by id: its Korean and English paragraphs.
export function newsArticle(id) {
  const lines = readFileSync(path.join(repo, 'testdata', 'eval', 'dev.jsonl'), 'utf8').split('\n');
  const found = lines.filter(Boolean).map((line) => JSON.parse(line)).find((a) => a.id === id);
  if (!found) throw new Error(`no article ${id} in testdata/eval/dev.jsonl`);
  return found;
}

// The body's rows (the headline row, first, is left out).
export const rowAt = (page, n) => page.locator('#rows .row:not(.headline)').nth(n);
// Any row, the headline's (first) included: the demo articles' rows as the
// page lists them.
export const anyRowAt = (page, n) => page.locator('#rows .row').nth(n);
export const segmentOf = async (row) => row.getAttribute('data-segment');

// Waits until the row the page calls current is `segment`.
export async function waitCurrent(page, segment) {
  await page.waitForFunction(
    (seg) => document.querySelector('.row.current')?.dataset.segment === seg,
    segment,
  );
}

// Opens a row's editor with the keyboard and replaces its English.
export async function typeInto(page, row, text) {
  await row.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Enter');
  const editor = row.locator('.editor textarea');
  await editor.waitFor();
  await editor.fill(text);
  return editor;
}

// A galley server and a browser for the tests of one file.
export function suite(before, after) {
  const running = {};
  before(async () => {
    running.server = await startServer();
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
