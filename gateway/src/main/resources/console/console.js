// The operator console: a client of the admin API like any other. Every value from the API is written with
// textContent or as an attribute through the DOM, never parsed as HTML, so a record or notification cannot
// inject markup. The token lives in this tab's session storage and goes only into the Authorization header.
'use strict';

const TOKEN_KEY = 'eventgate.console.token';
const REFRESH_MS = 5000;
const state = { role: null, tab: null, timer: null, notificationsPage: 1, historyPage: 1, version: null, editing: null };

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function button(label, onClick, attributes) {
  const node = el('button', Object.assign({ type: 'button' }, attributes || {}), label);
  node.addEventListener('click', onClick);
  return node;
}

function json(value) {
  return JSON.stringify(value, null, 2);
}

function say(text, isError) {
  const message = $('message');
  message.textContent = text || '';
  message.classList.toggle('error', Boolean(isError));
}

/** One call of the admin API: the envelope, or an Error whose message is the envelope's. */
async function api(method, path, body, comment) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (comment) {
    if (!/^[\x20-\x7e]*$/.test(comment)) {
      throw new Error('A comment on a record change is plain ASCII (it travels in a header).');
    }
    headers['X-Change-Comment'] = comment;
  }
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit', redirect: 'error',
  });
  const envelope = await response.json();
  if (envelope.status !== 'action-successful') {
    const error = new Error(envelope.message);
    error.status = envelope.status;
    error.param = envelope.param;
    throw error;
  }
  return envelope.data;
}

function failed(error) {
  if (error.status === 'invalid-token' && !state.role) {
    return;
  }
  say((error.status ? error.status + (error.param ? ' (' + error.param + ')' : '') + ': ' : '') + error.message, true);
}

// ---- login ----

async function open() {
  try {
    const me = await api('GET', '/admin/whoami');
    state.role = me.role;
    $('who').textContent = me.name + ' · ' + me.role;
    document.body.classList.toggle('read-only', me.role !== 'read-write');
    $('login').hidden = true;
    $('console').hidden = false;
    $('forget').hidden = false;
    show('notifications');
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('login-error').textContent = error.status === 'invalid-token'
      ? 'This token is not an admin credential.' : 'The admin listener did not answer: ' + error.message;
  }
}

/** Buttons that change something are disabled for a read-only credential (the API refuses them anyway). */
function writable(node) {
  if (state.role !== 'read-write') {
    node.disabled = true;
    node.title = 'A read-only credential cannot change anything';
  }
  return node;
}

// ---- tabs ----

const loaders = {
  notifications: loadNotifications,
  registry: loadRegistry,
  history: loadHistory,
  cluster: loadCluster,
  traffic: loadTraffic,
};
const refreshed = new Set(['notifications', 'cluster', 'traffic']);

function show(tab) {
  state.tab = tab;
  for (const node of document.querySelectorAll('nav [role=tab]')) {
    node.setAttribute('aria-selected', String(node.dataset.panel === tab));
  }
  for (const panel of document.querySelectorAll('.panel')) {
    panel.hidden = panel.id !== 'panel-' + tab;
  }
  for (const node of document.querySelectorAll('.write')) {
    writable(node);
  }
  say('');
  clearInterval(state.timer);
  loaders[tab]().catch(failed);
  if (refreshed.has(tab)) {
    state.timer = setInterval(() => loaders[tab]().catch(failed), REFRESH_MS);
  }
}

/** The Newer/Older buttons of a paged list: a short page is the last one. */
function pager(prefix, data, list) {
  $(prefix + '-page').textContent = 'page ' + data.page;
  $(prefix + '-newer').disabled = data.page <= 1;
  $(prefix + '-older').disabled = list.length < data.page_size;
}

function rows(tableId, list, toRow, empty) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren(...(list.length ? list.map(toRow)
    : [el('tr', {}, el('td', { colspan: $(tableId).tHead.rows[0].cells.length }, empty))]));
}

// ---- notifications ----

async function loadNotifications() {
  const data = await api('GET', '/admin/notifications?page=' + state.notificationsPage);
  pager('notifications', data, data.notifications);
  rows('notifications', data.notifications, (n) => el('tr', { 'data-status': n.status },
    el('td', {}, n.last_seen_at), el('td', { class: 'mono' }, n.status), el('td', { class: 'mono' }, n.route),
    el('td', {}, n.count), el('td', { class: 'mono' }, n.last_request_id),
    el('td', { class: 'mono' }, n.last_trace_id || '—'),
    el('td', {}, button('Detail', () => {
      $('notification-detail').hidden = false;
      $('notification-detail').textContent = json(n);
    }))), 'No notifications.');
}

// ---- routes and services ----

async function loadRegistry() {
  const [services, routes, defaults] = await Promise.all([
    api('GET', '/admin/services'), api('GET', '/admin/routes'), api('GET', '/admin/defaults')]);
  rows('services', services.services, (s) => el('tr', { 'data-service': s.name },
    el('td', { class: 'mono' }, s.name), el('td', { class: 'mono' }, s.address),
    el('td', {}, deployToggle(s, '/admin/services/' + encodeURIComponent(s.name), () => serviceBody(s))),
    el('td', {}, s.timeout_ms + ' ms'),
    el('td', { class: 'mono' }, s.circuit_breaker ? s.circuit_breaker.max_failures + ' failures / '
      + s.circuit_breaker.window_seconds + ' s → open ' + s.circuit_breaker.open_seconds + ' s' : 'none'),
    el('td', {}, writable(button('Edit', () => edit('Service ' + s.name,
      '/admin/services/' + encodeURIComponent(s.name), serviceBody(s)), { class: 'write' })))), 'No services.');
  rows('routes', routes.routes, (r) => el('tr', { 'data-route': r.method + ' ' + r.path },
    el('td', { class: 'mono' }, r.method), el('td', { class: 'mono' }, r.path),
    el('td', { class: 'mono' }, r.service + ' · ' + r.action), el('td', {}, r.auth),
    el('td', {}, onRecord(deployToggle(r, routeUrl(r), () => routeBody(r)), routeUrl(r))),
    el('td', { class: 'mono' }, limits(r.rate_limits)),
    el('td', { class: 'mono' }, r.cors ? (r.cors.allowed_origins.join(', ') || 'no origin') : 'default'),
    el('td', {}, onRecord(button('Edit', () => edit('Route ' + r.method + ' ' + r.path, routeUrl(r), routeBody(r)),
      { class: 'write' }), routeUrl(r)))), 'No routes.');
  $('defaults').textContent = json(defaults.defaults);
}

function routeUrl(route) {
  const url = '/admin/routes/' + route.method + route.path;
  // The URL the browser will send must be this one: a path it would resolve (dot segments) names another
  // route, and the console must never change a record other than the one clicked.
  return new URL(url, location.origin).pathname === url ? url : null;
}

/** A button that changes a record, disabled when the record's URL cannot be sent as it is. */
function onRecord(node, url) {
  if (url === null) {
    node.disabled = true;
    node.title = 'This record cannot be changed from the console: use the admin API';
  }
  return writable(node);
}

function serviceBody(service) {
  const body = Object.assign({}, service);
  delete body.name;
  return body;
}

function routeBody(route) {
  const body = Object.assign({}, route);
  delete body.method;
  delete body.path;
  return body;
}

function limits(rateLimits) {
  const parts = Object.entries(rateLimits || {}).map(([kind, limit]) =>
    kind + ' ' + limit.requests + '/' + limit.window_seconds + ' s');
  return parts.length ? parts.join(', ') : 'none';
}

function deployToggle(record, url, body) {
  const label = record.deployed ? 'deployed' : 'undeployed';
  const node = button(label, async () => {
    const changed = Object.assign(body(), { deployed: !record.deployed });
    try {
      const answer = await api('PUT', url, changed, (record.deployed ? 'undeployed' : 'deployed') + ' from the console');
      say((record.deployed ? 'Undeployed' : 'Deployed') + ': registry version ' + answer.version + '.');
      await loadRegistry();
    } catch (error) {
      failed(error);
    }
  }, { class: 'write toggle ' + (record.deployed ? 'on' : 'off'), 'aria-pressed': String(record.deployed) });
  return writable(node);
}

function edit(title, url, body) {
  state.editing = url;
  $('editor').hidden = false;
  $('editor-title').textContent = title;
  $('editor-json').value = json(body);
  $('editor-comment').value = '';
  $('editor-error').textContent = '';
  writable($('editor-save'));
  $('editor-json').focus();
}

async function save(event) {
  event.preventDefault();
  let body;
  try {
    body = JSON.parse($('editor-json').value);
  } catch (error) {
    $('editor-error').textContent = 'Not JSON: ' + error.message;
    return;
  }
  try {
    const answer = await api('PUT', state.editing, body, $('editor-comment').value.trim());
    $('editor').hidden = true;
    say(answer.version === null ? 'Saved: nothing changed.' : 'Saved as registry version ' + answer.version + '.');
    await loadRegistry();
  } catch (error) {
    // The validator's answer, shown where the record is edited: the field it names and why.
    $('editor-error').textContent = (error.param ? error.param + ': ' : '') + error.message;
  }
}

// ---- history ----

async function loadHistory() {
  const data = await api('GET', '/admin/registry/versions?page=' + state.historyPage);
  pager('history', data, data.versions);
  rows('versions', data.versions, (v) => el('tr', { 'data-version': v.version },
    el('td', {}, v.version), el('td', {}, v.created_at), el('td', { class: 'mono' }, v.author),
    el('td', {}, v.comment || ''), el('td', {}, button('View', () => viewVersion(v.version).catch(failed)))),
  'No versions.');
}

async function viewVersion(number) {
  const version = await api('GET', '/admin/registry/versions/' + number);
  state.version = number;
  $('version').hidden = false;
  $('rollback-confirm').hidden = true;
  $('version-title').textContent = 'Version ' + version.version;
  $('version-summary').textContent = version.created_at + ' by ' + version.author
    + (version.comment ? ' — ' + version.comment : '')
    + (version.diff ? ' · ' + counts(version.diff.counts) + ' since version ' + version.previous : ' · the first version kept');
  const diff = $('version-diff');
  diff.replaceChildren();
  if (version.diff) {
    for (const kind of ['created', 'changed', 'removed']) {
      for (const entry of version.diff[kind]) {
        diff.append(diffEntry(kind, entry));
      }
    }
  }
  writable($('rollback'));
  $('version').scrollIntoView({ block: 'start' });
}

function counts(c) {
  return c.created + ' created, ' + c.changed + ' changed, ' + c.removed + ' removed';
}

function diffEntry(kind, entry) {
  const title = el('h3', {}, kind + ' ' + entry.kind + ' ', el('span', { class: 'mono' }, entry.key));
  const sides = kind === 'changed'
    ? el('div', { class: 'diff-pair' }, el('pre', { class: 'detail' }, json(entry.before)),
      el('pre', { class: 'detail' }, json(entry.after)))
    : el('pre', { class: 'detail' }, json(entry.after || entry.before));
  return el('div', { class: 'diff-' + kind }, title, sides);
}

async function rollback() {
  const comment = $('rollback-comment').value.trim();
  try {
    const answer = await api('POST', '/admin/registry/rollback',
      comment ? { version: state.version, comment } : { version: state.version });
    $('rollback-confirm').hidden = true;
    say(answer.version === null ? 'The registry already equals version ' + state.version + '.'
      : 'Rolled back to version ' + state.version + ' as version ' + answer.version + '.');
    state.historyPage = 1;
    await loadHistory();
    if (answer.version !== null) {
      await viewVersion(answer.version);
    }
  } catch (error) {
    failed(error);
  }
}

// ---- cluster ----

async function loadCluster() {
  const data = await api('GET', '/admin/cluster');
  $('cluster-registry').textContent = 'The registry is at version ' + data.registry_version
    + '; consumers counted ' + (data.consumers_from === 'clustered' ? 'across the cluster.' : 'in this process.');
  rows('gateways', data.gateways, (g) => el('tr', { 'data-gateway': g.id, class: g.behind || g.stale ? 'behind' : null },
    el('td', { class: 'mono' }, g.host + ' ' + g.http + (g.id === data.answered_by ? ' (this one)' : '')),
    el('td', {}, (g.registry_version === null ? 'none yet' : g.registry_version) + (g.behind ? ' — behind' : '')),
    el('td', {}, g.loaded_at || '—'),
    el('td', {}, g.reported_at + (g.stale ? ' — stale' : '')),
    el('td', { class: 'mono' }, breakers(g.circuit_breakers))), 'No gateway has reported.');
  rows('addresses', data.addresses, (a) => el('tr', { 'data-address': a.address },
    el('td', { class: 'mono' }, a.address),
    el('td', { class: a.consumers === null ? '' : a.consumers > 0 ? 'on' : 'off' }, a.consumers === null ? 'unknown' : a.consumers),
    el('td', { class: 'mono' }, a.services.join(', '))), 'No service addresses.');
  $('unserved').replaceChildren(...(data.unserved.length
    ? data.unserved.map((r) => el('li', { class: 'mono off' }, r.method + ' ' + r.path + ' → ' + r.service + ' at ' + r.address))
    : [el('li', {}, 'None: every deployed route has a consumer.')]));
}

function breakers(list) {
  return list && list.length ? list.map((b) => b.service + ': ' + b.state).join(', ') : 'none';
}

// ---- traffic ----

async function loadTraffic() {
  const data = await api('GET', '/admin/traffic');
  $('traffic-window').textContent = data.metrics_enabled === false ? 'metrics are switched off (METRICS_ENABLED)'
    : 'the last ' + data.window_seconds / 60 + ' minutes, one point per ' + data.interval_seconds + ' s';
  const charts = $('charts');
  charts.replaceChildren();
  const all = Object.entries(data.routes || {});
  if (data.totals && all.length) {
    all.unshift(['all requests', data.totals]);
  }
  for (const [route, series] of all) {
    charts.append(el('div', { class: 'chart', 'data-route': route }, el('h3', {}, route),
      line('requests/s', series.requests_per_second, ''),
      line('5xx share', series.error_rate_5xx, 'errors', 1),
      line('4xx share', series.error_rate_4xx, 'errors', 1),
      line('p99 ms', series.p99_ms, '')));
  }
  if (!charts.children.length) {
    charts.append(el('p', {}, 'No traffic in the window yet.'));
  }
}

/**
 * A small line chart of one series, drawn as SVG through the DOM (nulls are gaps), scaled to its own largest
 * value, or to {@code top} when given (shares are drawn on 0 to 1, so a few errors do not fill the chart).
 */
function line(label, values, kind, top) {
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 100 30');
  svg.setAttribute('preserveAspectRatio', 'none');
  const numbers = (values || []).filter((v) => v !== null);
  const max = top || Math.max(1e-9, ...numbers);
  const step = values && values.length > 1 ? 100 / (values.length - 1) : 100;
  let points = [];
  const flush = () => {
    // A run of one point (between gaps, or the first interval) is drawn as a short dash, so it shows.
    const drawn = points.length === 1 ? [points[0], points[0].replace(/^[^,]+/, (x) => String(Number(x) + 1))] : points;
    if (drawn.length) {
      const polyline = document.createElementNS(svgNs, 'polyline');
      polyline.setAttribute('points', drawn.join(' '));
      svg.append(polyline);
      points = [];
    }
  };
  (values || []).forEach((v, i) => {
    if (v === null) {
      flush();
    } else {
      points.push((i * step).toFixed(2) + ',' + (29 - (v / max) * 28).toFixed(2));
    }
  });
  flush();
  const last = numbers.length ? numbers[numbers.length - 1] : null;
  return el('div', { class: 'series ' + kind }, el('span', {}, label + ': ' + (last === null ? '—' : round(last))), svg);
}

function round(value) {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

// ---- wiring ----

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    open();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });
  for (const tab of document.querySelectorAll('nav [role=tab]')) {
    tab.addEventListener('click', () => show(tab.dataset.panel));
  }
  $('notifications-newer').addEventListener('click', () => { state.notificationsPage--; loadNotifications().catch(failed); });
  $('notifications-older').addEventListener('click', () => { state.notificationsPage++; loadNotifications().catch(failed); });
  $('history-newer').addEventListener('click', () => { state.historyPage--; loadHistory().catch(failed); });
  $('history-older').addEventListener('click', () => { state.historyPage++; loadHistory().catch(failed); });
  $('editor').addEventListener('submit', save);
  $('editor-cancel').addEventListener('click', () => { $('editor').hidden = true; });
  $('rollback').addEventListener('click', () => {
    $('rollback-question').textContent = 'Make a new version equal to version ' + state.version + '?';
    $('rollback-comment').value = '';
    $('rollback-confirm').hidden = false;
    writable($('rollback-yes'));
  });
  $('rollback-no').addEventListener('click', () => { $('rollback-confirm').hidden = true; });
  $('rollback-yes').addEventListener('click', rollback);
  if (sessionStorage.getItem(TOKEN_KEY)) {
    open();
  }
});
