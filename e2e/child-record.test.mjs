// The foundation journey in a real browser: a social worker signs in, finds
// a child, opens the record, adds a significant event with analysis, and
// sees it at the top of the chronology. Every page visited must be free of
// axe-core accessibility violations (WCAG 2.2 AA).

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

test('a social worker finds a child, records a significant event and sees it in the chronology', async () => {
  const page = await newPage(browser);
  await page.goto(`${hearth.url}/sign-in`);
  await expectNoAxeViolations(page);

  await signIn(page, hearth.url, USERS.practitioner, DEMO_PASSWORD);
  await assert.doesNotReject(page.getByRole('heading', { name: 'My work' }).waitFor());
  await expectNoAxeViolations(page);

  // Pick a child from the caseload, then find them by searching.
  const firstChild = page.locator('#caseload tbody tr').first();
  const name = (await firstChild.locator('a').innerText()).trim();
  const hearthId = (await firstChild.locator('td').nth(1).innerText()).trim();
  const familyName = name.split(' ').at(-1);

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Find a child' }).click();
  await expectNoAxeViolations(page);
  // An empty search explains itself with the GOV.UK error summary.
  await page.getByRole('button', { name: 'Search' }).click();
  await assert.doesNotReject(page.locator('.govuk-error-summary').waitFor());
  await expectNoAxeViolations(page);

  await page.getByLabel('Name', { exact: true }).fill(familyName);
  await page.getByRole('button', { name: 'Search' }).click();
  await assert.doesNotReject(page.locator('#results').waitFor());
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name, exact: true }).first().click();

  await assert.doesNotReject(page.getByRole('heading', { level: 1, name }).waitFor());
  assert.match(await page.locator('.hearth-child-banner').innerText(), new RegExp(hearthId));
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Add a significant event' }).click();
  await expectNoAxeViolations(page);

  // Without analysis the event is refused, with the reason, and nothing is saved.
  await page.getByLabel('Day').fill('2');
  await page.getByLabel('Month').fill('11');
  await page.getByLabel('Year').fill('2026');
  await page.getByLabel('Short title').fill('Disclosure to class teacher');
  await page.getByLabel('What happened').fill('Told her class teacher she does not want to go home tonight.');
  await page.getByRole('button', { name: 'Add to chronology' }).click();
  await assert.doesNotReject(page.locator('.govuk-error-summary').waitFor());
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter your analysis/);
  await expectNoAxeViolations(page);

  const analysis = 'First direct disclosure; with the police contact last month this points to rising risk at home.';
  await page.getByLabel('Analysis: what does this mean for the child?').fill(analysis);
  await page.getByRole('button', { name: 'Add to chronology' }).click();

  await assert.doesNotReject(page.getByText('Significant event added to the chronology.').waitFor());
  // The entry sits in the chronology in date order, among everything else recorded about the child.
  const entry = page.locator('.hearth-chronology__entry', { hasText: 'Disclosure to class teacher' });
  assert.equal(await entry.count(), 1);
  assert.match(await entry.innerText(), /rising risk at home/);
  assert.match(await entry.innerText(), /2 November 2026/);
  assert.match(await entry.innerText(), /Recorded by /);
  await expectNoAxeViolations(page);

  // Filtering to significant events keeps it; filtering to allocations hides it.
  await page.getByLabel('Show').selectOption('significant_event');
  await page.getByRole('button', { name: 'Filter' }).click();
  assert.match(await page.locator('.hearth-chronology').innerText(), /Disclosure to class teacher/);
  await page.getByLabel('Show').selectOption('allocation');
  await page.getByRole('button', { name: 'Filter' }).click();
  assert.doesNotMatch(await page.locator('main').innerText(), /Disclosure to class teacher/);
  await expectNoAxeViolations(page);
});

test('a child outside the team asks for a reason first, and a manager sees it', async () => {
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.practitioner, DEMO_PASSWORD);
  // Search everyone named with a common letter; take a child held by another team.
  await page.goto(`${hearth.url}/children?search=1&dob-day=&dob-month=&dob-year=&name=a`);
  const rows = page.locator('tbody tr');
  const count = await rows.count();
  let target = null;
  for (let i = 0; i < count; i += 1) {
    const team = (await rows.nth(i).locator('td').nth(3).innerText()).trim();
    if (team !== 'None' && !team.includes('Safeguarding and Family Support Team')) {
      target = rows.nth(i).locator('a');
      break;
    }
  }
  assert.ok(target, 'the demo has children held by other teams');
  await target.click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'This record is outside your team' }).waitFor());
  await expectNoAxeViolations(page);
  await page.getByLabel('Why do you need to open this record?').fill('Covering duty: the school rang about this child');
  await page.getByRole('button', { name: 'Open the record' }).click();
  await assert.doesNotReject(page.getByRole('heading', { name: 'Chronology' }).waitFor());

  const manager = await newPage(browser);
  await signIn(manager, hearth.url, USERS.serviceManager, DEMO_PASSWORD);
  await manager.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Break-glass access' }).click();
  assert.match(await manager.locator('main').innerText(), /Covering duty: the school rang about this child/);
  await expectNoAxeViolations(manager);
});
