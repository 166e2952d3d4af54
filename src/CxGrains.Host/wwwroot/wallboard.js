// CxGrains wallboard: watches segments and touchpoints on the live hub (/hubs/cx) and shows
// their numbers as large tiles (docs/wallboard.md). URL parameters: key (API key; defaults to the
// development reader key), segments (comma-separated segment keys), touchpoints (comma-separated
// ids), window (ONE_MINUTE, FIFTEEN_MINUTES, ONE_HOUR or ONE_DAY), board (a saved board's name),
// thresholds (figure:warning:critical,... over the board's), tv (1: no controls, rotate through
// boards), boards (the boards TV mode rotates through; default all), rotate (seconds per board,
// default 30), stale (seconds without an update before the stale badge shows, default 60).
(() => {
  'use strict';

  const params = new URLSearchParams(location.search);
  const key = params.get('key') || 'dev-reader-key';
  const windows = { ONE_MINUTE: 1, FIFTEEN_MINUTES: 15, ONE_HOUR: 60, ONE_DAY: 1440 };
  const trendPoints = 240;
  const seconds = (name, fallback) => (Number(params.get(name)) > 0 ? Number(params.get(name)) : fallback) * 1000;
  const staleMs = seconds('stale', 60);
  const rotateMs = seconds('rotate', 30);
  const tv = ['1', 'true'].includes(params.get('tv'));
  // Views also age as buckets leave the window; re-reading them now and then keeps a quiet
  // board honest (a Watch answers with a fresh snapshot), and keeps a healthy board from looking stale.
  const refreshMs = Math.min(30000, staleMs / 2);

  const list = (name) => (params.get(name) || '').split(',').map((s) => s.trim()).filter(Boolean);
  const state = {
    window: windows[params.get('window')] ? params.get('window') : 'FIFTEEN_MINUTES',
    topics: [...list('segments').map((k) => `segment/${k}`), ...list('touchpoints').map((k) => `touchpoint/${k}`)],
    tiles: new Map(),
    reconnects: 0,
    thresholds: {},
    lastUpdateAt: Date.now(),
  };

  const $ = (id) => document.getElementById(id);
  const statusEl = $('status');
  const tilesEl = $('tiles');
  const alertsEl = $('alerts');
  const template = $('tile-template');

  // ---- connection -------------------------------------------------------------------------
  const connection = new signalR.HubConnectionBuilder()
    // Browsers cannot set headers on WebSockets: the key travels as access_token, which the
    // server also accepts for negotiation.
    .withUrl(`/hubs/cx?access_token=${encodeURIComponent(key)}`)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(500 * 2 ** c.previousRetryCount, 5000) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on('update', applyUpdate);
  connection.on('alert', addAlert);
  connection.onreconnecting(() => setStatus('reconnecting', 'Reconnecting…', '◌'));
  connection.onreconnected(async () => {
    state.reconnects++;
    await resync();
  });
  connection.onclose(() => {
    setStatus('offline', 'Offline — retrying', '✖');
    setTimeout(start, 2000);
  });

  async function start() {
    if (connection.state !== signalR.HubConnectionState.Disconnected) return;
    setStatus('connecting', 'Connecting…', '◌');
    try {
      await connection.start();
      await resync();
    } catch (err) {
      setStatus('offline', connection.state === 'Disconnected' && String(err).includes('401') ? 'Key refused' : 'Offline — retrying', '✖');
      setTimeout(start, 2000);
    }
  }

  // After any (re)connect the server has forgotten this connection's watches: watch everything
  // again, which also answers each topic with a full snapshot, and re-read the alert list.
  async function resync() {
    try {
      await Promise.all([...state.topics.map((t) => connection.invoke('Watch', t, state.window)), connection.invoke('Watch', 'alerts', state.window), loadAlerts()]);
      setStatus('connected', 'Live', '●');
    } catch (err) {
      console.warn('resync failed', err);
      setStatus('reconnecting', 'Resyncing…', '◌');
    }
  }

  function setStatus(s, text, icon) {
    statusEl.dataset.state = s;
    statusEl.dataset.reconnects = String(state.reconnects);
    statusEl.querySelector('.text').textContent = text;
    statusEl.querySelector('.icon').textContent = icon;
  }

  // ---- tiles ------------------------------------------------------------------------------
  function tileFor(topic) {
    let tile = state.tiles.get(topic);
    if (tile) return tile;
    const el = template.content.firstElementChild.cloneNode(true);
    el.dataset.topic = topic;
    el.querySelector('.title').textContent = topic.replace(/^segment\//, '').replace(/^touchpoint\//, '⌁ ');
    el.querySelector('.title').title = topic;
    el.querySelector('.remove').addEventListener('click', () => removeTopic(topic));
    if (topic.startsWith('touchpoint/')) el.querySelector('.health').hidden = true;
    else el.querySelector('.at-risk-toggle').addEventListener('click', () => toggleAtRisk(el, topic.slice('segment/'.length)));
    tilesEl.appendChild(el);
    tile = { el, asOf: 0, history: [[], []], plot: null };
    state.tiles.set(topic, tile);
    return tile;
  }

  const num = (x) => Number(x ?? 0);
  const set = (tile, metric, text) => { tile.el.querySelector(`[data-metric="${metric}"]`).textContent = text; };

  function applyUpdate(u) {
    if (u.window !== state.window || !state.topics.includes(u.topic)) return;
    state.lastUpdateAt = Date.now();
    const tile = tileFor(u.topic);
    const asOf = Date.parse(u.asOf);
    if (asOf < tile.asOf) return; // An older view racing a newer one: keep the newest.
    tile.asOf = asOf;
    if (u.view.queue) applyQueue(tile, u.view.queue, asOf);
    const m = u.view.metrics || {};
    // A queue fed only by queue events has no experience figures to show: its tile is the queue.
    tile.el.dataset.queueOnly = String(Boolean(u.view.queue) && num(m.events) === 0);
    const nps = m.nps || {}, csat = m.csat || {}, ces = m.ces || {}, contacts = m.contacts || {};
    const events = num(m.events);

    const npsN = num(nps.responses);
    const score = num(nps.score);
    set(tile, 'nps', npsN > 0 ? `${score > 0 ? '+' : ''}${Math.round(score)}` : '—');
    const band = tile.el.querySelector('[data-metric="nps-band"]');
    if (npsN === 0) { band.dataset.band = 'low-n'; band.textContent = 'no answers'; }
    else if (!nps.reliable) { band.dataset.band = 'low-n'; band.textContent = '○ low n'; }
    else if (score >= 30) { band.dataset.band = 'good'; band.textContent = '▲ good'; }
    else if (score < 0) { band.dataset.band = 'poor'; band.textContent = '▼ poor'; }
    else { band.dataset.band = 'neutral'; band.textContent = '● fair'; }
    set(tile, 'nps-detail', npsN > 0 ? `±${Math.round(num(nps.margin95))} · n = ${npsN}` : 'n = 0');

    set(tile, 'csat', num(csat.responses) > 0 ? `${Math.round(num(csat.top2Percent))}%` : '—');
    set(tile, 'ces', num(ces.responses) > 0 ? num(ces.mean).toFixed(1) : '—');
    set(tile, 'fcr', num(contacts.count) - num(contacts.abandoned) > 0 ? `${Math.round(num(contacts.fcrPercent))}%` : '—');
    const perMinute = events / windows[state.window];
    set(tile, 'volume', perMinute >= 10 ? Math.round(perMinute).toString() : perMinute.toFixed(1));

    const eventsEl = tile.el.querySelector('[data-metric="events"]');
    eventsEl.dataset.value = String(events);
    eventsEl.textContent = `${events} events`;
    set(tile, 'as-of', `updated ${new Date(asOf).toLocaleTimeString()}`);

    const health = tile.el.querySelector('.health');
    if (!u.view.health && u.topic.startsWith('segment/')) {
      // A channel or stage segment: events have those, customers do not, so no one is in its bands.
      health.dataset.applies = 'false';
      health.title = 'Health bands count customers; a channel or journey-stage segment has none';
      for (const part of ['healthy', 'at-risk', 'critical']) {
        set(tile, part, '—');
        health.querySelector(`.health-bar .${part}`).style.width = '0%';
      }
    } else if (u.view.health) {
      health.dataset.applies = 'true';
      health.title = '';
      const h = u.view.health;
      const healthy = num(h.healthy), atRisk = num(h.atRisk), critical = num(h.critical);
      const total = healthy + atRisk + critical || 1;
      const bar = tile.el.querySelector('.health-bar');
      bar.querySelector('.healthy').style.width = `${(100 * healthy) / total}%`;
      bar.querySelector('.at-risk').style.width = `${(100 * atRisk) / total}%`;
      bar.querySelector('.critical').style.width = `${(100 * critical) / total}%`;
      set(tile, 'healthy', String(healthy));
      set(tile, 'at-risk', String(atRisk));
      set(tile, 'critical', String(critical));
    }

    const [xs, ys] = tile.history;
    xs.push(asOf / 1000);
    ys.push(npsN > 0 ? score : null);
    if (xs.length > trendPoints) { xs.shift(); ys.shift(); }
    drawTrend(tile);
  }

  // ---- drill-down: a segment's at-risk customers and one customer's health history ----------
  // Reader and admin keys only: a wallboard key sees figures, never a person (docs/wallboard.md).
  async function getJson(path) {
    const r = await fetch(path, { headers: { 'x-api-key': key } });
    if (!r.ok) throw new Error(r.status === 403 ? 'needs a reader key' : `HTTP ${r.status}`);
    return r.json();
  }

  async function toggleAtRisk(el, segmentKey) {
    const drill = el.querySelector('.drill');
    const button = el.querySelector('.at-risk-toggle');
    drill.hidden = !drill.hidden;
    button.setAttribute('aria-expanded', String(!drill.hidden));
    if (drill.hidden) return;
    const listEl = drill.querySelector('.at-risk-list');
    drill.querySelector('.customer').hidden = true;
    try {
      const customers = (await getJson(`/v1/segments/${encodeURIComponent(segmentKey)}/at-risk?limit=10`)).customers || [];
      listEl.replaceChildren(...(customers.length === 0
        ? [Object.assign(document.createElement('li'), { className: 'none', textContent: 'No customer at risk' })]
        : customers.map((c) => {
          const li = document.createElement('li');
          const b = Object.assign(document.createElement('button'), { type: 'button', textContent: `${c.customerId} · ${Math.round(num(c.healthScore))}` });
          b.dataset.customerId = c.customerId;
          b.dataset.band = c.band;
          b.addEventListener('click', () => showCustomer(drill, c.customerId));
          li.appendChild(b);
          return li;
        })));
    } catch (err) {
      listEl.replaceChildren(Object.assign(document.createElement('li'), { className: 'none', textContent: `At-risk list unavailable: ${err.message}` }));
    }
  }

  async function showCustomer(drill, customerId) {
    const figure = drill.querySelector('.customer');
    figure.hidden = false;
    figure.querySelector('.customer-title').textContent = customerId;
    const host = figure.querySelector('.sparkline');
    try {
      const history = await getJson(`/v1/customers/${encodeURIComponent(customerId)}/history`);
      host.replaceChildren(sparkline(history.points || []));
      const last = (history.points || []).at(-1);
      figure.querySelector('.customer-title').textContent = last
        ? `${customerId}: ${num(last.healthScore).toFixed(0)} today${last.overridden ? ' (overridden)' : ''}`
        : customerId;
    } catch (err) {
      host.replaceChildren(document.createTextNode(`History unavailable: ${err.message}`));
    }
  }

  // Health 0–100 over the last 90 UTC days as an inline SVG: one x step per day, so gaps stay gaps
  // in time; the 70 and 40 band lines for reference; overridden days drawn as hollow dots.
  function sparkline(points) {
    const ns = 'http://www.w3.org/2000/svg';
    const width = 270, height = 60, days = 90;
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('class', 'spark');
    svg.setAttribute('role', 'img');
    svg.dataset.points = String(points.length);
    const day = (p) => Date.parse(`${p.date}T00:00:00Z`) / 86400000;
    const today = Math.floor(Date.now() / 86400000);
    const x = (p) => ((days - 1 - (today - day(p))) / (days - 1)) * width;
    const y = (score) => height - (score / 100) * height;
    for (const line of [70, 40]) {
      const l = document.createElementNS(ns, 'line');
      Object.entries({ x1: 0, x2: width, y1: y(line), y2: y(line), class: `band-line band-${line}` }).forEach(([k, v]) => l.setAttribute(k, v));
      svg.appendChild(l);
    }
    const path = document.createElementNS(ns, 'polyline');
    path.setAttribute('points', points.map((p) => `${x(p).toFixed(1)},${y(num(p.healthScore)).toFixed(1)}`).join(' '));
    path.setAttribute('class', 'spark-line');
    svg.appendChild(path);
    for (const p of points.filter((q) => q.overridden)) {
      const c = document.createElementNS(ns, 'circle');
      Object.entries({ cx: x(p), cy: y(num(p.healthScore)), r: 2.5, class: 'spark-override' }).forEach(([k, v]) => c.setAttribute(k, v));
      svg.appendChild(c);
    }
    const title = document.createElementNS(ns, 'title');
    title.textContent = points.map((p) => `${p.date}: ${num(p.healthScore).toFixed(1)}`).join('\n');
    svg.appendChild(title);
    return svg;
  }

  // ---- queues -------------------------------------------------------------------------------
  // Thresholds name a figure's warning and critical levels; critical above warning means higher is worse.
  function levelOf(figure, value) {
    const t = state.thresholds[figure];
    if (!t || value === null) return null;
    const higherIsWorse = t.critical > t.warning;
    const reaches = (limit) => (higherIsWorse ? value >= limit : value <= limit);
    return reaches(t.critical) ? 'critical' : reaches(t.warning) ? 'warning' : 'ok';
  }

  const levelLabels = { ok: '✓ OK', warning: '⚠ Warning', critical: '✖ Critical' };
  const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
  const formats = {
    waiting: (v) => String(v),
    oldestWaitSeconds: clock,
    serviceLevelPercent: (v) => `${Math.round(v)}%`,
    abandonPercent: (v) => `${v.toFixed(1)}%`,
    asaSeconds: (v) => `${Math.round(v)} s`,
    ahtSeconds: clock,
  };

  function applyQueue(tile, q, asOf) {
    const w = q.window || {}, today = q.today || {};
    const outcomes = num(w.answered) + num(w.abandoned);
    tile.queue = {
      // The oldest wait ticks on this clock between pushes, corrected by how far it is from the server's.
      since: q.oldestWaitingSince ? Date.parse(q.oldestWaitingSince) : null,
      skew: Date.now() - asOf,
      figures: {
        waiting: num(q.waiting),
        serviceLevelPercent: outcomes > 0 ? num(w.serviceLevelPercent) : null,
        abandonPercent: outcomes > 0 ? num(w.abandonPercent) : null,
        asaSeconds: num(w.answered) > 0 ? num(w.asaSeconds) : null,
        ahtSeconds: num(w.handled) > 0 ? num(w.ahtSeconds) : null,
      },
    };
    tile.el.querySelector('.queue').hidden = false;
    const expired = num(today.expired) > 0 ? ` · ${num(today.expired)} expired` : '';
    const sl = num(today.answered) + num(today.abandoned) > 0
      ? `SL ${Math.round(num(today.serviceLevelPercent))}% (${Math.round(num(today.serviceLevelExcludingShortAbandonsPercent))}% without short abandons)`
      : 'SL —';
    set(tile, 'queue-detail', `Today ${q.todayDate}: offered ${num(today.offered)} · answered ${num(today.answered)}`
      + ` · ${sl} · in handling ${num(q.inHandling)}${expired}`);
    renderQueue(tile);
  }

  function renderQueue(tile) {
    const q = tile.queue;
    if (!q) return;
    const values = { ...q.figures, oldestWaitSeconds: q.since === null ? 0 : Math.max(0, (Date.now() - q.skew - q.since) / 1000) };
    for (const [figure, value] of Object.entries(values)) {
      const box = tile.el.querySelector(`[data-figure="${figure}"]`);
      box.querySelector('dd').textContent = value === null ? '—' : formats[figure](value);
      const level = levelOf(figure, value);
      if (level) box.dataset.level = level; else delete box.dataset.level;
      box.querySelector('.level').textContent = level ? levelLabels[level] : '';
    }
  }

  function drawTrend(tile) {
    const host = tile.el.querySelector('.trend');

    // No NPS answer yet: no chart, so no axis made up from a single empty instant.
    const hasData = tile.history[1].some((v) => v !== null);
    host.hidden = !hasData;
    tile.el.querySelector('.trend-empty').hidden = hasData;
    if (!hasData) return;
    if (!tile.plot) {
      tile.plot = new uPlot({
        width: Math.max(200, host.clientWidth), height: 120,
        legend: { show: false }, cursor: { show: false },
        scales: { x: { time: true } },
        axes: [
          { stroke: '#a9b4c0', grid: { show: false }, ticks: { show: false }, size: 40 },
          { stroke: '#a9b4c0', grid: { stroke: '#2a343f' }, size: 44 },
        ],
        series: [{}, { label: 'NPS', stroke: '#56b4e9', width: 3, spanGaps: true, points: { show: false } }],
      }, tile.history, host);
    } else {
      tile.plot.setData(tile.history);
    }
  }

  window.addEventListener('resize', () => {
    for (const tile of state.tiles.values()) {
      if (tile.plot) tile.plot.setSize({ width: Math.max(200, tile.el.querySelector('.trend').clientWidth), height: 120 });
    }
  });

  // ---- picking topics and the window -------------------------------------------------------
  function saveUrl() {
    if (tv) return; // A wall screen's URL names its boards; rotation must not rewrite it.
    const u = new URL(location.href);
    const keys = (prefix) => state.topics.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length)).join(',');
    u.searchParams.set('segments', keys('segment/'));
    u.searchParams.set('touchpoints', keys('touchpoint/'));
    u.searchParams.set('window', state.window);
    history.replaceState(null, '', u);
  }

  async function addTopic(topic) {
    if (state.topics.includes(topic)) return;
    try {
      if (connection.state === signalR.HubConnectionState.Connected) await connection.invoke('Watch', topic, state.window);
      state.topics.push(topic);
      tileFor(topic);
      saveUrl();
    } catch (err) {
      alert(String(err.message || err).replace(/^.*HubException: /, ''));
    }
  }

  function removeTopic(topic) {
    state.topics = state.topics.filter((t) => t !== topic);
    const tile = state.tiles.get(topic);
    if (tile) { tile.plot?.destroy(); tile.el.remove(); state.tiles.delete(topic); }
    if (connection.state === signalR.HubConnectionState.Connected) connection.invoke('Unwatch', topic, state.window).catch(() => {});
    saveUrl();
  }

  $('add').addEventListener('submit', (e) => {
    e.preventDefault();
    const k = $('add-key').value.trim();
    if (k) addTopic(`${$('add-kind').value}/${k}`).then(() => { $('add-key').value = ''; });
  });

  const windowSelect = $('window');
  windowSelect.value = state.window;
  windowSelect.addEventListener('change', async () => {
    const old = state.window;
    state.window = windowSelect.value;
    for (const tile of state.tiles.values()) { tile.asOf = 0; tile.history = [[], []]; tile.plot?.setData(tile.history); }
    saveUrl();
    if (connection.state === signalR.HubConnectionState.Connected) {
      await Promise.all(state.topics.map((t) => connection.invoke('Unwatch', t, old)));
      await resync();
    }
  });

  // ---- alerts -----------------------------------------------------------------------------
  const alerts = new Map();

  let alertListAllowed = true;

  async function loadAlerts() {
    if (!alertListAllowed) return; // A wallboard key watches pushed alerts but may not list them.
    try {
      const r = await fetch('/v1/alerts', { headers: { 'x-api-key': key } });
      if (r.status === 403) alertListAllowed = false;
      if (r.ok) for (const a of (await r.json()).alerts || []) alerts.set(a.alertId, a);
    } catch (err) {
      console.warn('alert list unavailable', err);
    }
    renderAlerts();
  }

  function addAlert(a) {
    alerts.set(a.alertId, a);
    renderAlerts();
  }

  function renderAlerts() {
    const latest = [...alerts.values()].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)).slice(0, 12);
    alertsEl.replaceChildren(...(latest.length === 0
      ? [Object.assign(document.createElement('li'), { className: 'none', textContent: 'No alerts' })]
      : latest.map((a) => {
        const li = document.createElement('li');
        li.dataset.state = a.state;
        li.dataset.alertId = a.alertId;
        li.textContent = `${a.state === 'RESOLVED' ? '✓ RESOLVED' : '⚠ RAISED'} ${a.subject}: ${a.message}`;
        return li;
      })));
  }

  // ---- boards, thresholds, TV mode, staleness --------------------------------------------------
  async function loadBoards() {
    try {
      const r = await fetch('/v1/wallboard/boards', { headers: { 'x-api-key': key } });
      if (r.ok) return await r.json();
    } catch (err) {
      console.warn('saved boards unavailable', err);
    }
    return { thresholds: {}, boards: [] };
  }

  // figure:warning:critical,... from the URL, over the board's and the server's.
  function urlThresholds() {
    const t = {};
    for (const part of list('thresholds')) {
      const [figure, warning, critical] = part.split(':');
      if (figure && Number.isFinite(Number(warning)) && Number.isFinite(Number(critical))) t[figure] = { warning: Number(warning), critical: Number(critical) };
    }
    return t;
  }

  function showBoard(board, defaults) {
    state.window = windows[board.window] ? board.window : state.window;
    state.topics = [...board.segments.map((k) => `segment/${k}`), ...board.touchpoints.map((k) => `touchpoint/${k}`)];
    state.thresholds = { ...defaults, ...board.thresholds, ...urlThresholds() };
    $('board-name').textContent = board.name;
    windowSelect.value = state.window;
  }

  async function rotateTo(board, defaults) {
    const old = { topics: state.topics, window: state.window };
    for (const tile of state.tiles.values()) { tile.plot?.destroy(); tile.el.remove(); }
    state.tiles.clear();
    showBoard(board, defaults);
    state.topics.forEach(tileFor);
    if (connection.state === signalR.HubConnectionState.Connected) {
      await Promise.all(old.topics.map((t) => connection.invoke('Unwatch', t, old.window).catch(() => {})));
      await resync();
    }
  }

  function checkStale() {
    const el = $('stale');
    const age = Date.now() - state.lastUpdateAt;
    let reason = null;
    if (connection.state !== signalR.HubConnectionState.Connected) reason = 'connection lost';
    else if (age > staleMs) reason = `no update for ${Math.round(age / 1000)} s`;
    el.hidden = reason === null;
    el.dataset.reason = reason ?? '';
    el.querySelector('.text').textContent = reason ? `Stale — ${reason}` : '';
  }

  async function init() {
    const config = await loadBoards();
    const defaults = config.thresholds || {};
    const boards = config.boards || [];
    state.thresholds = { ...defaults, ...urlThresholds() };
    const byName = (n) => boards.find((b) => b.name === n);
    const rotation = tv && state.topics.length === 0 ? (list('boards').length > 0 ? list('boards').map(byName).filter(Boolean) : boards) : [];
    const chosen = rotation[0] ?? (state.topics.length === 0 && params.get('board') ? byName(params.get('board')) : null);
    if (chosen) showBoard(chosen, defaults);
    if (state.topics.length === 0) state.topics.push('segment/all');

    if (tv) {
      document.body.dataset.tv = 'true';
      const full = $('fullscreen');
      full.hidden = !document.fullscreenEnabled;
      full.addEventListener('click', () => document.documentElement.requestFullscreen().then(() => { full.hidden = true; }).catch(() => {}));
    }

    state.topics.forEach(tileFor);
    saveUrl();
    start();
    setInterval(() => { if (connection.state === signalR.HubConnectionState.Connected) resync(); }, refreshMs);
    setInterval(() => { for (const tile of state.tiles.values()) renderQueue(tile); checkStale(); }, 1000);
    if (rotation.length > 1) {
      let next = 1;
      setInterval(() => { rotateTo(rotation[next], defaults); next = (next + 1) % rotation.length; }, rotateMs);
    }
  }

  init();
})();
