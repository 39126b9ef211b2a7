// Finding F1 in a real browser: a contact closed, and a second contact about
// the same child four days later. The second continues the first's chain,
// and the dashboard counts the first as "closed and then reopened", with
// the child in the list behind the figure.

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

/** A UK wall-clock date and time, `minutes` from now. */
function ukTime(minutes) {
  const d = new Date(Date.now() + minutes * 60 * 1000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(d).map((p) => [p.type, p.value]),
  );
  return { day: parts.day, month: parts.month, year: parts.year, time: `${parts.hour}:${parts.minute}` };
}

async function recordContact(page, hearthId, when, concern) {
  await page.goto(`${hearth.url}/front-door/contacts/new`);
  await page.getByLabel('Hearth IDs of the children the contact is about').fill(hearthId);
  await page.getByLabel('Day').fill(when.day);
  await page.getByLabel('Month').fill(when.month);
  await page.getByLabel('Year').fill(when.year);
  await page.getByLabel('Time received').fill(when.time);
  await page.getByLabel('Who made the contact?').selectOption('2A');
  await page.getByLabel('What is the concern?').fill(concern);
  await page.getByLabel('Green: no immediate risk').check();
  await page.getByRole('button', { name: 'Record the contact' }).click();
  await page.getByText('Contact recorded.').waitFor();
  return page.url().split('?')[0];
}

test('a contact closed and reopened four days later keeps the first clock on the dashboard', async () => {
  const mash = await newPage(browser);
  await signIn(mash, hearth.url, USERS.mashWorker, DEMO_PASSWORD);
  await mash.goto(`${hearth.url}/children?search=1&name=e`);
  const row = mash.locator('tbody tr').first();
  const name = (await row.locator('a').innerText()).trim();
  const hearthId = (await row.locator('td').nth(1).innerText()).trim();

  // Received four days ago; closed today.
  const first = await recordContact(mash, hearthId, ukTime(-4 * 24 * 60), 'School reports the child came in without lunch again this week.');
  await mash.getByLabel('No further action').check();
  await mash.getByLabel('Level 1: universal services').check();
  await mash.getByLabel('Rationale').fill('One-off concern; the school will keep an eye and call again if it continues.');
  await mash.getByLabel('Not required').check();
  await mash.getByRole('button', { name: 'Send to a manager' }).click();
  await mash.getByText('Decision sent to a manager for authorisation.').waitFor();

  const manager = await newPage(browser);
  await signIn(manager, hearth.url, USERS.teamManager, DEMO_PASSWORD);
  await manager.goto(first);
  await manager.getByRole('button', { name: 'Authorise the decision' }).click();
  await manager.getByText('Decision authorised. The contact is closed.').waitFor();

  // Then another contact about the same child, after the first was closed.
  await recordContact(mash, hearthId, ukTime(2), 'School again: no lunch and the child says there is no food at home.');
  assert.match(await mash.locator('main').innerText(), /This contact continues one received/);
  await expectNoAxeViolations(mash);

  await mash.goto(`${hearth.url}/front-door/dashboard`);
  await expectNoAxeViolations(mash);
  const reopened = mash.locator('#reopened');
  const count = Number((await reopened.locator('.govuk-heading-xl').innerText()).replace(/\D/g, ''));
  assert.ok(count >= 1, `closed and reopened: ${count}`);
  await reopened.getByRole('link', { name: 'See the children' }).click();
  assert.match(await mash.locator('main').innerText(), new RegExp(name));
  await expectNoAxeViolations(mash);
});
