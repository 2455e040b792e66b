import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AlertKind, Metric, Severity } from './enums';

/**
 * A spike raised at ingestion, once per episode. `sequence` orders alerts across the whole database, so a
 * cursor made of it replays exactly what came after.
 */
@ObjectType({ description: 'A spike detected when mentions were ingested; raised once per episode (see AlertKind and Anomaly for the rule).' })
@Entity('alerts')
@Index('uq_alerts_episode_bucket', ['organizationId', 'kind', 'bucket'], { unique: true })
@Index('uq_alerts_sequence', ['sequence'], { unique: true })
@Index('ix_alerts_organization_sequence', ['organizationId', 'sequence'])
export class Alert {
  @Field(() => ID)
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint' })
  @Generated('increment')
  sequence: string;

  @Field(() => AlertKind)
  @Column({ type: 'varchar', length: 32 })
  kind: AlertKind;

  @Field(() => ID, { nullable: true, description: 'The open incident whose window covers the bucket, if any.' })
  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  @Field(() => Date, { description: "Start of the hour (in the organization's time zone) that spiked." })
  @Column({ type: 'timestamptz' })
  bucket: Date;

  @Field(() => Date, { description: 'When ingestion raised the alert.' })
  @CreateDateColumn({ name: 'triggered_at', type: 'timestamptz' })
  triggeredAt: Date;

  @Field(() => Metric)
  @Column({ type: 'varchar', length: 32 })
  metric: Metric;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  value: number;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  expected: number;

  @Field(() => Float)
  @Column({ name: 'std_dev', type: 'double precision' })
  stdDev: number;

  @Field(() => Float)
  @Column({ name: 'z_score', type: 'double precision' })
  zScore: number;

  @Field(() => Severity)
  @Column({ type: 'varchar', length: 8 })
  severity: Severity;

  @Field(() => Int, { description: 'The 1–10 anomaly severity behind `severity`.' })
  @Column({ name: 'severity_score', type: 'smallint' })
  severityScore: number;

  @Field(() => String)
  @Column({ type: 'text' })
  message: string;
}

/** Whether an alert episode is under way, per organization and kind: a spike alerts once until it subsides. */
@Entity('alert_episodes')
export class AlertEpisode {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: AlertKind;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  /** The latest bucket evaluated; older buckets ingested late do not move the episode. */
  @Column({ name: 'last_bucket', type: 'timestamptz', nullable: true })
  lastBucket: Date | null;
}
