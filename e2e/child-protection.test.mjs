// Child protection work lists in a real browser (issue 4): a team manager's
// list shows an overdue core group, and it leads to the child. Every page
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

test("a team manager's list shows an overdue core group", async () => {
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.teamManager, DEMO_PASSWORD);
  await page.goto(`${hearth.url}/work/team`);
  await expectNoAxeViolations(page);
  const rows = page.locator('tbody tr', { hasText: /core group/i }).filter({ hasText: 'Overdue' });
  assert.ok((await rows.count()) > 0, 'an overdue core group is listed');
  await rows.first().getByRole('link').first().click();
  await expectNoAxeViolations(page);
  assert.match(await page.locator('main').innerText(), /core group/i);
});
