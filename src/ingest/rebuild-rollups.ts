import type { Queryable } from '../services/analytics/segment-totals';
import { COARSE_TIERS, KEY_COLUMNS, SUM_COLUMNS, coarserRollupsSql, recomputedAuthorRollupsSql, recomputedRollupsSql, recomputedSlotTotalsSql, tierKeyColumns, type CoarseTier } from './rollup-sql';

const SUMS = SUM_COLUMNS.join(', ');

/**
 * Replaces an organization's rollups (every tier, slot totals, author rollups) with a recomputation from its
 * mention rows: what ingestion leaves behind, for data written in bulk around it. Run it in a transaction.
 */
export async function rebuildRollups(db: Queryable, organizationId: string): Promise<void> {
  const tables = ['mention_rollups', ...COARSE_TIERS.map((tier) => tier.table), 'mention_author_rollups', 'mention_slot_totals'];
  for (const table of tables) await db.query(`DELETE FROM ${table} WHERE organization_id = $1`, [organizationId]);
  await db.query(`INSERT INTO mention_rollups (${KEY_COLUMNS}, ${SUMS}) ${recomputedRollupsSql('$1')}`, [organizationId]);
  for (const tier of COARSE_TIERS) await foldIntoTier(db, tier, organizationId);
  await db.query(`INSERT INTO mention_slot_totals ${recomputedSlotTotalsSql('$1')}`, [organizationId]);
  await db.query(`INSERT INTO mention_author_rollups (${KEY_COLUMNS}, author_id, mentions) ${recomputedAuthorRollupsSql('$1')}`, [organizationId]);
}

/**
 * Replaces an organization's local-date rollups (both tiers) with the sums of its 15-minute rollups, for its
 * current time zone: after the zone changes, under the organization's write lock.
 */
export async function rebuildDayRollups(db: Queryable, organizationId: string): Promise<void> {
  for (const tier of COARSE_TIERS.filter((candidate) => candidate.local)) {
    await db.query(`DELETE FROM ${tier.table} WHERE organization_id = $1`, [organizationId]);
    await foldIntoTier(db, tier, organizationId);
  }
}

/** Fills an (emptied) coarser tier of an organization from its 15-minute rollups. */
async function foldIntoTier(db: Queryable, tier: CoarseTier, organizationId: string): Promise<void> {
  await db.query(
    `INSERT INTO ${tier.table} (${tierKeyColumns(tier)}, ${SUMS})
     ${coarserRollupsSql('(SELECT * FROM mention_rollups WHERE organization_id = $1 AND volume <> 0)', tier)}`,
    [organizationId],
  );
}
