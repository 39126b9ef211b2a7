// Statutory returns in a real browser (issue 5): a performance analyst
// checks the CIN census for the last complete year, reads what the DfE's
// rules find per rule and per child, downloads the XML, and makes it again
// for the same moment to see the same file; a mistyped year is refused
// with the GOV.UK error summary; a team manager opens the data quality
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

test('a performance analyst checks, downloads and remakes the CIN census', async () => {
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.performanceAnalyst, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Returns', exact: true }).click();
  await page.waitForURL(/\/returns$/);
  await expectNoAxeViolations(page);

  await page.locator('#cin-form').getByRole('button', { name: 'Check the census' }).click();
  await page.waitForURL(/\/returns\/cin\?/);
  const children = Number(await page.locator('#children-count').innerText());
  assert.ok(children > 0, 'the census has children');
  assert.match(await page.locator('#rule-totals').innerText(), /^109 rules: \d+ errors, \d+ queries$/);
  const sha = (await page.locator('#sha256').innerText()).trim();
  assert.match(sha, /^[0-9a-f]{64}$/);
  await expectNoAxeViolations(page);

  // Each rule's count lists the children behind it, linked to their records.
  const ruleLinks = await page.locator('#rules tbody a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), Number(a.textContent)]));
  assert.ok(ruleLinks.length > 0, 'the demo census has findings (queries at least)');
  let perChildChecked = false;
  for (const [href, expected] of ruleLinks) {
    await page.goto(`${hearth.url}${href}`);
    const rows = page.locator('#issue-list tbody tr');
    assert.equal(await rows.count(), Math.min(expected, 500));
    const childLink = rows.first().locator('a').first();
    if (perChildChecked || await childLink.count() === 0) continue;
    assert.match(await childLink.getAttribute('href'), /^\/children\/[0-9a-f-]{36}$/);
    // Per child: every finding for that child, whatever the rule.
    const child = (await childLink.innerText()).trim();
    await rows.first().getByRole('link', { name: `Every finding for ${child}` }).click();
    await page.waitForURL(/child=/);
    assert.match(await page.locator('#issues').innerText(), new RegExp(`^Child ${child} \\(\\d+\\)$`));
    for (const cell of await page.locator('#issue-list tbody tr td:first-child a:first-child').allInnerTexts()) {
      assert.equal(cell.trim(), child);
    }
    await expectNoAxeViolations(page);
    perChildChecked = true;
  }
  assert.ok(perChildChecked, 'some finding is about a child');

  // Download the XML: the census structure, with the header the DfE expects.
  const link = page.locator('#files a').first();
  const href = await link.getAttribute('href');
  const response = await page.request.get(`${hearth.url}${href}`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-disposition'], /attachment; filename="cin_census_999_\d{4}\.xml"/);
  const xml = await response.text();
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
  assert.match(xml, /<Message>\s*<Header>\s*<CollectionDetails>\s*<Collection>CIN<\/Collection>/);
  assert.equal((xml.match(/<Child>/g) ?? []).length, children);

  // The download is on record; made again for the same moment, it is the same file.
  await page.goto(`${hearth.url}/returns`);
  const run = page.locator('#runs tbody tr').first();
  assert.match(await run.innerText(), /Children in need census/);
  await run.getByRole('link').first().click();
  await page.waitForURL(/\/returns\/cin\?/);
  assert.equal((await page.locator('#sha256').innerText()).trim(), sha);
  await page.locator('#same-as-before').waitFor();
  await page.close();
});

test('a mistyped collection year is refused with the error summary', async () => {
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.performanceAnalyst, DEMO_PASSWORD);
  const response = await page.goto(`${hearth.url}/returns/cin?year=20x5-26`);
  assert.equal(response.status(), 422);
  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /Enter the collection year like 2025-26/);
  await summary.getByRole('link').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'year');
  await expectNoAxeViolations(page);
  await page.close();
});

test('a team manager sees which children would fail the census today', async () => {
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.teamManager, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Data quality', exact: true }).click();
  await page.waitForURL(/\/data-quality$/);
  const inCensus = Number(await page.locator('#dq-children').innerText());
  const failing = Number(await page.locator('#dq-failing').innerText());
  assert.ok(inCensus > 0);
  assert.ok(failing <= inCensus);
  await expectNoAxeViolations(page);
  // A team manager may not produce returns.
  const forbidden = await page.goto(`${hearth.url}/returns`);
  assert.equal(forbidden.status(), 403);
  await page.close();
});
