// The pages in a real browser: Debian's Chromium driven by playwright-core
// through the main journeys of each role, against `followup serve` on a
// free port, with an accessibility check (axe-core) of every page reached
// and a screenshot of each step kept as a test artefact.
//   node tests/web/pages_test.mjs BINARY ARTIFACTS_DIR
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const [binary, artifacts] = process.argv.slice(2);
if (!binary || !artifacts) {
  console.error('usage: node tests/web/pages_test.mjs BINARY ARTIFACTS_DIR');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const seed = path.join(root, 'tests', 'data', 'memos', '000_126856058e4a29d7.txt');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const password = 'a long password';
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'followup-pages-'));
const db = 'sqlite:' + path.join(tmp, 'followup.db');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FOLLOWUP_')));
const cli = (args, input) => execFileSync(binary, ['--db', db, ...args], { env, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();

cli(['init', '--admin', 'root']);
cli(['--as', 'root', 'user', 'add', 'eva', '--role', 'evaluation', '--full-name', 'OIG - Evaluation']);
cli(['--as', 'root', 'user', 'add', 'dg', '--role', 'executive']);
for (const name of ['root', 'eva', 'dg']) cli(['--as', 'root', 'user', 'passwd', name], password + '\n');

// The server, on a free port.
const server = spawn(binary, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${serverLog}`)));
});

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const violations = [];
let step = 0;
const checked = new Set();

// After each page: the accessibility check (once per kind of page) and a screenshot.
async function look(page, name) {
  step += 1;
  await page.screenshot({ path: path.join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  const kind = new URL(page.url()).pathname.replace(/\/[0-9]+$/, '/N');
  if (checked.has(kind)) return;
  checked.add(kind);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations)
    if (v.impact === 'serious' || v.impact === 'critical')
      violations.push(`${page.url()}: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// A browser of its own for each person; pages are strict about scripts
// (no script may run), so the check's script is let in by the test alone.
async function person() {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
  return context.newPage();
}

// Logs in by the keyboard alone: the name field has the focus, Tab, Enter.
async function logIn(page, user) {
  await page.goto(base + '/');
  assert.equal(new URL(page.url()).pathname, '/login');
  await look(page, `login-${user}`);
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.textContent('h1'), 'Dashboard', `${user} is on the dashboard`);
  assert.equal(await page.textContent('form.logout span'), user);
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function expectDone(page, text) {
  assert.equal(await page.textContent('p.done'), text, `${page.url()} says "${text}" (problem: ${await page.locator('.problem').allTextContents()})`);
}

try {
  // The check itself finds what it must: an unlabelled field is a violation.
  const probe = await person();
  await probe.setContent('<!doctype html><html lang="en"><title>t</title><main><input></main></html>');
  await probe.addScriptTag({ content: axeSource });
  const probed = await probe.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
  assert.ok(probed.violations.some((v) => v.id === 'label' && v.impact === 'critical'), 'axe-core finds an unlabelled field');

  // 1. The evaluation office imports the memo through the page, checks the
  //    preview and issues the evaluation.
  const eva = await person();
  await logIn(eva, 'eva');
  await look(eva, 'dashboard-empty');
  await submit(eva, 'nav >> text=Import a memo');
  await look(eva, 'import');
  await eva.setInputFiles('#m-file', seed);
  await submit(eva, 'button:has-text("Preview")');
  await look(eva, 'import-preview');
  assert.match(await eva.textContent('h1'), /^Preview: PLACMI-2$/);
  const matches = await eva.locator('tbody td:nth-child(3)').allTextContents();
  assert.deepEqual(matches, ['IOM Buenos Aires → MRF-BA', 'MMS → MMSMPRP → MPRP']);
  await submit(eva, 'button:has-text("Import")');
  assert.equal(new URL(eva.url()).pathname, '/evaluations/PLACMI-2');
  await expectDone(eva, 'The memo was imported.');
  await look(eva, 'evaluation-draft');
  await eva.fill('#i-on', '2001-07-20');
  await submit(eva, 'button:has-text("Issue PLACMI-2")');
  await expectDone(eva, 'The evaluation was issued: its due dates now run.');
  await look(eva, 'evaluation-issued');

  // 2. The administrator gives MRF Buenos Aires's focal point an account.
  const admin = await person();
  await logIn(admin, 'root');
  await submit(admin, 'nav >> text=Users and units');
  await look(admin, 'admin');
  await admin.fill('#u-name', 'ba');
  await admin.fill('#u-full', 'Focal point, MRF Buenos Aires');
  await admin.check('#u-r-unit');
  await admin.selectOption('#u-units', 'MRF-BA');
  await submit(admin, 'button:has-text("Add the user")');
  await expectDone(admin, 'The user was saved.');
  await admin.selectOption('#pw-name', 'ba');
  await admin.fill('#pw-password', password);
  await submit(admin, 'button:has-text("Set the password")');
  await expectDone(admin, 'The password was set.');

  // 3. The focal point finds the overdue item, responds with an action,
  //    and reports it implemented with evidence.
  const ba = await person();
  await logIn(ba, 'ba');
  await submit(ba, 'nav >> text=My unit');
  assert.equal(new URL(ba.url()).pathname, '/units/MRF-BA');
  await look(ba, 'my-unit');
  const owed = await ba.locator('tbody tr').allTextContents();
  assert.equal(owed.length, 1);
  assert.match(owed[0], /^2001-08-31 overduePLACMI-2#1A management response\d+Respond to PLACMI-2#1 · Ask for more time$/);
  // It asks the office for more time first; the office grants it on its page.
  await submit(ba, 'text=Ask for more time');
  await ba.fill('#d-due', '2027-01-31');
  await ba.fill('#d-reason', 'The four MRFs can meet only in January');
  await submit(ba, 'button:has-text("Send the request")');
  await expectDone(ba, 'The request for a later due date was sent to the evaluation office.');
  await look(ba, 'recommendation-asked');
  await submit(eva, 'nav >> text=Requests for more time');
  await look(eva, 'requests');
  assert.equal(await eva.textContent('article h2'), 'PLACMI-2#1: MRF-BA asks for 2027-01-31');
  await eva.check('#q1-grant');
  await submit(eva, 'button:has-text("Answer request 1")');
  await expectDone(eva, 'The request was granted: the unit\'s due date is extended.');
  await ba.reload();
  assert.equal(await ba.textContent('#units-heading + table tbody td:nth-child(4)'), '2027-01-31 (extended)');
  await submit(ba, 'nav >> text=My unit');
  assert.deepEqual(await ba.locator('tbody td:nth-child(4)').allTextContents(), ['0'], 'no longer overdue');
  // It puts its unit's due dates in its calendar: a feed, read back, with
  // the date the office granted.
  await submit(ba, 'nav >> text=Calendar');
  await ba.selectOption('#feed-unit', 'MRF-BA');
  await submit(ba, 'button:has-text("Make a feed of the unit\'s due dates")');
  await look(ba, 'calendar-feeds');
  const address = new URL(await ba.inputValue('#feed-url'));
  assert.match(address.pathname, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const feed = await ba.request.get(base + address.pathname);
  assert.equal(feed.status(), 200);
  assert.equal(feed.headers()['content-type'], 'text/calendar; charset=utf-8');
  assert.match(await feed.text(), /^BEGIN:VCALENDAR\r\n[^]*DTSTART;VALUE=DATE:20270131\r\n[^]*SUMMARY:PLACMI-2#1: MRF-BA's management response due\r\n/);
  await submit(ba, 'nav >> text=My unit');
  await submit(ba, 'text=Respond to PLACMI-2#1');
  await look(ba, 'recommendation-to-respond');
  assert.equal(await ba.locator('#v-rating').count(), 0, 'no office form for a unit');
  await ba.check('#r-accepted');
  await ba.fill('#r-a0-d', 'Convene a meeting of the four MRFs of the Americas');
  await ba.fill('#r-a0-u', 'MRF-BA');
  await ba.fill('#r-a0-due', '2027-03-31');
  await ba.focus('#r-as-of');
  await Promise.all([ba.waitForNavigation(), ba.keyboard.press('Enter')]);
  await expectDone(ba, 'The response was recorded.');
  assert.equal(await ba.textContent('#responses-heading + article h3'), `MRF-BA: accepted, ${await ba.inputValue('#r-as-of')}`);
  await ba.selectOption('#p-status', 'implemented');
  await ba.fill('#p-text', 'The meeting took place in Buenos Aires; minutes attached.');
  await ba.getByLabel('Convene a meeting of the four MRFs of the Americas').check();
  const minutes = path.join(tmp, 'minutes.txt');
  fs.writeFileSync(minutes, 'Minutes of the meeting of the four MRFs\n');
  await ba.setInputFiles('#p-evidence', minutes);
  await submit(ba, 'button:has-text("Send the report")');
  await expectDone(ba, 'The progress report was recorded.');
  await look(ba, 'recommendation-reported');
  const link = ba.locator('a[download]', { hasText: 'minutes.txt' });
  assert.equal(await link.count(), 1);
  const [download] = await Promise.all([ba.waitForEvent('download'), link.click()]);
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), 'Minutes of the meeting of the four MRFs\n');
  // Another unit's item is not there for the focal point.
  const other = await ba.goto(base + '/recommendations/PLACMI-2/2');
  assert.equal(other.status(), 404);

  // 4. The office validates the claim and closes the recommendation.
  await eva.goto(base + '/recommendations/PLACMI-2/1');
  await eva.selectOption('#v-rating', 'implemented');
  await eva.fill('#v-comment', 'Minutes seen.');
  await submit(eva, 'button:has-text("Record the rating")');
  await expectDone(eva, "The office's rating was recorded.");
  await eva.selectOption('#c-outcome', 'implemented');
  await submit(eva, 'button:has-text("Close the recommendation")');
  await expectDone(eva, 'The recommendation was closed.');
  assert.equal(await eva.textContent('dd.state'), 'closed implemented');
  await look(eva, 'recommendation-closed');

  // The office's page of the reminders sent and queued.
  await submit(eva, 'nav >> text=Reminders');
  await look(eva, 'outbox');
  assert.equal(await eva.textContent('h1'), 'Reminders sent and queued');

  // 5. The Director General's office reads the dashboard.
  const dg = await person();
  await logIn(dg, 'dg');
  await look(dg, 'dashboard');
  assert.equal(await dg.locator('svg.chart').count(), 3);
  assert.equal(await dg.textContent('dl.counts div:has(dt:text-is("Closed")) dd'), '1');
  assert.equal(await dg.textContent('dl.counts div:has(dt:text-is("Response overdue")) dd'), '1');
  const units = await dg.locator('#overdue-heading ~ table tbody th').allTextContents();
  assert.deepEqual(units, ['MMS', 'MPRP']);
  await submit(dg, 'text=Every overdue recommendation');
  await look(dg, 'overdue-list');
  assert.deepEqual(await dg.locator('tbody th').allTextContents(), ['PLACMI-2#2']);

  // 6. An anonymous visitor: the evaluation is not disclosed.
  const visitor = await person();
  const hidden = await visitor.goto(base + '/evaluations/PLACMI-2');
  assert.equal(hidden.status(), 404);
  await look(visitor, 'anonymous-not-found');
  await submit(eva, 'nav >> text=Recommendations');
  await look(eva, 'list');

  assert.deepEqual(violations, [], 'no serious or critical accessibility violation');
  console.log(`pages: ${step} steps, ${checked.size} kinds of page checked with axe-core; screenshots in ${artifacts}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}
