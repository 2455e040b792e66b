import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The dimensions every rollup table is keyed by but language. */
abstract class RollupKeyWithoutLanguage {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @PrimaryColumn({ type: 'timestamptz' })
  bucket: Date;

  /** The nil uuid stands for "no incident", so the key can be a primary key. */
  @PrimaryColumn({ name: 'incident_key', type: 'uuid' })
  incidentKey: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  platform: string;

  @PrimaryColumn({ name: 'sentiment_label', type: 'varchar', length: 8 })
  sentimentLabel: string;
}

/** The sums every rollup tier keeps per key. */
abstract class RollupSumsWithoutLanguage extends RollupKeyWithoutLanguage {
  @Column({ type: 'integer', default: 0 })
  volume: number;

  @Column({ name: 'sentiment_sum', type: 'numeric', default: 0 })
  sentimentSum: string;

  @Column({ name: 'sentiment_square_sum', type: 'numeric', default: 0 })
  sentimentSquareSum: string;

  @Column({ name: 'reach_sum', type: 'bigint', default: 0 })
  reachSum: string;

  @Column({ name: 'engagement_sum', type: 'bigint', default: 0 })
  engagementSum: string;

  /** Σ wᵢ with wᵢ = 1 + log10(1 + reachᵢ), the reputation-index weights. */
  @Column({ name: 'weight_sum', type: 'numeric', default: 0 })
  weightSum: string;

  /** Σ wᵢ·sᵢ. */
  @Column({ name: 'weighted_sentiment_sum', type: 'numeric', default: 0 })
  weightedSentimentSum: string;
}

/** The dimensions of the rollups keyed by language too. */
abstract class RollupKey extends RollupKeyWithoutLanguage {
  /** '' stands for an undetermined language. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  language: string;
}

/** The dimensions and sums of the rollup tiers keyed by language too. */
abstract class RollupSums extends RollupSumsWithoutLanguage {
  /** '' stands for an undetermined language. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  language: string;
}

/**
 * Audience mentions (owned posts excluded) pre-aggregated per 15-minute UTC bucket and dimension values.
 * Every UTC offset in use is a multiple of 15 minutes, so any local hour, day, week or month in any IANA
 * time zone is an exact union of these buckets. Sums are numeric, so subtracting an updated mention's old
 * contribution restores them exactly. Maintained in the same statement as the mention rows.
 */
@Entity('mention_rollups')
export class MentionRollup extends RollupSums {}

/**
 * The same rollups per UTC hour: a range is read from whole days first, then whole hours, and 15-minute rows
 * only where a local boundary (a :30 or :45 zone, a range end) cuts an hour, so grouped tables over months
 * read hundreds of rows where the 15-minute tier holds hundreds of thousands.
 */
@Entity('mention_hour_rollups')
export class MentionHourRollup extends RollupSums {}

/**
 * The same rollups per local date of the organization's time zone (bucket: the date's midnight written in
 * UTC, a label rather than an instant), rebuilt when the zone changes.
 */
@Entity('mention_day_rollups')
export class MentionDayRollup extends RollupSums {}

/**
 * The local-date tier with the languages folded together: most tables and filters name no language, and
 * language detection spreads a day's mentions over dozens of them, so this holds an order of magnitude fewer
 * rows per date than mention_day_rollups. Maintained and rebuilt with it.
 */
@Entity('mention_day_platform_rollups')
export class MentionDayPlatformRollup extends RollupSumsWithoutLanguage {}

/**
 * The same sums per organization, 15-minute slot and incident only, with the label and NEWS counts as columns:
 * a month is at most 2,880 rows per incident whatever the volume, so unfiltered KPIs and series cost the
 * same at 100 thousand and at 10 million mentions. Maintained from the same delta as mention_rollups.
 */
@Entity('mention_slot_totals')
// covering (INCLUDE every sum), so a month of an organization is an index-only scan of a few pages; by hand in
// the migration, TypeORM cannot describe INCLUDE
@Index('ix_mention_slot_totals_covering', { synchronize: false })
export class MentionSlotTotal {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @PrimaryColumn({ type: 'timestamptz' })
  bucket: Date;

  @PrimaryColumn({ name: 'incident_key', type: 'uuid' })
  incidentKey: string;

  @Column({ type: 'integer', default: 0 })
  volume: number;

  @Column({ type: 'integer', default: 0 })
  positive: number;

  @Column({ type: 'integer', default: 0 })
  neutral: number;

  @Column({ type: 'integer', default: 0 })
  negative: number;

  /** Mentions on platform NEWS. */
  @Column({ name: 'media_coverage', type: 'integer', default: 0 })
  mediaCoverage: number;

  @Column({ name: 'sentiment_sum', type: 'numeric', default: 0 })
  sentimentSum: string;

  @Column({ name: 'sentiment_square_sum', type: 'numeric', default: 0 })
  sentimentSquareSum: string;

  @Column({ name: 'reach_sum', type: 'bigint', default: 0 })
  reachSum: string;

  @Column({ name: 'engagement_sum', type: 'bigint', default: 0 })
  engagementSum: string;

  @Column({ name: 'weight_sum', type: 'numeric', default: 0 })
  weightSum: string;

  @Column({ name: 'weighted_sentiment_sum', type: 'numeric', default: 0 })
  weightedSentimentSum: string;
}

/** How many audience mentions each author wrote per rollup key: distinct authors over any range stay exact. */
@Entity('mention_author_rollups')
export class MentionAuthorRollup extends RollupKey {
  @PrimaryColumn({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'integer', default: 0 })
  mentions: number;
}
