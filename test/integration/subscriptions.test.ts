import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKey, createOrganization } from '../support/factory';
import { REDIS_URL, redisReachable } from '../support/redis';
import { startTestApp, type TestApp } from '../support/test-app';

const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { accepted } }`;
let serial = 0;

function mentions(count: number, extra: Record<string, unknown> = {}) {
  return Array.from({ length: count }, () => ({
    platform: 'TWITTER',
    externalId: `live-${serial++}`,
    text: 'the app is down again',
    postedAt: new Date(Date.now() - 60_000).toISOString(),
    author: { handle: `fan_${serial % 5}` },
    sentiment: -0.6,
    reach: 10,
    ...extra,
  }));
}

interface Subscription<T> {
  messages: T[];
  errors: unknown[];
  done: Promise<void>;
  stop(): void;
  /** Resolves once a message satisfies the predicate. */
  until(predicate: (message: T) => boolean, timeoutMs?: number): Promise<T>;
}

function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown>, field: string): Subscription<T> {
  const messages: T[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const stop = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) messages.push(result.data[field]!);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => {
        errors.push(error);
        finish();
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => finish(),
    },
  );
  return {
    messages,
    errors,
    done,
    stop,
    until: (predicate, timeoutMs = 10_000) =>
      new Promise<T>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages)} ${JSON.stringify(errors)}`)), timeoutMs);
        const check = () => {
          const found = messages.find(predicate);
          if (found !== undefined) {
            clearTimeout(deadline);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      }),
  };
}

function connect(app: TestApp, key: string | null): { client: Client; closed: Promise<{ code: number; reason: string }> } {
  let onClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: app.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
    onNonLazyError: () => undefined,
  });
  return { client, closed };
}

const VOLUME = `subscription ($org: ID!, $throttle: Int) { volumeChanged(organizationId: $org, windowSeconds: 3600, throttleMs: $throttle) { organizationId at windowSeconds volume previousVolume change } }`;
const SENTIMENT = `subscription ($org: ID!) { sentimentChanged(organizationId: $org, throttleMs: 250) { volume averageSentiment negative negativeShare netSentiment } }`;

describe('live subscriptions over graphql-ws', () => {
  let app: TestApp;
  let other: TestApp;
  let org: string;
  let hidden: string;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp();
    other = await startTestApp({ sameDatabaseAs: app });
    org = (await createOrganization(app, 'Live Air')).id;
    hidden = (await createOrganization(app, 'Hidden Air')).id;
    key = (await createKey(app, [org], ['READ', 'INGEST'])).secret;
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  it('closes the socket with 4403 for no key or a bad key, and acknowledges a good one with nothing in the payload', async () => {
    for (const bad of [null, 'crk_00000000000000000000000000000000_nope']) {
      const { client, closed } = connect(app, bad);
      expect((await closed).code).toBe(4403);
      await client.dispose();
    }
    const raw = new WebSocket(app.url.replace('http', 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
    const ack = JSON.parse(String(await new Promise((resolve) => raw.once('message', resolve))));
    expect(ack).toEqual({ type: 'connection_ack' });
    raw.close();
  });

  it("closes the socket with 4403 when the key asks for an organization it cannot see", async () => {
    const { client, closed } = connect(app, key);
    subscribe(client, VOLUME, { org: hidden, throttle: 250 }, 'volumeChanged');
    expect((await closed).code).toBe(4403);
    await client.dispose();
  });

  it('pushes volume and sentiment after ingestion commits, a burst as a handful of messages', async () => {
    const { client } = connect(app, key);
    const volume = subscribe(client, VOLUME, { org, throttle: 500 }, 'volumeChanged');
    const sentiment = subscribe(client, SENTIMENT, { org }, 'sentimentChanged');
    const first = await volume.until(() => true);
    expect(first).toMatchObject({ organizationId: org, windowSeconds: 3600, volume: 0 });
    const started = Date.now();
    for (let batch = 0; batch < 20; batch += 1) await app.ok(INGEST, { org, mentions: mentions(50) }, key);
    const ingestMs = Date.now() - started;
    await volume.until((message: any) => message.volume === 1000);
    const last = await sentiment.until((message: any) => message.volume === 1000);
    expect(last).toMatchObject({ negative: 1000, negativeShare: 1, netSentiment: -100 });
    expect(last.averageSentiment).toBeCloseTo(-0.6, 9);
    // 20 commits: at most one message per 500 ms throttle interval (plus the first and the last), not 20
    expect(volume.messages.length).toBeLessThanOrEqual(Math.min(19, Math.ceil(ingestMs / 500) + 3));
    volume.stop();
    sentiment.stop();
    await client.dispose();
  });

  it('shares one topic between subscribers with the same arguments: work per tick follows topics, not subscribers', async () => {
    // the previous tests' subscriptions have closed by now
    for (let waited = 0; app.app.live.hub.stats().subscribers > 0 && waited < 2_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    const clients = Array.from({ length: 3 }, () => connect(app, key).client);
    const before = app.app.live.hub.stats();
    expect(before.subscribers).toBe(0);
    const subscriptions = clients.flatMap((client) => Array.from({ length: 10 }, () => subscribe(client, VOLUME, { org, throttle: 250 }, 'volumeChanged')));
    await Promise.all(subscriptions.map((subscription) => subscription.until(() => true)));
    const stats = app.app.live.hub.stats();
    expect(stats.topics - before.topics).toBe(1);
    expect(stats.subscribers - before.subscribers).toBe(30);
    const computed = stats.computations;
    await app.ok(INGEST, { org, mentions: mentions(5) }, key);
    await Promise.all(subscriptions.map((subscription) => subscription.until((message: any) => message.volume === 1005)));
    // one recomputation (or two, when the notification lands mid-tick) serves all 30 subscribers
    expect(app.app.live.hub.stats().computations - computed).toBeLessThanOrEqual(3);
    subscriptions.forEach((subscription) => subscription.stop());
    await Promise.all(clients.map((client) => client.dispose()));
    // closed subscriptions leave their topic at once, without waiting for the topic's next message
    const deadline = Date.now() + 2_000;
    while (app.app.live.hub.stats().subscribers > before.subscribers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.app.live.hub.stats()).toMatchObject({ subscribers: before.subscribers, topics: before.topics });
  });

  it('recomputes the window topics of an organization that one commit dirties in one statement, each topic with its own values', async () => {
    const batchOrg = (await createOrganization(app, 'Batch Air')).id;
    const batchKey = (await createKey(app, [batchOrg], ['READ', 'INGEST'])).secret;
    const { client } = connect(app, batchKey);
    const windows = [3600, 7200, 86_400];
    const volumes = windows.map((windowSeconds) =>
      subscribe(client, `subscription ($org: ID!, $w: Int!) { volumeChanged(organizationId: $org, windowSeconds: $w, throttleMs: 250) { windowSeconds volume previousVolume } }`, { org: batchOrg, w: windowSeconds }, 'volumeChanged'),
    );
    const sentiment = subscribe(client, SENTIMENT, { org: batchOrg }, 'sentimentChanged');
    await Promise.all([...volumes, sentiment].map((subscription) => subscription.until(() => true)));
    // older mentions: inside the day's window and the window before the hour, not inside the last two hours
    await app.ok(INGEST, { org: batchOrg, mentions: mentions(4, { postedAt: new Date(Date.now() - 3 * 3600_000).toISOString() }) }, batchKey);
    await Promise.all([volumes[2]!.until((message: any) => message.volume === 4), sentiment.until((message: any) => message.volume === 0)]);
    await new Promise((resolve) => setTimeout(resolve, 400)); // every topic's throttle has passed

    const statements: string[] = [];
    const stop = app.queryLogger.onQuery((sql) => statements.push(sql));
    const computed = app.app.live.hub.stats().computations;
    await app.ok(INGEST, { org: batchOrg, mentions: mentions(3) }, batchKey);
    const [hour, twoHours, day] = await Promise.all(volumes.map((subscription, index) => subscription.until((message: any) => message.volume === [3, 3, 7][index])));
    const last = await sentiment.until((message: any) => message.volume === 3);
    stop();
    expect([hour, twoHours, day]).toEqual([
      { windowSeconds: 3600, volume: 3, previousVolume: 0 },
      { windowSeconds: 7200, volume: 3, previousVolume: 4 },
      { windowSeconds: 86_400, volume: 7, previousVolume: 0 },
    ]);
    expect(last).toMatchObject({ volume: 3, negative: 3, negativeShare: 1 });
    expect(app.app.live.hub.stats().computations - computed).toBe(4);
    expect(statements.filter((sql) => sql.includes('first_segment'))).toHaveLength(1);
    [...volumes, sentiment].forEach((subscription) => subscription.stop());
    await client.dispose();
  });

  it('reaches subscribers on another server instance over the same database', async () => {
    const { client } = connect(other, key);
    const volume = subscribe(client, VOLUME, { org, throttle: 250 }, 'volumeChanged');
    const start = await volume.until(() => true);
    await app.ok(INGEST, { org, mentions: mentions(7) }, key);
    await volume.until((message: any) => message.volume === start.volume + 7);
    volume.stop();
    await client.dispose();
  });

  it('updates an incident topic when creating the incident links existing mentions to it', async () => {
    const { client } = connect(app, key);
    const before = (await app.ok(`query ($org: ID!) { kpis(scope: { organizationId: $org }, range: { from: "2020-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z" }) { volume } }`, { org })).kpis.volume;
    const incident = (await app.ok(`mutation ($org: ID!, $at: DateTime!) { createIncident(input: { organizationId: $org, title: "Outage", startedAt: $at }) { id } }`, {
      org,
      at: new Date(Date.now() - 7_200_000).toISOString(),
    })).createIncident.id;
    // a topic opened on the incident, then the incident re-linked again by an edit: the topic follows
    const volume = subscribe(client, `subscription ($org: ID!, $incident: ID) { volumeChanged(organizationId: $org, incidentId: $incident, throttleMs: 250) { volume } }`, { org, incident }, 'volumeChanged');
    const first = await volume.until(() => true);
    expect(first.volume).toBeGreaterThan(0);
    expect(first.volume).toBeLessThanOrEqual(before);
    await app.ok(`mutation ($id: ID!) { updateIncident(id: $id, input: { keywords: ["no-such-keyword"] }) { id } }`, { id: incident });
    await volume.until((message: any) => message.volume === 0);
    volume.stop();
    await client.dispose();
  });

  it('mentionAdded delivers each new matching mention once, never updates', async () => {
    const { client } = connect(app, key);
    const added = subscribe(
      client,
      `subscription ($org: ID!) { mentionAdded(organizationId: $org, sentiment: POSITIVE, minReach: 100, throttleMs: 250) { externalId reach author { handle } } }`,
      { org },
      'mentionAdded',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const batch = [...mentions(3, { sentiment: 0.8, reach: 500 }), ...mentions(2, { sentiment: 0.8, reach: 5 }), ...mentions(2)];
    await app.ok(INGEST, { org, mentions: batch }, key);
    await added.until(() => added.messages.length === 3);
    // the same mentions again are updates, not additions
    await app.ok(INGEST, { org, mentions: batch.slice(0, 3).map((mention) => ({ ...mention, likes: 9 })) }, key);
    await new Promise((resolve) => setTimeout(resolve, 800));
    // a batch arrives in postedAt order, ties by id
    expect(added.messages.map((mention: any) => mention.externalId).sort()).toEqual(batch.slice(0, 3).map((mention) => mention.externalId).sort());
    expect(added.messages[0]).toMatchObject({ reach: 500, author: { handle: expect.any(String) } });
    added.stop();
    await client.dispose();
  });

  it('alertRaised replays the alerts after a cursor, then goes live, with no gap and none twice', async () => {
    const spiky = (await createOrganization(app, 'Spiky Air')).id;
    const spikyKey = (await createKey(app, [spiky], ['READ', 'INGEST'])).secret;
    const at = (hours: number) => new Date(Date.parse('2026-11-01T00:00:00Z') + hours * 3_600_000);
    const hourly = (hour: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ ...mentions(1)[0], postedAt: new Date(at(hour).getTime() + i * 1000).toISOString(), sentiment: 0.5 }));
    await app.ok(INGEST, { org: spiky, mentions: hourly(0, 20) }, spikyKey);
    const first = (await app.ok(`query ($org: ID!) { alerts(organizationId: $org) { edges { node { cursor bucket } } } }`, { org: spiky }, spikyKey)).alerts.edges;
    expect(first).toHaveLength(1);
    // later spikes, raised while nobody listens
    for (let hour = 1; hour < 30; hour += 1) await app.ok(INGEST, { org: spiky, mentions: hourly(hour, hour === 20 ? 300 : 20) }, spikyKey);
    const { client } = connect(app, spikyKey);
    const alerts = subscribe(client, `subscription ($org: ID!, $since: String) { alertRaised(organizationId: $org, since: $since, throttleMs: 250) { kind bucket cursor } }`, { org: spiky, since: first[0].node.cursor }, 'alertRaised');
    await alerts.until((alert: any) => alert.bucket === at(20).toISOString());
    // and one raised now arrives live
    for (let hour = 30; hour < 33; hour += 1) await app.ok(INGEST, { org: spiky, mentions: hourly(hour, hour === 32 ? 400 : 20) }, spikyKey);
    await alerts.until((alert: any) => alert.bucket === at(32).toISOString());
    const open = app.app.live.hub.stats().subscribers;
    const all = (await app.ok(`query ($org: ID!) { alerts(organizationId: $org, first: 100) { edges { node { cursor } } } }`, { org: spiky }, spikyKey)).alerts.edges;
    expect(alerts.messages.map((alert: any) => alert.cursor)).toEqual(all.slice(1).map((edge: any) => edge.node.cursor));
    alerts.stop();
    await client.dispose();
    const deadline = Date.now() + 2_000;
    while (app.app.live.hub.stats().subscribers >= open && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.app.live.hub.stats().subscribers).toBe(open - 1);
  });

  it('keeps at most the latest value for a client that stops reading, and sends it when the client resumes', async () => {
    // an instance with a long keep-alive: on a busy machine the ingestion below can outlast 1 s, and this
    // test is about congestion, not about dropping a client that misses pings (the next test)
    const patient = await startTestApp({ sameDatabaseAs: app, config: { LIVE_KEEPALIVE_MS: 60_000 } });
    const raw = new WebSocket(patient.url.replace('http', 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
    await new Promise((resolve) => raw.once('message', resolve));
    const received: any[] = [];
    raw.on('message', (data) => received.push(JSON.parse(String(data))));
    raw.send(JSON.stringify({ id: 'slow', type: 'subscribe', payload: { query: VOLUME, variables: { org, throttle: 250 } } }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // stop reading: the server's sends pile up in the socket until it counts as congested
    (raw as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const before = patient.app.live.hub.stats();
    for (let batch = 0; batch < 6; batch += 1) await app.ok(INGEST, { org, mentions: mentions(20) }, key);
    const during = patient.app.live.hub.stats();
    expect(during.queued).toBeLessThanOrEqual(during.subscribers);
    expect(during.subscribers).toBe(before.subscribers);
    (raw as unknown as { _socket: { resume(): void } })._socket.resume();
    const [{ count }] = await app.dataSource.query('SELECT count(*)::int AS count FROM mentions WHERE organization_id = $1', [org]);
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`last volume ${JSON.stringify(received.at(-1))}, expected ${count}`)), 8_000);
      const check = () => (received.at(-1)?.payload?.data?.volumeChanged?.volume === count ? (clearTimeout(deadline), resolve()) : setTimeout(check, 50));
      check();
    });
    raw.close();
    await patient.close();
  });

  it('pings connections and drops one that stops answering', async () => {
    const raw = new WebSocket(app.url.replace('http', 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
    await new Promise((resolve) => raw.once('message', resolve));
    const open = app.app.live.connections();
    (raw as unknown as { _socket: { pause(): void } })._socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(app.app.live.connections()).toBe(open - 1);
    raw.terminate();
  });

  it('closes subscribers with 1001 Going away when the server shuts down (SIGTERM)', async () => {
    const leaving = await startTestApp({ sameDatabaseAs: app });
    const { client, closed } = connect(leaving, key);
    const volume = subscribe(client, VOLUME, { org, throttle: 250 }, 'volumeChanged');
    await volume.until(() => true);
    await leaving.close();
    expect((await closed).code).toBe(1001);
    await client.dispose();
  });

  it('disconnects a key revoked while connected within 5 seconds', async () => {
    const doomed = await createKey(app, [org], ['READ']);
    const { client, closed } = connect(app, doomed.secret);
    const volume = subscribe(client, VOLUME, { org, throttle: 250 }, 'volumeChanged');
    await volume.until(() => true);
    const revokedAt = Date.now();
    await app.ok(`mutation ($id: ID!) { revokeApiKey(id: $id) }`, { id: doomed.id });
    const event = await closed;
    expect(event.code).toBe(4403);
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    await client.dispose();
  });
});

describe(`live changes through Redis (TEST_REDIS_URL, default ${REDIS_URL})`, () => {
  let first: TestApp;
  let second: TestApp;
  let reachable = false;

  beforeAll(async () => {
    // Redis is optional for users; where none listens, this part is skipped (and says so)
    reachable = await redisReachable(REDIS_URL);
    if (!reachable) return;
    first = await startTestApp({ redisUrl: REDIS_URL });
    second = await startTestApp({ sameDatabaseAs: first, redisUrl: REDIS_URL });
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('reaches subscribers on the other instance', async (context) => {
    if (!reachable) context.skip(`no Redis at ${REDIS_URL}`);
    const org = (await createOrganization(first, 'Redis Air')).id;
    const key = (await createKey(first, [org], ['READ', 'INGEST'])).secret;
    const { client } = connect(second, key);
    const volume = subscribe(client, VOLUME, { org, throttle: 250 }, 'volumeChanged');
    await volume.until((message: any) => message.volume === 0);
    await first.ok(INGEST, { org, mentions: mentions(12) }, key);
    await volume.until((message: any) => message.volume === 12);
    volume.stop();
    await client.dispose();
  });
});
