// Drives the queue wallboard in headless Chromium against a host whose saved boards are
// "support" (the queue) and "overview" (segment all). Talks to the xunit test over stdio: prints
// "STOP" and waits for "STOPPED" (the host is down), then "START" and waits for "UP".
// Exits 0 when every check passed; prints "FAIL <reason>" and exits 1 otherwise.
// Usage: node queue-board.mjs <baseUrl> <wallboardKey> <ingestKey> <queueId> <screenshotDir>
import { expectLine, log, postBatch, runInBrowser } from './harness.mjs';

const [baseUrl, wallboardKey, ingestKey, queue, screenshots] = process.argv.slice(2);

let contacts = 0;
async function offer(count) {
  const at = new Date(Date.now() - 1000).toISOString();
  const queueEvents = Array.from({ length: count }, () => ({ contactId: `call-${++contacts}`, queueId: queue, kind: 'OFFERED', occurredAt: at }));
  await postBatch(baseUrl, ingestKey, { batchId: `q-${Date.now()}-${contacts}`, queueEvents }, count);
}

await runInBrowser(`${screenshots}/queue-board-failure.png`, async (browser, page) => {
    await page.goto(`${baseUrl}/?key=${encodeURIComponent(wallboardKey)}&board=support&stale=3`);
    await page.waitForSelector('#status[data-state="connected"]', { timeout: 30000 });
    const waiting = `section.tile[data-topic="touchpoint/${queue}"] [data-figure="waiting"]`;
    const read = () => page.$eval(waiting, (box) => ({
      value: box.querySelector('dd').textContent,
      level: box.dataset.level,
      label: box.querySelector('.level').textContent,
      colour: getComputedStyle(box).borderLeftColor,
    }));
    const waitFor = (value) => page.waitForFunction(([sel, v]) => document.querySelector(sel)?.querySelector('dd').textContent === v, [waiting, value], { timeout: 15000 });

    // The support board's thresholds for waiting are 2 (warning) and 4 (critical).
    const seen = [];
    for (const [count, value, level, label] of [[1, '1', 'ok', '✓ OK'], [2, '3', 'warning', '⚠ Warning'], [2, '5', 'critical', '✖ Critical']]) {
      await offer(count);
      await waitFor(value);
      const figure = await read();
      if (figure.level !== level || figure.label !== label) throw new Error(`waiting ${value} shows level '${figure.level}' label '${figure.label}', expected ${level} '${label}'`);
      seen.push(figure.colour);
      log(`waiting ${value}: ${figure.label} (${figure.colour})`);
    }
    if (new Set(seen).size !== 3) throw new Error(`the three levels share colours: ${seen.join(', ')}`);

    // The oldest wait ticks between pushes.
    const oldest = `section.tile[data-topic="touchpoint/${queue}"] [data-figure="oldestWaitSeconds"] dd`;
    const first = await page.$eval(oldest, (e) => e.textContent);
    await page.waitForFunction(([sel, v]) => document.querySelector(sel).textContent !== v, [oldest, first], { timeout: 5000 });
    log(`oldest wait ticks: ${first} → ${await page.$eval(oldest, (e) => e.textContent)}`);
    await page.screenshot({ path: `${screenshots}/wallboard-queue.png` });

    // A URL threshold overrides the board's.
    const relaxed = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await relaxed.goto(`${baseUrl}/?key=${encodeURIComponent(wallboardKey)}&board=support&thresholds=waiting:10:20`);
    await relaxed.waitForFunction((sel) => document.querySelector(sel)?.querySelector('dd').textContent === '5', waiting, { timeout: 15000 });
    const relaxedLevel = await relaxed.$eval(waiting, (box) => box.dataset.level);
    if (relaxedLevel !== 'ok') throw new Error(`with thresholds=waiting:10:20, 5 waiting shows '${relaxedLevel}'`);
    await relaxed.close();

    // Stale badge: shown when the host goes away, cleared when it returns and updates flow again.
    const badge = () => page.$eval('#stale', (e) => (e.hidden ? null : e.textContent.trim()));
    if (await badge() !== null) throw new Error(`stale badge shown on a live board: ${await badge()}`);
    console.log('STOP');
    await expectLine('STOPPED');
    await page.waitForFunction(() => !document.getElementById('stale').hidden, null, { timeout: 15000 });
    log(`host stopped: badge '${await badge()}'`);
    await page.screenshot({ path: `${screenshots}/wallboard-stale.png` });
    console.log('START');
    await expectLine('UP');
    await page.waitForFunction(() => document.getElementById('stale').hidden && document.getElementById('status').dataset.state === 'connected', null, { timeout: 60000 });
    log('host back: badge cleared');

    // TV mode: no controls, rotating between the saved boards.
    const wall = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await wall.goto(`${baseUrl}/?key=${encodeURIComponent(wallboardKey)}&tv=1&rotate=2`);
    await wall.waitForSelector('#status[data-state="connected"]', { timeout: 30000 });
    const controls = await wall.$eval('#add', (e) => getComputedStyle(e).display);
    if (controls !== 'none') throw new Error(`TV mode shows the add form (display ${controls})`);
    const names = [];
    for (let i = 0; i < 3; i++) {
      const name = await wall.$eval('#board-name', (e) => e.textContent);
      names.push(name);
      if (i < 2) await wall.waitForFunction((n) => document.getElementById('board-name').textContent !== n, name, { timeout: 10000 });
    }
    log(`TV mode rotates: ${names.join(' → ')}`);
    if (names.join(',') !== 'support,overview,support' && names.join(',') !== 'overview,support,overview') throw new Error(`rotation went ${names.join(' → ')}`);
    await wall.waitForSelector(`section.tile[data-topic="touchpoint/${queue}"] [data-figure="waiting"][data-level]`, { timeout: 10000 });
    await wall.screenshot({ path: `${screenshots}/wallboard-tv.png` });
});
