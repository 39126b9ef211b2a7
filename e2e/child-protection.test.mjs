// Child protection in a real browser (issue 4): from a referral, a social
// worker starts an assessment; a strategy discussion is refused without
// attendees and then recorded; the section 47 enquiry, the initial conference
// and the child protection plan with its contingency follow; the parents'
// plain-language version is read. A team manager's list shows an overdue
// core group. Every page visited must be free of axe-core violations.
//
// The child and their referral are set up through the JSON API (the front
// door's own browser test covers those screens); everything after the
// referral goes through the pages.

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

/** POSTs JSON with the page's session and CSRF token; returns the parsed answer. */
async function api(page, path, data) {
  const session = await (await page.request.get(`${hearth.url}/api/v1/session`)).json();
  const res = await page.request.post(`${hearth.url}/api/v1${path}`, {
    headers: { 'X-CSRF-Token': session.csrf_token },
    data,
  });
  const body = await res.json();
  assert.ok(res.ok(), `${path}: ${res.status()} ${JSON.stringify(body)}`);
  return body;
}

/** Working days back from today (weekends only; close enough for set-up). */
function weekdaysAgo(n) {
  const d = new Date();
  while (n > 0) {
    d.setDate(d.getDate() - 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) n -= 1;
  }
  return d;
}

async function fillDate(page, name, d) {
  await page.locator(`[name="${name}-day"]`).fill(String(d.getDate()));
  await page.locator(`[name="${name}-month"]`).fill(String(d.getMonth() + 1));
  await page.locator(`[name="${name}-year"]`).fill(String(d.getFullYear()));
}

async function fillAttendees(page, rows) {
  for (const [i, [name, agency, role]] of rows.entries()) {
    await page.locator(`[name="attendees[${i}].name"]`).fill(name);
    await page.locator(`[name="attendees[${i}].agency"]`).selectOption(agency);
    await page.locator(`[name="attendees[${i}].role"]`).fill(role);
  }
}

async function fillAction(page, i, description, owner, agency, due) {
  await page.locator(`[name="actions[${i}].description"]`).fill(description);
  await page.locator(`[name="actions[${i}].owner_name"]`).fill(owner);
  await page.locator(`[name="actions[${i}].owner_agency"]`).fill(agency);
  await fillDate(page, `actions[${i}].due_on`, due);
}

async function errorSummary(page) {
  await page.locator('.govuk-error-summary').waitFor();
  return page.locator('.govuk-error-summary').innerText();
}

test('a referral goes through assessment, strategy discussion, section 47 and conference to a plan the parents can read', async () => {
  // A child with an open referral and an
  // assessment under way, and no strategy discussion or plan yet: the
  // synthetic authority always has some. (A referral made through the front
  // door today could not reach a conference on a weekday when the test runs
  // at a weekend.)
  const page = await newPage(browser);
  await signIn(page, hearth.url, USERS.serviceManager, DEMO_PASSWORD);
  await page.goto(`${hearth.url}/work/service`);
  const teams = await page.locator('a[href^="/work/team?team="]')
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
  const hrefs = [];
  for (const team of teams) {
    await page.goto(`${hearth.url}${team}`);
    hrefs.push(...await page.locator('tbody tr', { hasText: /assessment/i }).locator('a[href^="/children/"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href'))));
  }
  // Children not yet allocated are on the timeliness dashboard's lists.
  for (const status of ['on_time', 'due_soon', 'overdue']) {
    await page.goto(`${hearth.url}/dashboard/timeliness/list?team=none&rule=assessment&status=${status}`);
    hrefs.push(...await page.locator('a[href^="/children/"]').evaluateAll((links) => links.map((l) => l.getAttribute('href'))));
  }
  let childId;
  let assessment;
  const ids = [...new Set(hrefs.map((h) => /^\/children\/([0-9a-f-]{36})/.exec(h)?.[1]).filter(Boolean))];
  for (const id of ids) {
    const get = async (path) => (await page.request.get(`${hearth.url}/api/v1${path}`)).json();
    const open = (await get(`/children/${id}/assessments`)).assessments.find((a) => a.status === 'in_progress');
    const discussions = await get(`/children/${id}/strategy-discussions`);
    const plans = await get(`/children/${id}/cp-plans`);
    const openPlans = (plans.plans ?? plans).filter((p) => !p.ended_on);
    if (open && new Date(`${open.referral_on}T12:00:00`) <= weekdaysAgo(2) && !discussions.some((d) => d.referral_id === open.referral_id) && openPlans.length === 0) {
      childId = id;
      assessment = open;
      break;
    }
  }
  assert.ok(childId, `a child with an assessment under way among ${ids.length} children on the work lists`);
  const record = `${hearth.url}/children/${childId}`;
  await page.goto(record);
  await expectNoAxeViolations(page);
  const referralOn = new Date(`${assessment.referral_on}T12:00:00`);
  const notBeforeReferral = (d) => (d < referralOn ? referralOn : d);

  // The assessment: information gathered and the analysis, kept apart.
  await page.goto(`${hearth.url}/assessments/${assessment.assessment_id}`);
  await page.locator('[name="information_gathered"]').waitFor();
  await expectNoAxeViolations(page);
  await page.locator('[name="information_gathered"]').fill('Spoke to school, GP and mother. Bruising seen by the class teacher.');
  await page.locator('[name="analysis"]').fill('The injury is unexplained and the child is frightened: significant harm cannot be ruled out.');
  await page.getByRole('button', { name: 'Save progress' }).click();
  await page.goto(record);
  assert.match(await page.locator('main').innerText(), /Assessments?/);

  // Strategy discussion: refused without attendees, and nothing is saved.
  const discussionsSoFar = async () => (await page.locator('main').innerText()).split('Strategy discussion: start a section 47 enquiry').length;
  await page.goto(record);
  const before = await discussionsSoFar();
  await page.goto(`${record}/strategy-discussions/new`);
  await expectNoAxeViolations(page);
  const held = notBeforeReferral(weekdaysAgo(4));
  await fillDate(page, 'held_at', held);
  await page.locator('[name="held_at_time"]').fill('10:30');
  await page.locator('[name="information_shared"]').fill('Police: no previous call-outs. Health: missed immunisations. School: bruising seen on Monday.');
  await page.locator('input[name="decision"][value="section_47"]').check();
  await page.locator('[name="rationale"]').fill('Unexplained bruising to a seven-year-old who is afraid to go home meets the threshold for section 47.');
  await page.locator('[name="interim_safety_plan"]').fill('The child stays with his grandmother while the enquiry runs; mother agreed.');
  await fillAction(page, 0, 'Arrange a child protection medical', 'Dr Lee', 'Health', new Date(Date.now() + 7 * 86400000));
  await page.getByRole('button', { name: 'Save the strategy discussion' }).click();
  assert.match(await errorSummary(page), /Add everyone who took part in the strategy discussion, with their agency and role/);
  await expectNoAxeViolations(page);
  await page.goto(record);
  assert.equal(await discussionsSoFar(), before, 'nothing was saved');

  await page.goto(`${record}/strategy-discussions/new`);
  await fillDate(page, 'held_at', held);
  await page.locator('[name="held_at_time"]').fill('10:30');
  await fillAttendees(page, [
    ['Sam Social', 'social_care', 'Social worker'],
    ['DS Patel', 'police', 'Child abuse investigation team'],
  ]);
  await page.locator('[name="information_shared"]').fill('Police: no previous call-outs. Health: missed immunisations. School: bruising seen on Monday.');
  await page.locator('input[name="decision"][value="section_47"]').check();
  await page.locator('[name="rationale"]').fill('Unexplained bruising to a seven-year-old who is afraid to go home meets the threshold for section 47.');
  await page.locator('[name="interim_safety_plan"]').fill('The child stays with his grandmother while the enquiry runs; mother agreed.');
  await fillAction(page, 0, 'Arrange a child protection medical', 'Dr Lee', 'Health', new Date(Date.now() + 7 * 86400000));
  await page.getByRole('button', { name: 'Save the strategy discussion' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/new'));
  await page.goto(record);
  const afterDiscussion = await page.locator('main').innerText();
  // Health and education were expected but did not take part: shown.
  assert.match(afterDiscussion, /Health/);
  await expectNoAxeViolations(page);

  // Section 47 enquiry.
  await page.getByRole('link', { name: /Start the section 47 enquiry/ }).first().click();
  await expectNoAxeViolations(page);
  await fillDate(page, 'started_on', held);
  await page.getByRole('button', { name: 'Start the enquiry' }).click();
  await page.goto(record);
  await page.getByRole('link', { name: /Update the enquiry/ }).first().click();
  await fillDate(page, 'child_seen_on', held);
  await page.locator('input[name="child_seen_alone"][value="yes"]').check();
  await page.locator('input[name="outcome"]').nth(2).check();
  await fillDate(page, 'completed_on', held);
  await page.getByRole('button', { name: 'Save the enquiry' }).click();
  await page.goto(record);
  await expectNoAxeViolations(page);

  // Initial child protection conference, within 15 working days.
  await page.getByRole('link', { name: /Record the initial conference/ }).first().click();
  await expectNoAxeViolations(page);
  const conference = weekdaysAgo(1);
  await fillDate(page, 'held_on', conference);
  await fillAttendees(page, [
    ['Alex Chair', 'social_care', 'Conference chair'],
    ['Sam Social', 'social_care', 'Social worker'],
    ['Nurse Ade', 'health', 'School nurse'],
  ]);
  await page.locator('[name="childs_views"]').fill('The child said he wants to stay with Nan until home feels safe.');
  await page.locator('input[name="advocacy_offered"][value="yes"]').check();
  await page.locator('input[name="decision"][value="child_protection_plan"]').check();
  await page.locator('input[name="category"][value="PHY"]').check();
  await page.locator('[name="rationale"]').fill('Physical injury with no explanation; mother not yet able to keep the child safe.');
  await page.getByRole('button', { name: 'Save the conference' }).click();
  await page.waitForURL((u) => !u.pathname.includes('initial-conference'));

  // The plan: refused without a contingency plan, then recorded.
  await page.goto(record);
  await page.getByRole('link', { name: /Record the child protection plan/ }).first().click();
  await expectNoAxeViolations(page);
  await fillAction(page, 0, 'Mother to attend a parenting course', 'Jo Pathwaytest', 'Parent', new Date(Date.now() + 28 * 86400000));
  await page.getByRole('button', { name: 'Record the plan' }).click();
  assert.match(await errorSummary(page), /contingency plan/i);
  await expectNoAxeViolations(page);
  await page.locator('[name="contingency_plan"]').fill('If the child is hurt again or mother stops working with us, we will hold a legal planning meeting straight away.');
  await page.getByRole('button', { name: 'Record the plan' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/cp-plans/new'));
  await page.goto(record);
  await expectNoAxeViolations(page);
  const withPlan = await page.locator('main').innerText();
  assert.match(withPlan, /Child protection plan/);
  // The chronology has the whole pathway.
  assert.match(withPlan, /Initial child protection conference/);

  // The parents' version: plain words, no jargon. The child may have had
  // a plan before: read the one just recorded.
  const versions = await page.getByRole('link', { name: 'Read or print the plan in plain words' })
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  let parents = '';
  for (const href of versions) {
    await page.goto(`${hearth.url}${href}`);
    parents = await page.locator('main').innerText();
    if (/parenting course/.test(parents)) break;
  }
  await expectNoAxeViolations(page);
    assert.match(parents, /parenting course/);
  assert.doesNotMatch(parents, /section 47|ICPC|contingency/i);
  const pdf = await page.request.get(`${page.url()}.pdf`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 8).toString(), '%PDF-1.4');
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
