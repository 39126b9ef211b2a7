// Risk flags (F12) and the duty rota in a real browser: a social worker
// flags a risk on a child (refused first without evidence), sees it in the
// record's banner, and finds the child by the flag; a MASH worker sees who
// is on duty today and the rota. Every page visited must be axe-clean.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startHearth, launchBrowser, newPage, signIn, expectNoAxeViolations, USERS, DEMO_PASSWORD,
} from './harness.mjs';

let hearth;
let browser;

before(async () => {
  hearth = await startHearth({ size: 'tiny' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await hearth?.stop();
});

test('a social worker flags a risk, sees it on the record and finds the child by it', async () => {
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.practitioner, DEMO_PASSWORD);
  // A child on the caseload not already flagged for sexual exploitation.
  const rows = page.locator('#caseload tbody tr');
  const count = await rows.count();
  let row;
  for (let i = 0; i < count; i += 1) {
    if (!(await rows.nth(i).innerText()).includes('Child sexual exploitation')) {
      row = rows.nth(i);
      break;
    }
  }
  assert.ok(row, 'a caseload child without the flag');
  const name = (await row.locator('a').innerText()).trim();
  await row.locator('a').click();
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name }).waitFor());
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Flag a risk' }).click();
  await expectNoAxeViolations(page);
  await page.getByLabel('Risk', { exact: true }).selectOption('CSE');
  await page.getByRole('button', { name: 'Flag the risk' }).click();
  const summary = page.locator('.govuk-error-summary');
  await assert.doesNotReject(summary.waitFor());
  const problems = await summary.innerText();
  assert.match(problems, /date the risk was identified/);
  assert.match(problems, /what the risk is and how it is known/);
  await expectNoAxeViolations(page);

  const today = new Date();
  await page.getByLabel('Day').fill(String(today.getDate()));
  await page.getByLabel('Month').fill(String(today.getMonth() + 1));
  await page.getByLabel('Year').fill(String(today.getFullYear()));
  await page.getByLabel('Evidence').fill('School saw her collected by an older man in a car three times this week; she has a new phone.');
  await page.getByRole('button', { name: 'Flag the risk' }).click();
  await assert.doesNotReject(page.getByText('Risk flagged.').waitFor());
  assert.match(await page.locator('.hearth-child-banner').innerText(), /Risk: Child sexual exploitation/);
  await expectNoAxeViolations(page);

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Find a child' }).click();
  await page.getByLabel('Risk flag').selectOption('CSE');
  await page.getByRole('button', { name: 'Search' }).click();
  await assert.doesNotReject(page.locator('#results').waitFor());
  await assert.doesNotReject(page.getByRole('link', { name, exact: true }).first().waitFor());
  await expectNoAxeViolations(page);
});

test('a MASH worker sees today\'s duty on the queue and the week\'s rota', async () => {
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.mashWorker, DEMO_PASSWORD);
  await page.goto(`${hearth.url}/front-door`);
  await assert.doesNotReject(page.getByRole('heading', { name: 'On duty today' }).waitFor());
  const weekday = ![0, 6].includes(new Date().getDay());
  if (weekday) {
    assert.doesNotMatch(await page.locator('body').innerText(), /No one is on the duty rota for today/);
  }
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'See the duty rota' }).or(page.getByRole('link', { name: 'Set the duty rota' })).first().click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'Duty rota' }).waitFor());
  assert.ok((await page.locator('#rota tbody tr').count()) >= 1, 'the MASH has a row on the rota');
  await expectNoAxeViolations(page);
});
