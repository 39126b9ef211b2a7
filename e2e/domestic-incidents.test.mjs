// The daily domestic-incident review (F7) in a real browser: a MASH worker
// uploads the police's CSV batch, sees the bad row reported by its row
// number with nothing imported, chooses to import the good rows, records
// "below threshold: no action" with a reason on one, and finds that
// decision on the child's chronology. Every page visited must be free of
// axe-core violations.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startHearth, launchBrowser, newPage, signIn, expectNoAxeViolations, USERS, DEMO_PASSWORD,
} from './harness.mjs';

let hearth;
let browser;
let dir;

before(async () => {
  hearth = await startHearth({ size: 'tiny' });
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'hearth-e2e-csv-'));
});

after(async () => {
  await browser?.close();
  await hearth?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a police batch with a bad row, its good rows imported, and a below-threshold decision on the chronology', async () => {
  const mash = await newPage(browser);
  await signIn(mash, hearth.url, USERS.mashWorker, DEMO_PASSWORD);

  // Two children the notifications are about.
  await mash.goto(`${hearth.url}/children?search=1&name=a`);
  const rows = mash.locator('tbody tr');
  const first = { hearthId: (await rows.nth(0).locator('td').nth(1).innerText()).trim() };
  const second = (await rows.nth(1).locator('td').nth(1).innerText()).trim();

  // A day or two ago, in the spreadsheet's own date form.
  const d = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  const day = `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
  const csv = [
    'Police reference,Incident date,Incident time,Children,Children present,DASH risk,Victim,Alleged perpetrator,Summary',
    `E2E/DA/1,${day},22:10,${first.hearthId},no,standard,Mother,"Mother's partner, 33",Neighbours heard shouting; no injuries; partner left before officers arrived.`,
    `E2E/DA/2,31/02/2026,23:00,${second},yes,medium,Mother,Father,Argument overheard`,
    `E2E/DA/3,${day},19:45,${second},yes,medium,Mother,Father,"Victim reported threats by text; ""no contact"" advice given."`,
  ].join('\r\n');
  const file = join(dir, 'police-notifications.csv');
  writeFileSync(file, csv);

  await mash.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'MASH queue' }).click();
  await mash.getByRole('link', { name: 'Domestic-incident review' }).click();
  await mash.getByRole('heading', { name: 'Domestic-incident review' }).waitFor();
  await expectNoAxeViolations(mash);

  await mash.getByRole('button', { name: 'Upload police notifications' }).click();
  await expectNoAxeViolations(mash);

  // No file: the upload says so.
  await mash.getByRole('button', { name: 'Check and import' }).click();
  await assert.doesNotReject(mash.locator('.govuk-error-summary').waitFor());
  assert.match(await mash.locator('.govuk-error-summary').innerText(), /Select a CSV file/);
  await expectNoAxeViolations(mash);

  await mash.getByLabel('Upload a file').setInputFiles(file);
  await mash.getByRole('button', { name: 'Check and import' }).click();
  await mash.getByRole('heading', { name: 'Rows in the file need fixing' }).waitFor();
  const problems = await mash.locator('#problems').innerText();
  assert.match(problems, /3\s+incident_date\s+The date of the incident must be a real date/);
  assert.match(await mash.locator('main').innerText(), /Nothing has been imported/);
  await expectNoAxeViolations(mash);

  await mash.getByRole('button', { name: 'Import the 2 good rows' }).click();
  await assert.doesNotReject(mash.getByText('2 notifications imported for review.').waitFor());
  const waiting = await mash.locator('#undecided-table').innerText();
  assert.match(waiting, /E2E\/DA\/1/);
  assert.match(waiting, /E2E\/DA\/3/);
  assert.doesNotMatch(waiting, /E2E\/DA\/2/);
  await expectNoAxeViolations(mash);

  // The decision: nothing chosen is refused with every problem listed.
  await mash.getByRole('link', { name: 'E2E/DA/1' }).click();
  await mash.getByRole('heading', { name: /Domestic-abuse notification/ }).waitFor();
  await expectNoAxeViolations(mash);
  await mash.getByRole('button', { name: 'Record the decision' }).click();
  await assert.doesNotReject(mash.locator('.govuk-error-summary').waitFor());
  const summary = await mash.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Choose the review decision/);
  assert.match(summary, /Enter the reason for the decision/);
  await expectNoAxeViolations(mash);

  const reason = 'Standard risk, children not present, first notification; no other concerns known.';
  await mash.getByLabel('Below threshold: no action').check();
  await mash.getByLabel('Why?').fill(reason);
  await mash.getByRole('button', { name: 'Record the decision' }).click();
  await assert.doesNotReject(mash.getByText('Decision recorded. It is on each child\'s chronology.').waitFor());
  await expectNoAxeViolations(mash);

  // The child's record: the decision is in the chronology, with its reason.
  await mash.locator('main').getByRole('link', { name: new RegExp(first.hearthId) }).first().click();
  await mash.locator('#child-banner-name').waitFor();
  const chronology = await mash.locator('main').innerText();
  assert.match(chronology, /Domestic-incident review: Below threshold: no action/);
  assert.ok(chronology.includes(reason), 'the reason is on the chronology');
  await expectNoAxeViolations(mash);
});
