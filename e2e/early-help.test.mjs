// Early help in a real browser (F11): a MASH worker opens the waiting list
// of the demo authority, opens a waiting child's episode, is refused a
// keeping-in-touch contact with nothing filled in (error summary), records
// one, then steps the child up with a reason; the step-up is on the MASH
// queue, and a service manager sees the early help figures on the
// dashboard. Every page visited must be free of axe-core violations.

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

test('a waiting family is kept in touch with, then stepped up to the MASH', async () => {
  const mash = await newPage(browser);
  await signIn(mash, hearth.url, USERS.mashWorker, DEMO_PASSWORD);

  await mash.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Early help' }).click();
  await assert.doesNotReject(mash.getByRole('heading', { name: 'Early help waiting list' }).waitFor());
  await expectNoAxeViolations(mash);
  const waiting = Number(await mash.locator('#waiting-count').innerText());
  assert.ok(waiting >= 1, 'the demo authority has children waiting for early help');
  const rows = mash.locator('#waiting-list tbody tr');
  assert.equal(await rows.count(), waiting);

  // The filter by overdue keeping in touch.
  await mash.getByRole('link', { name: 'Show only children whose keeping-in-touch contact is overdue' }).click();
  await expectNoAxeViolations(mash);
  await mash.getByRole('link', { name: 'Show everyone waiting' }).click();

  // The longest-waiting child's episode.
  const child = (await rows.first().locator('td').first().locator('a').innerText()).trim();
  await rows.first().getByRole('link', { name: `Open the early help episode for ${child}` }).click();
  await assert.doesNotReject(mash.getByRole('heading', { name: /Early help\s+On the waiting list/ }).waitFor());
  await expectNoAxeViolations(mash);

  // Nothing filled in: refused, with every problem in the error summary.
  await mash.getByRole('button', { name: 'Record the contact' }).click();
  await assert.doesNotReject(mash.locator('.govuk-error-summary').waitFor());
  const summary = await mash.locator('.govuk-error-summary').innerText();
  assert.match(summary, /Enter the date of the contact/);
  assert.match(summary, /Enter what was said and whether anything has changed/);
  await expectNoAxeViolations(mash);

  const today = new Date();
  const form = mash.locator('form', { has: mash.getByRole('button', { name: 'Record the contact' }) });
  await form.getByLabel('Day').fill(String(today.getDate()));
  await form.getByLabel('Month').fill(String(today.getMonth() + 1));
  await form.getByLabel('Year').fill(String(today.getFullYear()));
  await form.getByLabel('Phone call').check();
  await form.getByLabel('Who did you speak to?').fill('Mother');
  await form.getByLabel('What was said, and has anything changed?').fill('Things are calmer at home; school attendance is up. No new worries.');
  await form.getByRole('button', { name: 'Record the contact' }).click();
  await assert.doesNotReject(mash.getByText('Keeping-in-touch contact recorded.').waitFor());
  assert.match(await mash.locator('main').innerText(), /Spoke with Mother\./);
  await expectNoAxeViolations(mash);

  // Step up: refused without a reason, then recorded with one.
  await mash.getByText('Step up to children\'s social care').click();
  const stepUp = mash.locator('form', { has: mash.getByRole('button', { name: 'Step up', exact: true }) });
  await stepUp.getByRole('button', { name: 'Step up', exact: true }).click();
  await assert.doesNotReject(mash.locator('.govuk-error-summary').waitFor());
  assert.match(await mash.locator('.govuk-error-summary').innerText(), /Enter why the child is stepped up to children's social care/);
  await expectNoAxeViolations(mash);
  const again = mash.locator('form', { has: mash.getByRole('button', { name: 'Step up', exact: true }) });
  await again.getByLabel('Why does the child need children\'s social care now?').fill('The child told the family support worker that they were hit at home last night.');
  await again.getByLabel('Amber: a concern that needs a decision soon').check();
  await again.getByRole('button', { name: 'Step up', exact: true }).click();
  await assert.doesNotReject(mash.getByText('Stepped up. A contact is on the MASH queue to be screened.').waitFor());
  await assert.doesNotReject(mash.getByRole('heading', { name: /Stepped up to children's social care/ }).waitFor());
  await expectNoAxeViolations(mash);

  // The step-up is a contact on the MASH queue, from early help.
  await mash.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'MASH queue' }).click();
  const fromEarlyHelp = mash.locator('tbody tr', { hasText: child }).filter({ hasText: 'LA services: early help' });
  assert.ok(await fromEarlyHelp.count() >= 1, 'the step-up is on the queue');
  await expectNoAxeViolations(mash);

  // And the child is no longer waiting.
  await mash.goto(`${hearth.url}/early-help`);
  assert.equal(Number(await mash.locator('#waiting-count').innerText()), waiting - 1);

  // A service manager sees the early help figures on the dashboard.
  const manager = await newPage(browser);
  await signIn(manager, hearth.url, USERS.serviceManager, DEMO_PASSWORD);
  await manager.goto(`${hearth.url}/front-door/dashboard`);
  await assert.doesNotReject(manager.getByRole('heading', { name: 'Early help', exact: true }).waitFor());
  assert.match(await manager.locator('#early-help-waiting').innerText(), new RegExp(`\\b${waiting - 1}\\b`));
  await expectNoAxeViolations(manager);
  await manager.locator('#stepped-down-re-referred').getByRole('link', { name: 'See the children re-referred' }).click();
  await assert.doesNotReject(manager.getByRole('heading', { name: 'Stepped down to early help and re-referred within 3 months' }).waitFor());
  await expectNoAxeViolations(manager);
});
