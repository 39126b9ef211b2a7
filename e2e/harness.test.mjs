// Self-tests of the browser-test harness. These need Chromium but not Hearth:
// they prove the accessibility check can fail (and pass), and that
// startHearth() finds the URL, reports failures clearly and cleans up, using
// a stand-in for the hearth binary.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_PASSWORD,
  USERS,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  signIn,
  startHearth,
} from './harness.mjs';

describe('expectNoAxeViolations', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('fails on an image with no alt text', async () => {
    const page = await newPage(browser);
    try {
      await page.setContent(`<!DOCTYPE html>
        <html lang="en">
          <head><title>Broken page</title></head>
          <body>
            <main>
              <h1>A page with an unlabelled image</h1>
              <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
            </main>
          </body>
        </html>`);
      await assert.rejects(expectNoAxeViolations(page), (err) => {
        assert.ok(err instanceof assert.AssertionError, `expected an AssertionError, got ${err}`);
        assert.match(err.message, /image-alt/);
        assert.match(err.message, /Images must have alternative text/);
        assert.match(err.message, /\bimg\b/);
        return true;
      });
    } finally {
      await page.close();
    }
  });

  test('passes on a clean page', async () => {
    const page = await newPage(browser);
    try {
      await page.setContent(`<!DOCTYPE html>
        <html lang="en">
          <head><title>Clean page</title></head>
          <body>
            <main>
              <h1>A clean page</h1>
              <p>Nothing wrong here.</p>
            </main>
          </body>
        </html>`);
      const results = await expectNoAxeViolations(page);
      assert.equal(results.violations.length, 0);
      assert.ok(results.passes.length > 0, 'axe should have run some checks');
    } finally {
      await page.close();
    }
  });
});

describe('signIn (with a stand-in sign-in page)', () => {
  let browser;
  let server;
  let url;

  // A GOV.UK-style sign-in form, including the password input's
  // "Show password" button, whose aria-label also contains "password".
  const signInPage = (error) => `<!DOCTYPE html>
    <html lang="en"><head><title>Sign in</title></head><body><main>
      ${error ? '<div class="govuk-error-summary"><h2>There is a problem</h2><p>Check your username and password</p></div>' : ''}
      <h1>Sign in</h1>
      <form method="post" action="/sign-in">
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password">
        <button type="button" aria-label="Show password">Show</button>
        <button type="submit">Sign in</button>
      </form>
    </main></body></html>`;

  before(async () => {
    browser = await launchBrowser();
    server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/sign-in') {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          if (form.get('username') === USERS.practitioner && form.get('password') === DEMO_PASSWORD) {
            res.writeHead(303, { Location: '/' }).end();
          } else {
            res.writeHead(200, { 'Content-Type': 'text/html' }).end(signInPage(true));
          }
        });
      } else if (req.url === '/sign-in') {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(signInPage(false));
      } else {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end(
          '<!DOCTYPE html><html lang="en"><head><title>Home</title></head><body><main><h1>Your work</h1></main></body></html>',
        );
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${server.address().port}`;
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('signs in and lands on the next page', async () => {
    const page = await newPage(browser);
    try {
      await signIn(page, url, USERS.practitioner, DEMO_PASSWORD);
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal(await page.locator('h1').innerText(), 'Your work');
    } finally {
      await page.close();
    }
  });

  test('throws, quoting the error summary, when sign-in fails', async () => {
    const page = await newPage(browser);
    try {
      await assert.rejects(signIn(page, url, USERS.practitioner, 'wrong'), /Sign-in as sw\.demo failed[\s\S]*Check your username and password/);
      await signIn(page, url, USERS.practitioner, 'wrong', { expectSuccess: false });
      assert.equal(new URL(page.url()).pathname, '/sign-in');
    } finally {
      await page.close();
    }
  });
});

describe('startHearth (with a stand-in binary)', () => {
  let dir;
  let savedBin;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-harness-test-'));
    savedBin = process.env.HEARTH_BIN;
  });
  after(() => {
    if (savedBin === undefined) delete process.env.HEARTH_BIN;
    else process.env.HEARTH_BIN = savedBin;
    rmSync(dir, { recursive: true, force: true });
  });

  function fakeBin(name, body) {
    const path = join(dir, name);
    writeFileSync(path, `#!/usr/bin/env node\n${body}\n`);
    chmodSync(path, 0o755);
    process.env.HEARTH_BIN = path;
    return path;
  }

  test('resolves with the URL Hearth prints, and stop() kills it and removes its data dir', async () => {
    fakeBin(
      'hearth-ok',
      `
      const http = require('node:http');
      const fs = require('node:fs');
      const args = process.argv.slice(2);
      const dataDir = args[args.indexOf('--data-dir') + 1];
      if (args[0] !== 'demo' || !fs.statSync(dataDir).isDirectory()) process.exit(2);
      if (process.env.RUST_LOG !== 'warn') process.exit(3);
      const server = http.createServer((req, res) => res.end('ok'));
      server.listen(0, '127.0.0.1', () => {
        console.log('Loading demo data…');
        console.log('Hearth is running at http://127.0.0.1:' + server.address().port + '/');
      });
      `,
    );
    const hearth = await startHearth();
    try {
      assert.match(hearth.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(existsSync(hearth.dataDir));
      const response = await fetch(hearth.url);
      assert.equal(await response.text(), 'ok');
    } finally {
      await hearth.stop();
    }
    assert.ok(!existsSync(hearth.dataDir), 'data dir should be removed');
    await assert.rejects(fetch(hearth.url), 'the process should be gone');
  });

  test('fails clearly, with stderr, when Hearth exits before it is ready', async () => {
    fakeBin('hearth-broken', `console.error('error: could not open database'); process.exit(1);`);
    await assert.rejects(startHearth(), (err) => {
      assert.match(err.message, /exited \(code 1/);
      assert.match(err.message, /could not open database/);
      return true;
    });
  });

  test('fails clearly when the binary is missing', async () => {
    process.env.HEARTH_BIN = join(dir, 'no-such-hearth');
    await assert.rejects(startHearth(), /Hearth binary not found.*cargo build -p hearth/s);
  });
});
