// Checks the compiled stylesheet (crates/web/assets/dist/hearth.css) without
// Hearth: sample markup for the Hearth components, styled by it, must pass
// axe (including colour contrast), and the stylesheet must not use GOV.UK's
// brand font.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expectNoAxeViolations, launchBrowser, newPage } from './harness.mjs';

const css = readFileSync(new URL('../crates/web/assets/dist/hearth.css', import.meta.url), 'utf8');

const sample = `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head><title>Amira Khan – Hearth</title><style>${css}</style></head>
<body class="govuk-template__body">
  <section class="hearth-child-banner" aria-labelledby="child-banner-name">
    <div class="govuk-width-container">
      <h2 class="hearth-child-banner__name" id="child-banner-name"><a href="#record">Amira Khan</a></h2>
      <dl class="hearth-child-banner__details">
        <div class="hearth-child-banner__detail">
          <dt class="hearth-child-banner__key">Hearth ID</dt>
          <dd class="hearth-child-banner__value">HRT-000123</dd>
        </div>
        <div class="hearth-child-banner__detail">
          <dt class="hearth-child-banner__key">Date of birth</dt>
          <dd class="hearth-child-banner__value">4 March 2014 (11 years)</dd>
        </div>
      </dl>
      <ul class="hearth-child-banner__flags" aria-label="Flags">
        <li class="hearth-child-banner__flag hearth-child-banner__flag--warning">Child protection plan</li>
        <li class="hearth-child-banner__flag">Child in care</li>
      </ul>
    </div>
  </section>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="record">
      <h1 class="govuk-heading-l">Chronology</h1>
      <ol class="hearth-chronology">
        <li class="hearth-chronology__entry hearth-chronology__entry--significant">
          <time class="hearth-chronology__date" datetime="2025-03-12">12 March 2025</time>
          <div class="hearth-chronology__body">
            <strong class="govuk-tag govuk-tag--blue hearth-chronology__type">Strategy discussion</strong>
            <p class="hearth-chronology__summary">Section 47 enquiry agreed.</p>
            <p class="hearth-chronology__meta">Recorded by Sam Worker</p>
          </div>
        </li>
        <li class="hearth-chronology__entry">
          <time class="hearth-chronology__date" datetime="2025-03-10">10 March 2025</time>
          <div class="hearth-chronology__body">
            <strong class="govuk-tag hearth-chronology__type">Home visit</strong>
            <p class="hearth-chronology__summary">Seen alone; said she feels safe at home.</p>
            <p class="hearth-chronology__meta">Recorded by Sam Worker</p>
          </div>
        </li>
      </ol>
      <div class="hearth-analysis">
        <h2 class="hearth-analysis__heading">Analysis</h2>
        <p class="govuk-body">Protective factors outweigh the risks identified.</p>
      </div>
      <div class="hearth-analysis hearth-analysis--concern">
        <h2 class="hearth-analysis__heading">Analysis</h2>
        <p class="govuk-body">Repeated missed health appointments.</p>
      </div>
    </main>
  </div>
</body>
</html>`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the stylesheet uses a system font stack and no GOV.UK fonts', () => {
  assert.doesNotMatch(css, /GDS Transport/);
  assert.doesNotMatch(css, /@font-face/);
  assert.doesNotMatch(css, /fonts\//);
  assert.match(css, /font-family:system-ui,/);
});

for (const [name, viewport] of [
  ['desktop', { width: 1280, height: 900 }],
  ['mobile', { width: 360, height: 740 }],
]) {
  test(`Hearth components pass axe, colour contrast included (${name})`, async () => {
    const page = await newPage(browser, { viewport });
    try {
      await page.setContent(sample);
      const banner = page.locator('.hearth-child-banner');
      assert.equal(await banner.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(15, 56, 92)');
      await expectNoAxeViolations(page);
    } finally {
      await page.close();
    }
  });
}
