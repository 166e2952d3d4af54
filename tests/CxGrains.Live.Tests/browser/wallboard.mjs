// Drives the wallboard in headless Chromium. Talks to the xunit test over stdio: prints
// "RESTART" when the page is ready for the server to be restarted, then waits for a line "UP"
// on stdin. Exits 0 when every check passed; prints "FAIL <reason>" and exits 1 otherwise.
// Usage: node wallboard.mjs <baseUrl> <readerKey> <ingestKey> <touchpointId> <screenshotPath>
import { log, nextLine, postBatch, runInBrowser } from './harness.mjs';

const [baseUrl, readerKey, ingestKey, touchpoint, screenshot] = process.argv.slice(2);

async function ingest(count, npsScore) {
  const events = Array.from({ length: count }, (_, i) => ({
    eventId: `e-${Date.now()}-${Math.random().toString(16).slice(2)}-${i}`,
    customerId: `c-${Math.random().toString(16).slice(2)}`,
    touchpointId: touchpoint,
    channel: 'PHONE',
    journeyStage: 'POST_PURCHASE',
    occurredAt: new Date().toISOString(),
    attributes: { region: 'EU' },
    nps: { score: npsScore },
  }));
  await postBatch(baseUrl, ingestKey, { batchId: `b-${Date.now()}`, events }, count);
}

await runInBrowser(screenshot.replace(/\.png$/, '-failure.png'), async (browser, page) => {
    const empty = `${touchpoint}-never-used`;
    const url = `${baseUrl}/?key=${encodeURIComponent(readerKey)}&segments=all,region=EU,channel=PHONE`
      + `&touchpoints=${encodeURIComponent(touchpoint)},${encodeURIComponent(empty)}&window=ONE_HOUR`;
    await page.goto(url);
    await page.waitForSelector('#status[data-state="connected"]', { timeout: 30000 });
    const tile = `section.tile[data-topic="touchpoint/${touchpoint}"]`;

    // A touchpoint without data draws no chart (no axis made up from nothing) and says so.
    const emptyTile = `section.tile[data-topic="touchpoint/${empty}"]`;
    await page.waitForSelector(`${emptyTile} [data-metric="events"]`, { timeout: 15000 });
    const emptyTrend = await page.$eval(emptyTile, (t) => ({ chart: !t.querySelector('.trend').hidden, note: !t.querySelector('.trend-empty').hidden }));
    if (emptyTrend.chart || !emptyTrend.note) throw new Error(`an empty touchpoint's trend shows chart=${emptyTrend.chart}, note=${emptyTrend.note}`);
    const events = `${tile} [data-metric="events"]`;
    const readEvents = () => page.$eval(events, (e) => Number(e.dataset.value));
    const waitEvents = (n) => page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.value) === n, [events, n], { timeout: 15000 });
    const before = await readEvents();
    log(`connected; touchpoint shows ${before} events`);

    await ingest(12, 10);
    await ingest(4, 3);
    await waitEvents(before + 16);
    const nps = await page.$eval(`${tile} [data-metric="nps"]`, (e) => e.textContent);
    if (nps !== '+50') throw new Error(`NPS shows '${nps}', expected '+50' (12 promoters, 4 detractors)`);
    log(`numbers changed: ${before + 16} events, NPS ${nps}`);
    const chartShown = await page.$eval(tile, (t) => !t.querySelector('.trend').hidden && t.querySelector('.trend-empty').hidden);
    if (!chartShown) throw new Error('the touchpoint with NPS answers shows no trend chart');

    // Health bands count customers; a channel segment counts events only, so its bands read "—", not 0.
    const channelTile = 'section.tile[data-topic="segment/channel=PHONE"]';
    await page.waitForFunction((sel) => Number(document.querySelector(`${sel} [data-metric="events"]`)?.dataset.value) > 0, channelTile, { timeout: 15000 });
    const bands = await page.$eval(channelTile, (t) => [t.querySelector('.health').dataset.applies,
      ...['healthy', 'at-risk', 'critical'].map((m) => t.querySelector(`[data-metric="${m}"]`).textContent)]);
    if (bands.join(' ') !== 'false — — —') throw new Error(`channel segment health shows '${bands.join(' ')}'`);
    const allBands = await page.$eval('section.tile[data-topic="segment/all"]', (t) => t.querySelector('.health').dataset.applies);
    if (allBands !== 'true') throw new Error(`segment 'all' health applies='${allBands}'`);

    // Drill-down: the region's at-risk list, then one customer's health history as a sparkline
    // (its events go to another touchpoint, so the counts checked after the restart stay as they are).
    const unhappy = `c-unhappy-${Date.now()}`;
    const at = new Date().toISOString();
    await postBatch(baseUrl, ingestKey, { batchId: `b-unhappy-${Date.now()}`, events: [0, 1, 2].map((i) => ({
      eventId: `${unhappy}-${i}`, customerId: unhappy, touchpointId: `${touchpoint}-drill`, channel: 'PHONE', journeyStage: 'POST_PURCHASE',
      occurredAt: at, attributes: { region: 'EU' }, ...(i === 1 ? { csat: { score: 1 } } : { nps: { score: 0 } }),
    })) }, 3);
    const euTile = 'section.tile[data-topic="segment/region=EU"]';
    const entry = `${euTile} .at-risk-list button[data-customer-id="${unhappy}"]`;
    const deadline = Date.now() + 15000;
    // The at-risk list is read when opened: reopen until the segment has the customer. Visible, not only present:
    // a read that lands after the check leaves the entry in a list the next toggle has closed.
    while (!(await page.isVisible(entry))) {
      if (Date.now() > deadline) throw new Error(`customer ${unhappy} never appeared in the region's at-risk list`);
      await page.click(`${euTile} .at-risk-toggle`);
      await page.waitForTimeout(300);
    }
    await page.click(entry);
    await page.waitForSelector(`${euTile} .sparkline svg.spark[data-points="1"]`, { timeout: 10000 });
    const spark = await page.$eval(`${euTile} .sparkline svg.spark`, (svg) => ({
      points: svg.querySelector('.spark-line').getAttribute('points').trim().split(' ').length,
      title: svg.closest('.customer').querySelector('.customer-title').textContent,
    }));
    if (spark.points !== 1 || !spark.title.startsWith(`${unhappy}: `)) throw new Error(`sparkline shows ${spark.points} points, title '${spark.title}'`);
    log(`drill-down: ${spark.title}, sparkline of ${spark.points} point`);

    console.log('RESTART');
    const up = await nextLine();
    if (up !== 'UP') throw new Error(`expected UP, got '${up}'`);
    // The page must notice and come back by itself, then show numbers that include new events.
    await page.waitForFunction(() => Number(document.getElementById('status').dataset.reconnects) >= 1
      && document.getElementById('status').dataset.state === 'connected', null, { timeout: 60000 });
    log('reconnected');
    await ingest(4, 9);
    await waitEvents(before + 20);
    log(`current numbers after restart: ${before + 20} events`);

    await page.screenshot({ path: screenshot, fullPage: true });
    log(`screenshot ${screenshot}`);
});
