// Browser-test harness for Hearth.
//
// Tests live next to this file as e2e/*.test.mjs and run with node's built-in
// test runner (scripts/test does this for you):
//
//   cargo build -p hearth && HEARTH_BIN=target/debug/hearth node --test e2e/
//
// A typical test:
//
//   import { test, before, after } from 'node:test';
//   import { startHearth, launchBrowser, newPage, signIn, expectNoAxeViolations,
//            USERS, DEMO_PASSWORD } from './harness.mjs';
//
//   let hearth, browser;
//   before(async () => { hearth = await startHearth(); browser = await launchBrowser(); });
//   after(async () => { await browser?.close(); await hearth?.stop(); });
//
//   test('practitioner sees their caseload', async () => {
//     const page = await newPage(browser); // not browser.newPage(): axe needs a context
//     await signIn(page, hearth.url, USERS.practitioner, DEMO_PASSWORD);
//     await expectNoAxeViolations(page);
//   });

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Password of every demo account (`hearth demo` seeds them). */
export const DEMO_PASSWORD = 'hearth-demo';

/** Demo accounts, one per role. */
export const USERS = Object.freeze({
  practitioner: 'sw.demo',
  teamManager: 'tm.demo',
  serviceManager: 'sm.demo',
  mashWorker: 'mash.demo',
  iro: 'iro.demo',
  qa: 'qa.demo',
  performanceAnalyst: 'pa.demo',
  administrator: 'admin.demo',
});

const READY_LINE = /Hearth is running at (http:\/\/\S+)/;
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;
const STDERR_KEEP_CHARS = 16_000;

// Every Hearth this process started and has not yet stopped, so they can be
// killed (and their temp dirs removed) however the test process ends.
const running = new Set();

function killAllSync() {
  for (const instance of running) {
    try {
      instance.child.kill('SIGKILL');
    } catch {
      // already gone
    }
    try {
      rmSync(instance.dataDir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  running.clear();
}

let exitHooksInstalled = false;
function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllSync);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      killAllSync();
      process.exit(code);
    });
  }
}

function hearthBin() {
  const configured = process.env.HEARTH_BIN || 'target/debug/hearth';
  // A relative HEARTH_BIN is taken from the working directory if it exists
  // there (scripts/test runs from the repository root), else from the root.
  const bin = isAbsolute(configured)
    ? configured
    : existsSync(resolve(configured))
      ? resolve(configured)
      : resolve(REPO_ROOT, configured);
  if (!existsSync(bin)) {
    throw new Error(
      `Hearth binary not found at ${bin} (HEARTH_BIN=${process.env.HEARTH_BIN ?? '<unset>'}). ` +
        'Build it with `cargo build -p hearth`, or set HEARTH_BIN.',
    );
  }
  return bin;
}

/**
 * Starts `hearth demo` on a free port with a fresh, throw-away data
 * directory and synthetic data (seed 7).
 *
 * @param {{ size?: string }} [options]
 * @returns {Promise<{ url: string, dataDir: string, stop: () => Promise<void> }>}
 *   `url` has no trailing slash, e.g. "http://127.0.0.1:41234".
 */
export async function startHearth({ size = 'tiny' } = {}) {
  installExitHooks();
  const bin = hearthBin();
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-'));
  const args = [
    'demo',
    '--size', size,
    '--seed', '7',
    '--data-dir', dataDir,
    '--addr', '127.0.0.1:0',
    '--no-open',
  ];
  const child = spawn(bin, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const instance = { child, dataDir };
  running.add(instance);

  let stdout = '';
  let stderr = '';
  let exited = false;
  let spawnError = null;
  const exitedPromise = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolveExit({ code, signal });
    });
    // A process that failed to spawn may never emit 'exit'.
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) {
        exited = true;
        resolveExit({ code: null, signal: null });
      }
    });
  });

  const closedPromise = new Promise((resolveClose) => child.once('close', resolveClose));

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      await exitedPromise;
      clearTimeout(timer);
    }
    running.delete(instance);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const describe = () =>
    `\n  command: ${bin} ${args.join(' ')}` +
    `\n  stdout:\n${indent(stdout) || '    <empty>'}` +
    `\n  stderr:\n${indent(stderr) || '    <empty>'}`;

  try {
    const url = await new Promise((resolveUrl, reject) => {
      let buffered = '';
      const timer = setTimeout(() => {
        reject(new Error(`Hearth did not report "Hearth is running at …" within ${START_TIMEOUT_MS / 1000} s${describe()}`));
      }, START_TIMEOUT_MS);
      const found = (line) => {
        const match = READY_LINE.exec(line);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[1].replace(/\/+$/, ''));
        }
      };
      // Keep draining both pipes for the life of the process, so Hearth never
      // blocks on a full pipe; keep only the tail of each for error messages.
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        stdout = (stdout + chunk).slice(-STDERR_KEEP_CHARS);
        buffered += chunk;
        const lines = buffered.split(/\r?\n/);
        buffered = lines.pop();
        lines.forEach(found);
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk) => {
        stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
      });
      exitedPromise.then(async ({ code, signal }) => {
        // Let the pipes drain (briefly) so the error shows all of stderr.
        if (!spawnError) await Promise.race([closedPromise, delay(1_000)]);
        clearTimeout(timer);
        if (buffered) found(buffered);
        if (spawnError) {
          reject(new Error(`Could not start Hearth: ${spawnError.message}${describe()}`));
        } else {
          reject(new Error(`Hearth exited (code ${code}, signal ${signal}) before it was ready${describe()}`));
        }
      });
    });
    // Don't let a running Hearth keep the test process alive: if a test
    // forgets stop(), the process still ends and the exit hook kills Hearth.
    // (stop() keeps the process alive itself until Hearth has gone.)
    child.unref();
    child.stdout.unref?.();
    child.stderr.unref?.();
    return { url, dataDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Launches Debian's Chromium, headless. Close it with `browser.close()`. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a page in a new browser context (its own cookies, so its own
 * session). Use this rather than `browser.newPage()`: axe (and so
 * expectNoAxeViolations) refuses pages that are not in a context made with
 * `browser.newContext()`. Closing the page closes its context.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').BrowserContextOptions} [options]
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.once('close', () => {
    context.close().catch(() => {});
  });
  return page;
}

/**
 * Signs in through the sign-in page and waits for the page after it.
 * Throws if Hearth is still showing the sign-in page afterwards (wrong
 * credentials), quoting the page's error summary; pass
 * `{ expectSuccess: false }` to test a failed sign-in.
 */
export async function signIn(page, url, username, password, { expectSuccess = true } = {}) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await navigated;
  await page.waitForLoadState('load');
  if (expectSuccess && new URL(page.url()).pathname.replace(/\/+$/, '') === '/sign-in') {
    const summary = await page
      .locator('.govuk-error-summary')
      .innerText({ timeout: 1_000 })
      .catch(() => '');
    throw new Error(`Sign-in as ${username} failed: still on ${page.url()}${summary ? `\n${summary}` : ''}`);
  }
}

/**
 * Runs axe-core against the page (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) and
 * fails, listing every violation, if there are any. Returns the axe results.
 *
 * @param {import('playwright-core').Page} page
 * @param {{ exclude?: string[], disableRules?: string[] }} [options]
 *   escape hatches; any use should carry a comment saying why.
 */
export async function expectNoAxeViolations(page, { exclude = [], disableRules = [] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
  for (const selector of exclude) builder = builder.exclude(selector);
  if (disableRules.length > 0) builder = builder.disableRules(disableRules);
  const results = await builder.analyze();
  const { violations } = results;
  if (violations.length > 0) {
    const lines = violations.map((v) => {
      const targets = v.nodes.map((node) => `      ${formatTarget(node.target)}`).join('\n');
      return `  ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n    ${v.helpUrl}\n${targets}`;
    });
    assert.fail(
      `${violations.length} accessibility violation${violations.length === 1 ? '' : 's'} on ${page.url()}:\n${lines.join('\n')}`,
    );
  }
  return results;
}

function formatTarget(target) {
  // axe gives a list of selectors; nested lists step into iframes / shadow DOM.
  return target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' | ');
}
