// MaskWatch dashboard: each page is a frame filled from the JSON API (/api/openapi.json).
'use strict';

const body = document.body;
const csrf = body.dataset.csrf;
const isAdmin = body.dataset.admin === 'true';
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

async function api(path, options = {}) {
  const init = Object.assign({ credentials: 'same-origin', headers: {} }, options);
  if (init.method && init.method !== 'GET') {
    init.headers['X-CSRF-Token'] = csrf;
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    throw new Error('not logged in');
  }
  const json = await response.json();
  if (!response.ok) {
    throw new Error(json.message || ('HTTP ' + response.status));
  }
  return json;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function showError(error) {
  const box = document.getElementById('page-error');
  if (box) { box.textContent = error.message || String(error); box.hidden = false; }
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
function when(iso) { return iso ? timeFormat.format(new Date(iso)) : '–'; }
// Cards are narrow: the date without the year, the time to the second.
const cardTimeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
function cardTime(iso) { return cardTimeFormat.format(new Date(iso)); }
function percent(x, digits = 1) { return x === null || x === undefined ? '–' : (100 * x).toFixed(digits) + ' %'; }
function reviewLabel(review) {
  return review === 'confirmed' ? 'confirmed' : review === 'false_alarm' ? 'false alarm' : null;
}

async function review(ids, verdict) {
  return api('/api/alerts/review', { method: 'POST', body: JSON.stringify({ ids, verdict }) });
}

// Deleting on request: the reason is asked for, and kept in the audit log with who and which.
// Resolves to the server's answer, or null when the admin cancels.
async function deleteAlerts(ids) {
  const what = ids.length === 1 ? 'this alert' : 'these ' + ids.length + ' alerts';
  const reason = prompt('Delete ' + what + ' with ' + (ids.length === 1 ? 'its face image' : 'their face images')
    + ' and delivery records? This cannot be undone.\nWhy? (kept in the audit log)');
  if (reason === null) return null;
  if (!reason.trim()) throw new Error('Nothing deleted: a reason is needed.');
  return api('/api/alerts/delete', { method: 'POST', body: JSON.stringify({ ids, reason: reason.trim() }) });
}

// ---- Alerts --------------------------------------------------------------------------------

function alertsPage() {
  const grid = document.getElementById('alert-grid');
  const form = document.getElementById('filters');
  const more = document.getElementById('load-more');
  const empty = document.getElementById('empty');
  const selection = document.getElementById('selection');
  const selected = new Set();
  const params = new URLSearchParams(location.search);
  let cursor = null;

  for (const name of ['device', 'source', 'review']) {
    if (params.get(name)) form.elements[name].value = params.get(name);
  }
  for (const name of ['from', 'to']) {
    if (params.get(name)) form.elements[name].value = toLocalInput(params.get(name));
  }

  function toLocalInput(iso) {
    const d = new Date(iso);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  }

  function query() {
    const q = new URLSearchParams();
    for (const name of ['device', 'source', 'review']) {
      const value = form.elements[name].value.trim();
      if (value && value !== 'any') q.set(name, value);
    }
    for (const name of ['from', 'to']) {
      const value = form.elements[name].value;
      if (value) q.set(name, new Date(value).toISOString());
    }
    return q;
  }

  function card(alert, fresh) {
    const tags = [el('span', { class: 'badge prob', text: percent(alert.probability, 0) + ' no mask', title: 'no-mask probability' })];
    if (alert.notified) tags.push(el('span', { class: 'badge notified', text: 'emailed' }));
    const label = reviewLabel(alert.review);
    if (label) tags.push(el('span', { class: 'badge review ' + alert.review, text: label }));
    const node = el('article', { class: 'alert-card' + (fresh ? ' fresh' : ''), 'data-id': alert.id },
      el('a', { class: 'thumb', href: '/alerts/' + alert.id },
        el('img', { src: alert.image_url, alt: 'Face of alert ' + alert.id, loading: 'lazy',
          // A face deleted by retention answers 404: say so instead of a broken picture.
          onerror: event => event.target.replaceWith(el('p', { class: 'no-image', text: 'no face image' })) })),
      el('div', { class: 'body' },
        el('div', { class: 'time', text: cardTime(alert.event_time), title: when(alert.event_time) }),
        el('div', { class: 'where', title: 'source ' + alert.source + ' on device ' + alert.device_id },
          el('span', { class: 'source', text: alert.source || '–' }), ' · ' + alert.device_id),
        el('div', { class: 'tags' }, tags)));
    if (isAdmin) {
      const pick = el('input', { type: 'checkbox', class: 'pick', title: 'Select', 'aria-label': 'Select alert ' + alert.id });
      pick.addEventListener('change', () => {
        if (pick.checked) selected.add(alert.id); else selected.delete(alert.id);
        node.classList.toggle('selected', pick.checked);
        updateSelection();
      });
      node.prepend(pick);
    }
    return node;
  }

  function updateSelection() {
    if (!selection) return;
    selection.hidden = selected.size === 0;
    document.getElementById('selected-count').textContent = selected.size + ' selected';
  }

  async function load(reset) {
    try {
      const q = query();
      if (!reset && cursor) q.set('cursor', cursor);
      const page = await api('/api/alerts?' + q.toString());
      if (reset) grid.replaceChildren();
      page.alerts.forEach(a => grid.append(card(a, false)));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      empty.hidden = grid.children.length > 0;
    } catch (e) { showError(e); }
  }

  function matchesFilters(alert) {
    const q = query();
    if (q.get('device') && q.get('device') !== alert.device_id) return false;
    if (q.get('source') && q.get('source') !== alert.source) return false;
    if (q.get('review') && q.get('review') !== 'unreviewed') return false;
    if (q.get('to')) return false;
    return true;
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    history.replaceState(null, '', '/alerts?' + query().toString());
    load(true);
  });
  more.addEventListener('click', () => load(false));

  if (selection) {
    selection.querySelectorAll('button[data-verdict]').forEach(button => button.addEventListener('click', async () => {
      try {
        const ids = [...selected];
        await review(ids, button.dataset.verdict);
        for (const id of ids) {
          const node = grid.querySelector('[data-id="' + id + '"]');
          if (!node) continue;
          const tags = node.querySelector('.tags');
          tags.querySelectorAll('.review').forEach(t => t.remove());
          tags.append(el('span', { class: 'badge review ' + button.dataset.verdict, text: reviewLabel(button.dataset.verdict) }));
          node.classList.remove('selected');
          node.querySelector('.pick').checked = false;
        }
        selected.clear();
        updateSelection();
      } catch (e) { showError(e); }
    }));
    document.getElementById('delete-selected').addEventListener('click', async () => {
      try {
        const ids = [...selected];
        const done = await deleteAlerts(ids);
        if (!done) return;
        ids.forEach(id => grid.querySelector('[data-id="' + id + '"]')?.remove());
        selected.clear();
        updateSelection();
        empty.hidden = grid.children.length > 0;
      } catch (e) { showError(e); }
    });
    document.getElementById('clear-selection').addEventListener('click', () => {
      selected.clear();
      grid.querySelectorAll('.pick').forEach(p => { p.checked = false; });
      grid.querySelectorAll('.selected').forEach(n => n.classList.remove('selected'));
      updateSelection();
    });
  }

  const dot = document.getElementById('live-dot');
  const state = document.getElementById('live-state');
  const live = new EventSource('/api/alerts/live');
  live.onopen = () => { dot.className = 'dot on'; state.textContent = 'live'; };
  live.onerror = () => { dot.className = 'dot off'; state.textContent = 'reconnecting…'; };
  live.addEventListener('alert', event => {
    const alert = JSON.parse(event.data);
    if (!matchesFilters(alert) || grid.querySelector('[data-id="' + alert.id + '"]')) return;
    grid.prepend(card(alert, true));
    empty.hidden = true;
  });

  api('/api/devices').then(r => {
    const list = document.getElementById('device-list');
    r.devices.forEach(d => list.append(el('option', { value: d.id })));
  }).catch(() => {});
  load(true);
}

// ---- One alert -----------------------------------------------------------------------------

async function alertPage() {
  const id = Number(body.dataset.alertId);
  try {
    const a = await api('/api/alerts/' + id);
    const s = a.alert;
    document.getElementById('alert').hidden = false;
    document.getElementById('alert-title').textContent = 'No mask · ' + when(s.event_time);
    const img = document.getElementById('alert-image');
    if (a.image.url) {
      img.src = a.image.url;
    } else {
      img.hidden = true;
      const note = document.getElementById('image-deleted');
      note.textContent = a.image.deleted_at
        ? 'Face image deleted by retention on ' + when(a.image.deleted_at) + ' (retention.image_days).'
        : 'This alert came without a face image.';
      note.hidden = false;
    }
    const size = a.image.width && a.image.height ? a.image.width + ' × ' + a.image.height + ' px ' : '';
    document.getElementById('alert-caption').textContent = size + (a.image.format || '').toUpperCase();
    showReview(s.review, a.reviewed_by, a.reviewed_at);
    const facts = [
      ['Seen', when(s.event_time) + ' (' + zone + ')'],
      ['Received', when(s.received_at)],
      ['Device', s.device_id + (a.device.type ? ' · ' + a.device.type : '')],
      ['Source', s.source || '–'],
      ['Location', a.device.latitude !== null ? a.device.latitude.toFixed(5) + ', ' + a.device.longitude.toFixed(5) : '–'],
      ['No-mask probability', percent(s.probability)],
      ['Face box', a.box ? '(' + a.box.x1 + ', ' + a.box.y1 + ') – (' + a.box.x2 + ', ' + a.box.y2 + ') px, '
        + (a.box.x2 - a.box.x1) + ' px wide' : '–'],
      ['Track', a.track_id !== null ? '#' + a.track_id : '–'],
      ['Face detector', a.face_model.name + ' · threshold ' + a.face_model.threshold.toFixed(3)],
      ['Mask classifier', a.mask_model.name + ' · threshold ' + a.mask_model.threshold.toFixed(3)],
      ['Emailed', s.notified ? 'yes' : 'not yet'],
    ];
    document.getElementById('alert-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
    const rows = a.deliveries.map(d => el('tr', {},
      el('td', { text: d.recipient }), el('td', {}, el('span', { class: 'badge', text: d.status })),
      el('td', { text: when(d.created_at) }), el('td', { text: when(d.sent_at) }),
      el('td', { text: d.failure ? 'failed: ' + d.failure : (d.email_kind || '–') })));
    document.querySelector('#deliveries tbody').replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'No recipient gets this device\'s alerts, or the notifier has not seen it yet.' }))]));
  } catch (e) { showError(e); }

  document.querySelectorAll('.review-box button[data-verdict]').forEach(button => button.addEventListener('click', async () => {
    try {
      await review([id], button.dataset.verdict);
      const me = await api('/api/me');
      showReview(button.dataset.verdict, me.user, new Date().toISOString());
    } catch (e) { showError(e); }
  }));

  document.getElementById('delete-alert')?.addEventListener('click', async () => {
    try {
      if (await deleteAlerts([id])) location.href = '/alerts';
    } catch (e) { showError(e); }
  });

  function showReview(state, by, at) {
    const badge = document.getElementById('review-state');
    badge.textContent = reviewLabel(state) || 'not reviewed';
    badge.className = 'badge ' + (state || '');
    document.getElementById('reviewed-by').textContent = by ? 'by ' + by + ', ' + when(at) : '';
  }
}

// ---- Compliance ----------------------------------------------------------------------------

function compliancePage() {
  const form = document.getElementById('compliance-filters');
  const chart = echarts.init(document.getElementById('compliance-chart'), 'dark', { renderer: 'canvas' });
  window.addEventListener('resize', () => chart.resize());

  async function load() {
    try {
      const q = new URLSearchParams({ bucket: form.elements.bucket.value, tz: zone });
      for (const name of ['device', 'source']) {
        const v = form.elements[name].value.trim();
        if (v) q.set(name, v);
      }
      // The CSV holds what the page shows: the same period, zone and filters.
      document.getElementById('compliance-csv').href = '/api/compliance.csv?' + q.toString();
      const r = await api('/api/compliance?' + q.toString());
      const labels = new Intl.DateTimeFormat(undefined, r.bucket === 'hour'
        ? { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' } : { weekday: 'short', day: 'numeric', month: 'short' });
      const x = r.series.map(b => labels.format(new Date(b.start)));
      chart.setOption({
        backgroundColor: 'transparent',
        textStyle: { fontFamily: 'system-ui, sans-serif' },
        tooltip: { trigger: 'axis' },
        legend: { data: ['With a mask', 'Without a mask', 'Compliance'], top: 0 },
        grid: { left: 50, right: 60, top: 40, bottom: 40 },
        xAxis: { type: 'category', data: x },
        yAxis: [{ type: 'value', name: 'people' },
          { type: 'value', name: 'compliance', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } }],
        series: [
          { name: 'With a mask', type: 'bar', stack: 'people', data: r.series.map(b => b.with_mask), itemStyle: { color: '#22c55e' } },
          { name: 'Without a mask', type: 'bar', stack: 'people', data: r.series.map(b => b.without_mask), itemStyle: { color: '#ef4444' } },
          { name: 'Compliance', type: 'line', yAxisIndex: 1, smooth: true, data: r.series.map(b => b.rate === null ? null : +(100 * b.rate).toFixed(1)), itemStyle: { color: '#60a5fa' } },
        ],
      }, true);
      const withMask = r.series.reduce((n, b) => n + b.with_mask, 0);
      const without = r.series.reduce((n, b) => n + b.without_mask, 0);
      document.getElementById('with-mask').textContent = withMask.toLocaleString();
      document.getElementById('without-mask').textContent = without.toLocaleString();
      document.getElementById('rate').textContent = withMask + without ? percent(withMask / (withMask + without)) : '–';
      // Tests and screenshots wait for the drawing to end (the bars grow in over a second).
      const chartBox = document.getElementById('compliance-chart');
      delete chartBox.dataset.buckets;
      chart.off('finished');
      chart.on('finished', () => { chartBox.dataset.buckets = String(r.series.length); });
      const rows = r.by_source.map(s => el('tr', {},
        el('td', { text: s.device_id }), el('td', { text: s.source }),
        el('td', { class: 'num', text: s.with_mask.toLocaleString() }), el('td', { class: 'num', text: s.without_mask.toLocaleString() }),
        el('td', { class: 'num', text: percent(s.rate) })));
      document.querySelector('#by-source tbody').replaceChildren(...(rows.length ? rows
        : [el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'No counts in this period.' }))]));
    } catch (e) { showError(e); }
  }
  form.addEventListener('submit', event => { event.preventDefault(); load(); });
  load();
}

// ---- Devices -------------------------------------------------------------------------------

async function devicesPage() {
  try {
    const [r, rates] = await Promise.all([api('/api/devices'), api('/api/review/false-alarm-rates')]);
    const perDevice = new Map(rates.per_device.map(x => [x.key, x]));
    const rows = r.devices.map(d => {
      const fa = perDevice.get(d.id);
      return el('tr', { 'data-device': d.id, class: d.stale ? 'stale' : 'live' },
        el('td', {}, el('span', { class: 'badge ' + (d.stale ? 'stale' : 'live'), text: d.stale ? 'stale' : 'live' })),
        el('td', {}, el('div', { text: d.id }), el('div', { class: 'small', text: (d.sources || []).join(', ') })),
        el('td', { text: d.type }),
        el('td', { text: d.latitude !== null ? d.latitude.toFixed(4) + ', ' + d.longitude.toFixed(4) : '–' }),
        el('td', {}, el('div', { text: d.mask_model || '–' }), el('div', { class: 'small', text: d.face_model || '' })),
        el('td', { text: d.software_version || '–' }),
        el('td', { text: when(d.last_report_at) }),
        el('td', { class: 'num', text: d.backlog === null ? '–' : String(d.backlog),
          title: d.oldest_unsent_at ? 'oldest unsent: ' + when(d.oldest_unsent_at) : null }),
        el('td', { class: 'num' }, el('a', { href: '/alerts?device=' + encodeURIComponent(d.id), text: String(d.alerts_last24h) })),
        el('td', { class: 'num', text: fa ? percent(fa.rate) + (fa.reviewed ? ' of ' + fa.reviewed : '') : '–' }));
    });
    document.querySelector('#devices tbody').replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { colspan: 10, class: 'muted', text: 'No device has reported yet.' }))]));
    const models = rates.per_model.map(m => el('tr', {},
      el('td', { text: m.name }), el('td', { class: 'num', text: String(m.alerts) }),
      el('td', { class: 'num', text: String(m.reviewed) }), el('td', { class: 'num', text: String(m.false_alarms) }),
      el('td', { class: 'num', text: percent(m.rate) })));
    document.querySelector('#models tbody').replaceChildren(...(models.length ? models
      : [el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'No alerts yet.' }))]));
  } catch (e) { showError(e); }
}

({ alerts: alertsPage, alert: alertPage, compliance: compliancePage, devices: devicesPage })[body.dataset.page]?.();
