// The front door in a real browser: a MASH worker records a red contact,
// asks the police for a check, proposes a referral with consent; a manager
// cannot close it while the check is open, then authorises it. Every page
// visited must be free of axe-core violations.

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

test('a red contact goes from intake to a manager-authorised referral', async () => {
  const mash = await newPage(browser);
  await signIn(mash, hearth.url, USERS.mashWorker, DEMO_PASSWORD);

  // Find a child to record the contact about.
  await mash.goto(`${hearth.url}/children?search=1&name=a`);
  const hearthId = (await mash.locator('tbody tr').first().locator('td').nth(1).innerText()).trim();

  await mash.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'MASH queue' }).click();
  await expectNoAxeViolations(mash);
  await mash.getByRole('button', { name: 'Record a contact' }).click();
  await expectNoAxeViolations(mash);

  // Nothing filled in: every problem is listed.
  await mash.getByRole('button', { name: 'Record the contact' }).click();
  await assert.doesNotReject(mash.locator('.govuk-error-summary').waitFor());
  assert.match(await mash.locator('.govuk-error-summary').innerText(), /Choose how urgent the contact is/);
  await expectNoAxeViolations(mash);

  await mash.getByLabel('Hearth IDs of the children the contact is about').fill(hearthId);
  await mash.getByLabel('Who made the contact?').selectOption('6');
  await mash.getByLabel("Referrer's organisation (optional)").fill('Hearthshire Police');
  await mash.getByLabel('What is the concern?').fill('Police attended a domestic incident overnight; the child was present and distressed.');
  await mash.getByLabel('Red: the child may be at immediate risk').check();
  await mash.getByRole('button', { name: 'Record the contact' }).click();
  await assert.doesNotReject(mash.getByText('Contact recorded.').waitFor());
  assert.match(await mash.locator('main').innerText(), /4 hours|3 hours/);
  await expectNoAxeViolations(mash);

  // A police check.
  await mash.getByText('Request a check').click();
  await mash.getByLabel('Agency').selectOption('police');
  await mash.getByLabel('What do you need to know?').fill('Previous call-outs to the address and any bail conditions.');
  await mash.getByLabel('Within 4 hours').check();
  await mash.getByRole('button', { name: 'Request the check' }).click();
  await assert.doesNotReject(mash.getByText('Check requested.').waitFor());

  // Propose a referral with consent given.
  await mash.getByLabel('Referral to children\'s social care for assessment').check();
  await mash.getByLabel('Level 3: targeted support (child in need)').check();
  await mash.getByLabel('Rationale').fill('Third police call-out this year with the child present; needs a full assessment of needs and risk.');
  await mash.getByLabel('Given', { exact: true }).check();
  await mash.getByRole('button', { name: 'Send to a manager' }).click();
  await assert.doesNotReject(mash.getByText('Decision sent to a manager for authorisation.').waitFor());
  const contactUrl = mash.url().split('?')[0];
  await expectNoAxeViolations(mash);

  // The manager cannot close it while the police check is open.
  const manager = await newPage(browser);
  await signIn(manager, hearth.url, USERS.teamManager, DEMO_PASSWORD);
  await manager.goto(contactUrl);
  await expectNoAxeViolations(manager);
  await manager.getByRole('button', { name: 'Authorise the decision' }).click();
  await assert.doesNotReject(manager.locator('.govuk-error-summary').waitFor());
  assert.match(await manager.locator('.govuk-error-summary').innerText(), /police check is neither completed nor given a reason/);
  await expectNoAxeViolations(manager);

  // The worker records the result; now the manager can authorise.
  await mash.goto(contactUrl);
  await mash.getByLabel('Result of the police check, or why it was not done').fill('Two previous call-outs; no bail conditions.');
  await mash.getByRole('button', { name: 'Record the result' }).click();
  await assert.doesNotReject(mash.getByText('Check updated.').waitFor());

  await manager.goto(contactUrl);
  await manager.getByRole('button', { name: 'Authorise the decision' }).click();
  await assert.doesNotReject(manager.getByText('Decision authorised. The contact is closed.').waitFor());
  await expectNoAxeViolations(manager);
});
