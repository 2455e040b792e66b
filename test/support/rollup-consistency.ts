import type { DataSource } from 'typeorm';
import { COARSE_TIERS, KEY_COLUMNS as KEY, tierKeyColumns, recomputedAuthorRollupsSql, recomputedCoarseRollupsSql, recomputedRollupsSql, recomputedSlotTotalsSql } from '../../src/ingest/rollup-sql';


/**
 * Differences between the maintained rollups (and author statistics, first responses) and a recomputation
 * from the raw mention rows; an empty list means they agree exactly.
 */
export async function rollupDifferences(dataSource: DataSource, organizationId: string): Promise<string[]> {
  const problems: string[] = [];
  const tiers = [
    { table: 'mention_rollups', recomputed: recomputedRollupsSql('$1'), key: KEY },
    ...COARSE_TIERS.map((tier) => ({ table: tier.table, recomputed: recomputedCoarseRollupsSql('$1', tier), key: tierKeyColumns(tier) })),
  ];
  for (const tier of tiers) {
    const rollups = await dataSource.query(
      `WITH maintained AS (SELECT * FROM ${tier.table} WHERE organization_id = $1 AND volume <> 0),
            recomputed AS (${tier.recomputed})
       SELECT coalesce(m.bucket, r.bucket) AS bucket, to_jsonb(m) AS maintained, to_jsonb(r) AS recomputed
         FROM maintained m FULL JOIN recomputed r USING (${tier.key})
        WHERE m IS NULL OR r IS NULL
           OR (m.volume, m.sentiment_sum, m.sentiment_square_sum, m.reach_sum, m.engagement_sum, m.weight_sum, m.weighted_sentiment_sum)
              IS DISTINCT FROM (r.volume, r.sentiment_sum, r.sentiment_square_sum, r.reach_sum, r.engagement_sum, r.weight_sum, r.weighted_sentiment_sum)
        LIMIT 5`,
      [organizationId],
    );
    for (const row of rollups) problems.push(`${tier.table} ${JSON.stringify(row)}`);
    const leftovers = await dataSource.query(
      `SELECT * FROM ${tier.table} WHERE organization_id = $1 AND volume = 0
          AND (sentiment_sum, sentiment_square_sum, reach_sum, engagement_sum, weight_sum, weighted_sentiment_sum) <> (0, 0, 0, 0, 0, 0) LIMIT 5`,
      [organizationId],
    );
    for (const row of leftovers) problems.push(`empty ${tier.table} row with sums ${JSON.stringify(row)}`);
  }
  const authors = await dataSource.query(
    `WITH maintained AS (SELECT * FROM mention_author_rollups WHERE organization_id = $1 AND mentions <> 0),
          recomputed AS (${recomputedAuthorRollupsSql('$1')})
     SELECT to_jsonb(m) AS maintained, to_jsonb(r) AS recomputed
       FROM maintained m FULL JOIN recomputed r USING (${KEY}, author_id)
      WHERE m IS NULL OR r IS NULL OR m.mentions <> r.mentions LIMIT 5`,
    [organizationId],
  );
  for (const row of authors) problems.push(`author rollup ${JSON.stringify(row)}`);
  const slots = await dataSource.query(
    `WITH maintained AS (SELECT * FROM mention_slot_totals WHERE organization_id = $1 AND volume <> 0),
          recomputed AS (${recomputedSlotTotalsSql('$1')})
     SELECT to_jsonb(m) AS maintained, to_jsonb(r) AS recomputed
       FROM maintained m FULL JOIN recomputed r USING (organization_id, bucket, incident_key)
      WHERE m IS NULL OR r IS NULL
         OR (m.volume, m.positive, m.neutral, m.negative, m.media_coverage, m.sentiment_sum, m.sentiment_square_sum, m.reach_sum,
             m.engagement_sum, m.weight_sum, m.weighted_sentiment_sum)
            IS DISTINCT FROM (r.volume, r.positive, r.neutral, r.negative, r.media_coverage, r.sentiment_sum, r.sentiment_square_sum,
             r.reach_sum, r.engagement_sum, r.weight_sum, r.weighted_sentiment_sum)
      LIMIT 5`,
    [organizationId],
  );
  for (const row of slots) problems.push(`slot totals ${JSON.stringify(row)}`);
  const stats = await dataSource.query(
    `WITH maintained AS (SELECT * FROM organization_influencers WHERE organization_id = $1 AND mention_count <> 0),
          recomputed AS (SELECT author_id, count(*)::int AS n, min(posted_at) AS first, max(posted_at) AS last
                           FROM mentions WHERE organization_id = $1 GROUP BY author_id)
     SELECT m.influencer_id, m.mention_count, r.author_id, r.n
       FROM maintained m FULL JOIN recomputed r ON r.author_id = m.influencer_id
      WHERE (m.mention_count, m.first_seen_at, m.last_seen_at) IS DISTINCT FROM (r.n, r.first, r.last)
     UNION ALL
     SELECT influencer_id, mention_count, NULL, NULL FROM organization_influencers
      WHERE organization_id = $1 AND mention_count = 0 AND (first_seen_at IS NOT NULL OR last_seen_at IS NOT NULL)
      LIMIT 5`,
    [organizationId],
  );
  for (const row of stats) problems.push(`author statistics ${JSON.stringify(row)}`);
  const responses = await dataSource.query(
    `SELECT i.id, i.first_response_at,
            (SELECT min(m.posted_at) FROM mentions m WHERE m.organization_id = i.organization_id AND m.incident_id = i.id
                AND m.owned AND m.posted_at >= i.started_at) AS expected
       FROM incidents i
      WHERE i.organization_id = $1 AND NOT i.first_response_manual
        AND i.first_response_at IS DISTINCT FROM (SELECT min(m.posted_at) FROM mentions m WHERE m.organization_id = i.organization_id
                AND m.incident_id = i.id AND m.owned AND m.posted_at >= i.started_at)`,
    [organizationId],
  );
  for (const row of responses) problems.push(`first response ${JSON.stringify(row)}`);
  const links = await dataSource.query(
    `SELECT m.id, m.incident_id, m.incident_source FROM mentions m
      WHERE m.organization_id = $1 AND m.incident_source IS DISTINCT FROM 'PROVIDED'
        AND m.incident_id IS DISTINCT FROM (
          SELECT i.id FROM incidents i
           WHERE i.organization_id = m.organization_id AND i.started_at <= m.posted_at
             AND (i.resolved_at IS NULL OR m.posted_at < i.resolved_at)
             AND (cardinality(i.keywords) = 0 OR EXISTS (SELECT 1 FROM unnest(i.keywords) k WHERE position(lower(k) IN lower(m.text)) > 0))
           ORDER BY i.started_at DESC, i.id DESC LIMIT 1)
      LIMIT 5`,
    [organizationId],
  );
  for (const row of links) problems.push(`incident link ${JSON.stringify(row)}`);
  const ownership = await dataSource.query(
    `SELECT m.id, m.owned FROM mentions m JOIN influencers a ON a.id = m.author_id JOIN organizations o ON o.id = m.organization_id
      WHERE m.organization_id = $1
        AND m.owned IS DISTINCT FROM EXISTS (SELECT 1 FROM jsonb_array_elements(o.handles) h
                                             WHERE h->>'platform' = a.platform AND lower(h->>'handle') = a.handle_key)
      LIMIT 5`,
    [organizationId],
  );
  for (const row of ownership) problems.push(`owned flag ${JSON.stringify(row)}`);
  return problems;
}
