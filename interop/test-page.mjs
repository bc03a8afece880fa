// Turnpike's own ICE test page (GET / on the HTTP API) in headless Chromium (Debian's chromium,
// driven by playwright-core): opens the page with #key=ID&token=TOKEN&run, which mints a credential
// through the API and gathers candidates against every URL it got, waits for the page to say it is
// done, and returns what the page reports.
//
// Argument (JSON): { url: "http://127.0.0.1:PORT/#key=...&token=...&run", timeoutMs,
//   chromium (path, default /usr/bin/chromium) }
// Result: { summary: {udp, tcp, tls: "pass"|"fail"|"na"}, probes: [{url, transport, ok, candidates,
//   errors}], cells: {udp, tcp, tls: text shown on the page}, status }
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runScript } from './lib/run.mjs';

// Flags from the team's notes on driving Debian's chromium on these machines.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // The test server's certificate is self-signed, generated at start; turns: needs this.
  '--ignore-certificate-errors',
];

runScript(async (args, log) => {
  const profile = mkdtempSync(join(tmpdir(), 'turnpike-test-page-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    ignoreHTTPSErrors: true,
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', (m) => log(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log(`page error: ${e}`));
    log(`chromium ${context.browser()?.version() ?? ''}`);
    await page.goto(args.url);
    await page.waitForFunction(() => document.body.dataset.done === 'true', null,
      { timeout: (args.timeoutMs ?? 60000) - 5000, polling: 100 });
    return await page.evaluate(() => ({
      summary: window.turnpikeResults.summary,
      error: window.turnpikeResults.error,
      probes: window.turnpikeResults.probes,
      status: document.getElementById('status').textContent,
      cells: {
        udp: document.getElementById('result-udp').textContent,
        tcp: document.getElementById('result-tcp').textContent,
        tls: document.getElementById('result-tls').textContent,
      },
    }));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
