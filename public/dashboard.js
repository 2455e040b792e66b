// A live war-room dashboard built only on the public API: queries over HTTP, updates over graphql-ws.
import { createClient } from '/assets/graphql-ws/client.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = { key: params.get('key') ?? localStorage.getItem('crisis-api-key') ?? '', org: params.get('org') ?? '', incident: params.get('incident') ?? '' };
let socket = null;

async function query(document, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${state.key}` },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}

function subscribe(document, variables, onData) {
  return socket.subscribe({ query: document, variables }, { next: ({ data }) => data && onData(data), error: (error) => setStatus(`error: ${error.message ?? error}`), complete: () => {} });
}

const setStatus = (text) => ($('status').textContent = text);
// names and handles come from ingested posts: never let them become markup
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fixed = (value, digits = 2) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));

async function loadOrganizations() {
  const { viewer } = await query('{ viewer { organizations { id name } } }');
  $('organization').innerHTML = '<option value="">organization…</option>' + viewer.organizations.map((o) => `<option value="${escape(o.id)}">${escape(o.name)}</option>`).join('');
  $('organization').value = state.org;
  if (state.org) await loadIncidents();
}

async function loadIncidents() {
  const { incidents } = await query('query ($org: ID!) { incidents(organizationId: $org, first: 50) { edges { node { id title status } } } }', { org: state.org });
  $('incident').innerHTML = '<option value="">all mentions</option>' + incidents.edges.map(({ node }) => `<option value="${escape(node.id)}">${escape(node.title)} (${node.status})</option>`).join('');
  $('incident').value = state.incident;
}

async function drawChart() {
  const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const from = new Date(to.getTime() - 48 * 3_600_000);
  const { timeSeries } = await query(
    `query ($scope: ScopeInput!, $range: TimeRangeInput!) { timeSeries(scope: $scope, range: $range, granularity: HOUR, metrics: [VOLUME, AVERAGE_SENTIMENT], timezone: "UTC") { points { bucket volume averageSentiment } } }`,
    { scope: scope(), range: { from: from.toISOString(), to: to.toISOString() } },
  );
  const points = timeSeries.points;
  const max = Math.max(1, ...points.map((p) => p.volume));
  const width = 960 / points.length;
  const bars = points.map((p, i) => `<rect class="volume" data-volume="${p.volume}" x="${i * width + 1}" width="${width - 2}" y="${240 - (p.volume / max) * 230}" height="${(p.volume / max) * 230}"/>`);
  const line = points.filter((p) => p.averageSentiment !== null).map((p) => `${points.indexOf(p) * width + width / 2},${120 - p.averageSentiment * 110}`);
  $('chart').innerHTML = `<line class="zero" x1="0" x2="960" y1="120" y2="120"/>${bars.join('')}<polyline class="sentiment" points="${line.join(' ')}"/>`;
}

async function drawInfluencers() {
  const { influencers } = await query(
    'query ($org: ID!, $incident: ID) { influencers(organizationId: $org, incidentId: $incident, orderBy: NEGATIVE_REACH, first: 8) { influencer { handle followers } negativeReach mentions } }',
    { org: state.org, incident: state.incident || null },
  );
  $('influencers').innerHTML = influencers.map((i) => `<li>@${escape(i.influencer.handle)} · ${i.mentions} mentions · ${i.negativeReach.toLocaleString()} negative reach</li>`).join('');
}

function showAlert(alert) {
  const item = document.createElement('li');
  item.className = alert.severity;
  item.textContent = `${alert.severity} · ${alert.message}`;
  $('alerts').prepend(item);
}

const scope = () => ({ organizationId: state.org, incidentId: state.incident || null });

async function watch() {
  localStorage.setItem('crisis-api-key', state.key);
  socket?.dispose();
  $('alerts').innerHTML = '';
  if (!state.org) return;
  await Promise.all([drawChart(), drawInfluencers()]);
  const { alerts } = await query('query ($org: ID!) { alerts(organizationId: $org, first: 10, latestFirst: true) { edges { node { cursor severity message } } } }', { org: state.org });
  alerts.edges.reverse().forEach(({ node }) => showAlert(node));
  socket = createClient({ url: location.origin.replace(/^http/, 'ws') + '/graphql', connectionParams: { authorization: `Bearer ${state.key}` }, on: { connected: () => setStatus('live'), closed: () => setStatus('disconnected') } });
  const variables = { org: state.org, incident: state.incident || null };
  subscribe('subscription ($org: ID!, $incident: ID) { volumeChanged(organizationId: $org, incidentId: $incident) { volume change } }', variables, ({ volumeChanged }) => {
    $('volume').textContent = volumeChanged.volume;
    $('change').textContent = (volumeChanged.change > 0 ? '+' : '') + volumeChanged.change;
    void drawChart();
    void drawInfluencers();
  });
  subscribe('subscription ($org: ID!, $incident: ID) { sentimentChanged(organizationId: $org, incidentId: $incident) { averageSentiment netSentiment } }', variables, ({ sentimentChanged }) => {
    $('sentiment').textContent = fixed(sentimentChanged.averageSentiment);
    $('net').textContent = fixed(sentimentChanged.netSentiment, 0);
  });
  const since = alerts.edges.at(-1)?.node.cursor ?? null;
  subscribe('subscription ($org: ID!, $since: String) { alertRaised(organizationId: $org, since: $since) { severity message } }', { org: state.org, since }, ({ alertRaised }) => showAlert(alertRaised));
}

$('key').value = state.key;
$('organization').addEventListener('change', async (event) => {
  state.org = event.target.value;
  state.incident = '';
  await loadIncidents();
});
$('incident').addEventListener('change', (event) => (state.incident = event.target.value));
$('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  state.key = $('key').value.trim();
  await loadOrganizations().catch((error) => setStatus(error.message));
  await watch().catch((error) => setStatus(error.message));
});
if (state.key) loadOrganizations().then(watch).catch((error) => setStatus(error.message));
