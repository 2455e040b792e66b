/**
 * The one definition of how a mention contributes to the rollups, as SQL over a row source with the
 * mention columns. Ingestion, re-linking and the consistency check all use it, so they cannot disagree.
 */

export const NO_INCIDENT = '00000000-0000-0000-0000-000000000000';

/** 15-minute UTC bucket; epoch arithmetic, so the session time zone plays no part. */
export function bucketOf(column: string): string {
  return `to_timestamp(floor(extract(epoch FROM ${column}) / 900) * 900)`;
}

/** The key columns of mention_rollups (and of the tiers keyed by language), in primary-key order. */
export const KEY_COLUMNS = 'organization_id, bucket, incident_key, platform, language, sentiment_label';

function keyExpressions(alias: string): string {
  return [
    `${alias}.organization_id`,
    `${bucketOf(`${alias}.posted_at`)} AS bucket`,
    `COALESCE(${alias}.incident_id, '${NO_INCIDENT}'::uuid) AS incident_key`,
    `${alias}.platform`,
    `COALESCE(${alias}.language, '') AS language`,
    `${alias}.sentiment_label`,
  ].join(', ');
}

export const SUM_COLUMNS = ['volume', 'sentiment_sum', 'sentiment_square_sum', 'reach_sum', 'engagement_sum', 'weight_sum', 'weighted_sentiment_sum'];

/**
 * The local date of a slot in a zone, as mention_day_rollups labels it: that date's midnight written in UTC.
 * timezone(zone, instant) is the local wall clock, unambiguous even where a fall-back repeats an hour.
 */
export function localDateLabelSql(slot: string, zone: string): string {
  return `timezone('UTC', date_trunc('day', timezone(${zone}, ${slot})))`;
}

export interface CoarseTier {
  table: string;
  /** The tier's bucket of a 15-minute slot column, given the organization's time zone column. */
  bucketOf(slot: string, zone: string): string;
  /** Whether the bucket depends on the organization's time zone. */
  local: boolean;
  /** Whether the tier is keyed by language too (else the languages are folded together). */
  languages: boolean;
}

const localDates = { bucketOf: localDateLabelSql, local: true };

/**
 * The coarser copies of mention_rollups: UTC hours, and the organization's local dates, keyed alike, and the
 * local dates again with the languages folded together.
 */
export const COARSE_TIERS: readonly CoarseTier[] = [
  { table: 'mention_hour_rollups', bucketOf: (slot) => `to_timestamp(floor(extract(epoch FROM ${slot}) / 3600) * 3600)`, local: false, languages: true },
  { table: 'mention_day_rollups', ...localDates, languages: true },
  { table: 'mention_day_platform_rollups', ...localDates, languages: false },
];

/** The key columns of a tier, in the order of its primary key. */
export function tierKeyColumns(tier: Pick<CoarseTier, 'languages'>): string {
  return tier.languages ? KEY_COLUMNS : 'organization_id, bucket, incident_key, platform, sentiment_label';
}

/** A SELECT of rows shaped like mention_rollups (`source`) summed into a coarser tier's buckets (its key columns, then the sums). */
export function coarserRollupsSql(source: string, tier: CoarseTier): string {
  const keys = tierKeyColumns(tier).split(', ');
  const select = keys.map((column) => (column === 'bucket' ? `${tier.bucketOf('d.bucket', 'o.timezone')} AS bucket` : `d.${column}`));
  return `SELECT ${select.join(', ')}, sum(d.volume)::int AS volume, sum(d.sentiment_sum) AS sentiment_sum,
             sum(d.sentiment_square_sum) AS sentiment_square_sum, sum(d.reach_sum)::bigint AS reach_sum,
             sum(d.engagement_sum)::bigint AS engagement_sum, sum(d.weight_sum) AS weight_sum,
             sum(d.weighted_sentiment_sum) AS weighted_sentiment_sum
        FROM ${source} d${tier.local ? '\n        JOIN organizations o ON o.id = d.organization_id' : ''}
       GROUP BY ${keys.map((_, index) => index + 1).join(', ')}`;
}

const SLOT_COLUMNS =
  'organization_id, bucket, incident_key, volume, positive, neutral, negative, media_coverage, sentiment_sum, sentiment_square_sum, reach_sum, engagement_sum, weight_sum, weighted_sentiment_sum';

/** mention_slot_totals rows from rows shaped like mention_rollups (`{source}`): the dimensions folded into columns. */
export const SLOT_TOTALS_FROM_ROLLUPS = `organization_id, bucket, incident_key, sum(volume)::int AS volume,
             COALESCE(sum(volume) FILTER (WHERE sentiment_label = 'POSITIVE'), 0)::int AS positive,
             COALESCE(sum(volume) FILTER (WHERE sentiment_label = 'NEUTRAL'), 0)::int AS neutral,
             COALESCE(sum(volume) FILTER (WHERE sentiment_label = 'NEGATIVE'), 0)::int AS negative,
             COALESCE(sum(volume) FILTER (WHERE platform = 'NEWS'), 0)::int AS media_coverage,
             sum(sentiment_sum) AS sentiment_sum, sum(sentiment_square_sum) AS sentiment_square_sum,
             sum(reach_sum)::bigint AS reach_sum, sum(engagement_sum)::bigint AS engagement_sum,
             sum(weight_sum) AS weight_sum, sum(weighted_sentiment_sum) AS weighted_sentiment_sum
        FROM {source}
       GROUP BY organization_id, bucket, incident_key`;

/** Aggregates of a set of mention rows (owned posts excluded), signed: +1 to add them, -1 to remove them. */
export function rollupContributions(source: string, alias: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  // computed in float8 (fast) and fixed as numeric, so a mention's weight is the same value when added and
  // when later subtracted
  const weight = `(1 + log(1 + ${alias}.reach::float8))::numeric`;
  return `SELECT ${keyExpressions(alias)},
            ${s}count(*)::int AS volume,
            ${s}sum(${alias}.sentiment::numeric) AS sentiment_sum,
            ${s}sum(${alias}.sentiment::numeric * ${alias}.sentiment::numeric) AS sentiment_square_sum,
            ${s}sum(${alias}.reach)::bigint AS reach_sum,
            ${s}sum(${alias}.engagement)::bigint AS engagement_sum,
            ${s}sum(${weight}) AS weight_sum,
            ${s}sum(${weight} * ${alias}.sentiment::numeric) AS weighted_sentiment_sum
       FROM ${source} ${alias}
      WHERE NOT ${alias}.owned
      GROUP BY 1, 2, 3, 4, 5, 6`;
}

function authorContributions(source: string, alias: string, sign: 1 | -1): string {
  return `SELECT ${keyExpressions(alias)}, ${alias}.author_id, ${sign === 1 ? '' : '-'}count(*)::int AS mentions
       FROM ${source} ${alias}
      WHERE NOT ${alias}.owned
      GROUP BY 1, 2, 3, 4, 5, 6, 7`;
}

/**
 * Data-modifying CTEs (to append to a WITH list) that move the rollups from the `removed` rows' state to
 * the `added` rows' state. Both are names of CTEs with the mention columns.
 */
export function rollupDeltaCtes(removed: string, added: string): string {
  return `rollup_delta AS (
      SELECT ${KEY_COLUMNS}, sum(volume)::int AS volume, sum(sentiment_sum) AS sentiment_sum,
             sum(sentiment_square_sum) AS sentiment_square_sum, sum(reach_sum)::bigint AS reach_sum,
             sum(engagement_sum)::bigint AS engagement_sum, sum(weight_sum) AS weight_sum,
             sum(weighted_sentiment_sum) AS weighted_sentiment_sum
        FROM (${rollupContributions(removed, 'r', -1)} UNION ALL ${rollupContributions(added, 'a', 1)}) contributions
       GROUP BY ${KEY_COLUMNS}
    ),
    rollups_written AS (
      INSERT INTO mention_rollups AS t (${KEY_COLUMNS}, volume, sentiment_sum, sentiment_square_sum, reach_sum,
                                        engagement_sum, weight_sum, weighted_sentiment_sum)
      SELECT * FROM rollup_delta ORDER BY ${KEY_COLUMNS}
      ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET
        volume = t.volume + EXCLUDED.volume,
        sentiment_sum = t.sentiment_sum + EXCLUDED.sentiment_sum,
        sentiment_square_sum = t.sentiment_square_sum + EXCLUDED.sentiment_square_sum,
        reach_sum = t.reach_sum + EXCLUDED.reach_sum,
        engagement_sum = t.engagement_sum + EXCLUDED.engagement_sum,
        weight_sum = t.weight_sum + EXCLUDED.weight_sum,
        weighted_sentiment_sum = t.weighted_sentiment_sum + EXCLUDED.weighted_sentiment_sum
      RETURNING 1
    ),
    ${COARSE_TIERS.map(
      (tier) => `${tier.table}_written AS (
      INSERT INTO ${tier.table} AS t (${tierKeyColumns(tier)}, ${SUM_COLUMNS.join(', ')})
      ${coarserRollupsSql('rollup_delta', tier)}
       ORDER BY ${tierKeyColumns(tier)}
      ON CONFLICT (${tierKeyColumns(tier)}) DO UPDATE SET
        ${SUM_COLUMNS.map((column) => `${column} = t.${column} + EXCLUDED.${column}`).join(',\n        ')}
      RETURNING 1
    ),`,
    ).join('\n    ')}
    slot_delta AS (
      SELECT ${SLOT_TOTALS_FROM_ROLLUPS.replaceAll('{source}', 'rollup_delta')}
    ),
    slot_totals_written AS (
      INSERT INTO mention_slot_totals AS t (${SLOT_COLUMNS})
      SELECT * FROM slot_delta ORDER BY organization_id, bucket, incident_key
      ON CONFLICT (organization_id, bucket, incident_key) DO UPDATE SET
        ${SLOT_COLUMNS.split(', ')
          .slice(3)
          .map((column) => `${column} = t.${column} + EXCLUDED.${column}`)
          .join(',\n        ')}
      RETURNING 1
    ),
    author_delta AS (
      SELECT ${KEY_COLUMNS}, author_id, sum(mentions)::int AS mentions
        FROM (${authorContributions(removed, 'r', -1)} UNION ALL ${authorContributions(added, 'a', 1)}) contributions
       GROUP BY ${KEY_COLUMNS}, author_id
    ),
    author_rollups_written AS (
      INSERT INTO mention_author_rollups AS t (${KEY_COLUMNS}, author_id, mentions)
      SELECT * FROM author_delta ORDER BY ${KEY_COLUMNS}, author_id
      ON CONFLICT (${KEY_COLUMNS}, author_id) DO UPDATE SET mentions = t.mentions + EXCLUDED.mentions
      RETURNING 1
    )`;
}

/** The rollups recomputed from raw mention rows: what the maintained tables must equal (volume > 0 rows). */
export function recomputedRollupsSql(organizationParam: string): string {
  return rollupContributions(`(SELECT * FROM mentions WHERE organization_id = ${organizationParam})`, 'm', 1);
}

/** A coarser tier recomputed from raw mention rows. */
export function recomputedCoarseRollupsSql(organizationParam: string, tier: CoarseTier): string {
  return coarserRollupsSql(`(${recomputedRollupsSql(organizationParam)})`, tier);
}

export function recomputedSlotTotalsSql(organizationParam: string): string {
  return `SELECT ${SLOT_TOTALS_FROM_ROLLUPS.replaceAll('{source}', `(${recomputedRollupsSql(organizationParam)}) recomputed`)}`;
}

export function recomputedAuthorRollupsSql(organizationParam: string): string {
  return authorContributions(`(SELECT * FROM mentions WHERE organization_id = ${organizationParam})`, 'm', 1);
}
