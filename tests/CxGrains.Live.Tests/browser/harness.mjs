// What the browser scripts share: the stdio protocol with the xunit test, posting ingest batches,
// and running checks in a headless Chromium page (PASS / FAIL <reason> and the exit code).
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const lines = readline.createInterface({ input: process.stdin });
export const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
export const log = (m) => console.log(`${new Date().toISOString()} ${m}`);
export const expectLine = async (expected) => {
  const line = await nextLine();
  if (line !== expected) throw new Error(`expected ${expected}, got '${line}'`);
};

// Posts one JSON batch to the ingest route; every one of its `count` events must be accepted.
export async function postBatch(baseUrl, ingestKey, batch, count) {
  const r = await fetch(`${baseUrl}/v1/events:batch`, {
    method: 'POST',
    headers: { 'x-api-key': ingestKey, 'content-type': 'application/json' },
    body: JSON.stringify(batch),
  });
  const ack = await r.json();
  if (!r.ok || ack.accepted !== count) throw new Error(`ingest answered ${r.status}: ${JSON.stringify(ack)}`);
}

// Runs `checks(browser, page)` in a fresh 1600×900 page, logging the page's console errors; prints
// PASS and exits 0, or prints FAIL with the reason, saves a full-page screenshot and exits 1.
export async function runInBrowser(failureScreenshot, checks) {
  const browser = await chromium.launch({
    executablePath: process.env.CX_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  let page;
  try {
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error') log(`console: ${m.text()}`); });
    await checks(browser, page);
    console.log('PASS');
    await browser.close();
    process.exit(0);
  } catch (err) {
    console.log(`FAIL ${err && err.message ? err.message : err}`);
    if (page) await page.screenshot({ path: failureScreenshot, fullPage: true }).catch(() => {});
    await browser.close();
    process.exit(1);
  }
}
