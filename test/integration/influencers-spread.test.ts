import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_MENTION_COLUMNS, type RawMention } from '../support/brute-force';
import { createIncident, createKey, createOrganization } from '../support/factory';
import { startTestApp, type TestApp } from '../support/test-app';

const INGEST = `mutation ($org: ID!, $mentions: [MentionInput!]!) { ingestMentions(organizationId: $org, mentions: $mentions) { accepted rejected errors { message } } }`;
const IMPACT = 'influencer { handle followers verified influenceScore } mentions reach engagement averageSentiment positiveReach negativeReach shareOfReach';

describe('influencers, search, tracking and spread', () => {
  let app: TestApp;
  let org: string;
  let other: string;
  let incident: string;
  let rows: RawMention[];

  beforeAll(async () => {
    app = await startTestApp({ now: () => new Date('2026-12-01T00:00:00Z') });
    org = (await createOrganization(app, 'Rank Air', { handles: [{ platform: 'TWITTER', handle: 'RankAir' }] })).id;
    other = (await createOrganization(app, 'Other Bank')).id;
    incident = await createIncident(app, org, { title: 'Lost bags', startedAt: '2026-11-05T00:00:00Z', keywords: ['bags'] });
    const authors = [
      { handle: 'Cristiano_Fan', displayName: 'Cristiano Fan Club', followers: 2_000_000, verified: true },
      { handle: 'budi_santoso', displayName: 'Budi Santoso', followers: 5_000 },
      { handle: 'ana_travels', displayName: 'Ana Travels', followers: 80_000 },
      { handle: 'news_desk', displayName: 'Daily News Desk', followers: 300_000, verified: true },
      { handle: 'quiet_one', followers: 10 },
    ];
    const mentions: Array<Record<string, unknown>> = [];
    let id = 0;
    const post = (author: (typeof authors)[number], extra: Record<string, unknown>) =>
      mentions.push({
        platform: 'TWITTER',
        externalId: `p-${id++}`,
        text: 'my bags are lost',
        postedAt: `2026-11-0${1 + (id % 8)}T10:${String(id % 60).padStart(2, '0')}:00Z`,
        author,
        reach: author.followers ?? 0,
        likes: id % 13,
        shares: id % 5,
        ...extra,
      });
    authors.forEach((author, index) => {
      for (let n = 0; n <= index; n += 1) post(author, { sentiment: [-0.8, 0.6, 0, -0.3, 0.9][(index + n) % 5] });
    });
    // a cascade: root ← 2 reshares ← 1 reply each ← a reshare of a reply; plus a cycle that must not loop
    mentions.push(
      { platform: 'TWITTER', externalId: 'root', text: 'bags lost again', postedAt: '2026-11-06T08:00:00Z', author: { handle: 'budi_santoso' }, reach: 5000, sentiment: -0.9 },
      { platform: 'TWITTER', externalId: 'rs-1', text: 'RT', postedAt: '2026-11-06T08:05:00Z', author: { handle: 'ana_travels' }, sharedFromExternalId: 'root', reach: 80_000, sentiment: -0.5 },
      { platform: 'TWITTER', externalId: 'rs-2', text: 'RT', postedAt: '2026-11-06T08:06:00Z', author: { handle: 'news_desk' }, sharedFromExternalId: 'root', reach: 300_000, sentiment: -0.2 },
      { platform: 'TWITTER', externalId: 're-1', text: 'same here', postedAt: '2026-11-06T08:10:00Z', author: { handle: 'quiet_one' }, inReplyToExternalId: 'rs-1', reach: 10, sentiment: -0.6 },
      { platform: 'TWITTER', externalId: 're-2', text: 'we are on it', postedAt: '2026-11-06T08:12:00Z', author: { handle: 'RankAir' }, inReplyToExternalId: 'rs-2', reach: 1000, sentiment: 0.4 },
      { platform: 'TWITTER', externalId: 'rs-3', text: 'RT', postedAt: '2026-11-06T08:20:00Z', author: { handle: 'Cristiano_Fan' }, sharedFromExternalId: 're-1', reach: 2_000_000, sentiment: -0.4 },
      { platform: 'TWITTER', externalId: 'loop-a', text: 'a', postedAt: '2026-11-06T09:00:00Z', author: { handle: 'quiet_one' }, inReplyToExternalId: 'loop-b', reach: 1 },
      { platform: 'TWITTER', externalId: 'loop-b', text: 'b', postedAt: '2026-11-06T09:01:00Z', author: { handle: 'quiet_one' }, inReplyToExternalId: 'loop-a', reach: 1 },
    );
    const result = await app.ok(INGEST, { org, mentions });
    expect(result.ingestMentions.errors).toEqual([]);
    await app.ok(INGEST, {
      org: other,
      mentions: [{ platform: 'TWITTER', externalId: 'x', text: 'hello', postedAt: '2026-11-02T00:00:00Z', author: { handle: 'cristiano_other_tenant' } }],
    });
    rows = await app.dataSource.query(`SELECT ${RAW_MENTION_COLUMNS} FROM mentions WHERE organization_id = $1`, [org]);
  }, 60_000);
  afterAll(() => app?.close());

  /** Brute-force ranking: per author over audience rows, by the order's key desc, then mentions desc, then id. */
  function expectedRanking(chosen: RawMention[], key: (group: RawMention[]) => number) {
    const groups = new Map<string, RawMention[]>();
    for (const row of chosen.filter((row) => !row.owned)) groups.set(row.author_id, [...(groups.get(row.author_id) ?? []), row]);
    const totalReach = chosen.filter((row) => !row.owned).reduce((sum, row) => sum + row.reach, 0);
    return [...groups.entries()]
      .sort(([a, x], [b, y]) => key(y) - key(x) || y.length - x.length || (a < b ? -1 : 1))
      .map(([, group]) => ({
        mentions: group.length,
        reach: group.reduce((sum, row) => sum + row.reach, 0),
        engagement: group.reduce((sum, row) => sum + row.engagement, 0),
        averageSentiment: group.reduce((sum, row) => sum + row.sentiment, 0) / group.length,
        positiveReach: group.filter((row) => row.sentiment_label === 'POSITIVE').reduce((sum, row) => sum + row.reach, 0),
        negativeReach: group.filter((row) => row.sentiment_label === 'NEGATIVE').reduce((sum, row) => sum + row.reach, 0),
        shareOfReach: group.reduce((sum, row) => sum + row.reach, 0) / totalReach,
      }));
  }

  const reach = (group: RawMention[]) => group.reduce((sum, row) => sum + row.reach, 0);
  const orders: Array<[string, (group: RawMention[]) => number]> = [
    ['REACH', reach],
    ['ENGAGEMENT', (group) => group.reduce((sum, row) => sum + row.engagement, 0)],
    ['MENTIONS', (group) => group.length],
    ['NEGATIVE_REACH', (group) => reach(group.filter((row) => row.sentiment_label === 'NEGATIVE'))],
    ['POSITIVE_REACH', (group) => reach(group.filter((row) => row.sentiment_label === 'POSITIVE'))],
  ];

  for (const [order, key] of orders) {
    it(`ranks authors by ${order} exactly as a brute-force ranking of the raw rows`, async () => {
      const { influencers } = await app.ok(`query ($org: ID!, $order: InfluencerOrder!) { influencers(organizationId: $org, orderBy: $order, first: 50) { ${IMPACT} } }`, {
        org,
        order,
      });
      const expected = expectedRanking(rows, key);
      expect(influencers.map(({ influencer: _, ...figures }: any) => figures)).toEqual(
        expected.map((figures) => Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, expect.closeTo(value, 9)]))),
      );
    });
  }

  it('ranks by influence score, and filters by range, incident and platform', async () => {
    const { influencers } = await app.ok(`query ($org: ID!) { influencers(organizationId: $org, orderBy: INFLUENCE, first: 3) { influencer { handle influenceScore } } }`, { org });
    expect(influencers.map((impact: any) => impact.influencer.handle)).toEqual(['Cristiano_Fan', 'news_desk', 'ana_travels']);
    const scores = influencers.map((impact: any) => impact.influencer.influenceScore);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const range = { from: '2026-11-03T00:00:00Z', to: '2026-11-05T00:00:00Z' };
    const { influencers: ranged } = await app.ok(`query ($org: ID!, $range: TimeRangeInput) { influencers(organizationId: $org, range: $range) { mentions } }`, { org, range });
    const inRange = rows.filter((row) => !row.owned && row.posted_at >= new Date(range.from) && row.posted_at < new Date(range.to));
    expect(ranged.reduce((sum: number, impact: any) => sum + impact.mentions, 0)).toBe(inRange.length);

    const { influencers: linked } = await app.ok(`query ($org: ID!, $incident: ID) { influencers(organizationId: $org, incidentId: $incident, platform: TWITTER) { mentions } }`, {
      org,
      incident,
    });
    expect(linked.reduce((sum: number, impact: any) => sum + impact.mentions, 0)).toBe(rows.filter((row) => !row.owned && row.incident_id === incident).length);
  });

  it('finds influencers by prefix and by a misspelling, case-insensitively, never from another tenant', async () => {
    const key = (await createKey(app, [org], ['READ'])).secret;
    const search = async (query: string) =>
      (await app.ok(`query ($q: String!) { searchInfluencers(query: $q) { handle } }`, { q: query }, key)).searchInfluencers.map((found: any) => found.handle);
    expect(await search('@CRIS')).toEqual(['Cristiano_Fan']);
    expect(await search('cristano_fan')).toContain('Cristiano_Fan');
    expect(await search('Santoso')).toEqual(['budi_santoso']);
    expect(await search('budi_santso')).toContain('budi_santoso');
    expect(await search('cristiano_other')).not.toContain('cristiano_other_tenant');
    // the admin key sees every tenant: the prefix match first, then the similar handle
    expect((await app.ok(`{ searchInfluencers(query: "cristiano_other") { handle } }`)).searchInfluencers).toEqual([
      { handle: 'cristiano_other_tenant' },
      { handle: 'Cristiano_Fan' },
    ]);
    const bad = await app.gql(`{ searchInfluencers(query: "   ") { handle } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('tracks an influencer (even one that has not posted yet), shows it as tracked, and untracks it', async () => {
    const tracked = await app.ok(`mutation ($org: ID!) { trackInfluencer(organizationId: $org, platform: TWITTER, handle: "@New_Voice", note: "watch") { handle tracked } }`, { org });
    expect(tracked.trackInfluencer).toEqual({ handle: 'New_Voice', tracked: true });
    const key = (await createKey(app, [org], ['READ'])).secret;
    expect((await app.ok(`{ influencer(platform: TWITTER, handle: "new_voice") { handle tracked mentionCount } }`, {}, key)).influencer).toEqual({
      handle: 'New_Voice',
      tracked: true,
      mentionCount: 0,
    });
    const [note] = await app.dataSource.query(`SELECT note FROM organization_influencers WHERE organization_id = $1 AND tracked`, [org]);
    expect(note.note).toBe('watch');
    const untracked = await app.ok(`mutation ($org: ID!) { untrackInfluencer(organizationId: $org, platform: TWITTER, handle: "new_voice") { tracked } }`, { org });
    expect(untracked.untrackInfluencer.tracked).toBe(false);
    const readOnly = await app.gql(`mutation ($org: ID!) { trackInfluencer(organizationId: $org, platform: TWITTER, handle: "x") { id } }`, { org }, key);
    expect(readOnly.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("tracking an author another tenant wrote about reveals nothing their mentions taught the API", async () => {
    const outsider = (await createKey(app, [other], ['READ', 'MANAGE'])).secret;
    const query = `mutation ($org: ID!) { trackInfluencer(organizationId: $org, platform: TWITTER, handle: "cristiano_fan") { handle displayName followers verified influenceScore tracked } }`;
    const tracked = (await app.ok(query, { org: other }, outsider)).trackInfluencer;
    expect(tracked).toEqual({ handle: 'Cristiano_Fan', displayName: null, followers: 0, verified: false, influenceScore: 0, tracked: true });
    const lookup = (await app.ok(`{ influencer(platform: TWITTER, handle: "Cristiano_Fan") { displayName followers mentionCount } }`, {}, outsider)).influencer;
    expect(lookup).toEqual({ displayName: null, followers: 0, mentionCount: 0 });
    // the organization that received the mentions still sees the profile
    expect((await app.ok(`{ influencer(platform: TWITTER, handle: "Cristiano_Fan") { followers verified } }`)).influencer).toEqual({ followers: 2_000_000, verified: true });
  });

  it('spread walks reshares and replies to any depth, counts each mention once, cuts cycles and ranks amplifiers by reach', async () => {
    const root = rows.find((row) => row.external_id === 'root')!;
    const { spread } = await app.ok(`query ($id: ID!) { spread(mentionId: $id) { root { externalId } size depth amplifiers { influencer { handle } mentions reach } } }`, {
      id: root.id,
    });
    expect(spread.root.externalId).toBe('root');
    // root, rs-1, rs-2, re-1, re-2 (owned, counted in size), rs-3 at depth 3
    expect(spread.size).toBe(6);
    expect(spread.depth).toBe(3);
    expect(spread.amplifiers).toEqual([
      { influencer: { handle: 'Cristiano_Fan' }, mentions: 1, reach: 2_000_000 },
      { influencer: { handle: 'news_desk' }, mentions: 1, reach: 300_000 },
      { influencer: { handle: 'ana_travels' }, mentions: 1, reach: 80_000 },
      { influencer: { handle: 'quiet_one' }, mentions: 1, reach: 10 },
    ]);
    const loop = rows.find((row) => row.external_id === 'loop-a')!;
    const { spread: cycle } = await app.ok(`query ($id: ID!) { spread(mentionId: $id) { size depth } }`, { id: loop.id });
    expect(cycle).toEqual({ size: 2, depth: 1 });
    // a lattice where every mention reshares one and replies to the other of the layer above: 2^40 paths, 81 mentions
    const lattice: Array<Record<string, unknown>> = [{ platform: 'REDDIT', externalId: 'L0-a', text: 'top', postedAt: '2026-11-07T00:00:00Z', author: { handle: 'layer_root' } }];
    for (let layer = 1; layer <= 40; layer += 1) {
      const above = layer === 1 ? ['L0-a', 'L0-a'] : [`L${layer - 1}-a`, `L${layer - 1}-b`];
      for (const [side, parents] of [['a', above], ['b', [...above].reverse()]] as const) {
        lattice.push({
          platform: 'REDDIT',
          externalId: `L${layer}-${side}`,
          text: 'thread',
          postedAt: new Date(Date.parse('2026-11-07T00:00:00Z') + layer * 60_000).toISOString(),
          author: { handle: `layer_${layer % 3}` },
          sharedFromExternalId: parents[0],
          inReplyToExternalId: parents[1],
          reach: layer,
        });
      }
    }
    await app.ok(INGEST, { org, mentions: lattice });
    const [top] = await app.dataSource.query(`SELECT id FROM mentions WHERE organization_id = $1 AND external_id = 'L0-a'`, [org]);
    expect((await app.ok(`query ($id: ID!) { spread(mentionId: $id) { size depth } }`, { id: top.id })).spread).toEqual({ size: 81, depth: 40 });

    const leaf = rows.find((row) => row.external_id === 'rs-3')!;
    expect((await app.ok(`query ($id: ID!) { spread(mentionId: $id) { size depth amplifiers { mentions } } }`, { id: leaf.id })).spread).toEqual({
      size: 1,
      depth: 0,
      amplifiers: [],
    });
  });
});
