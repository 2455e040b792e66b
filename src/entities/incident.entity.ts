import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CrisisType, IncidentPhase, IncidentStatus, Severity } from './enums';
import { Organization } from './organization.entity';

@ObjectType({ description: 'A crisis: a period in which the conversation about an organization turned against it.' })
@Entity('incidents')
@Index('ix_incidents_id', ['id'])
@Index('ix_incidents_org_started', ['organizationId', 'startedAt', 'id'])
@Check('ck_incidents_resolved_after_start', 'resolved_at IS NULL OR resolved_at >= started_at')
export class Incident {
  @Field(() => ID)
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => Severity)
  @Column({ type: 'varchar', length: 16, default: Severity.MEDIUM })
  severity: Severity;

  @Field(() => CrisisType)
  @Column({ name: 'crisis_type', type: 'varchar', length: 16, default: CrisisType.UNKNOWN })
  crisisType: CrisisType;

  @Field(() => IncidentPhase)
  @Column({ type: 'varchar', length: 16, default: IncidentPhase.RESPONSE })
  phase: IncidentPhase;

  @Field(() => IncidentStatus)
  @Column({ type: 'varchar', length: 16, default: IncidentStatus.OPEN })
  status: IncidentStatus;

  @Field(() => Date, { description: 'When the crisis began; the start of the `during` window.' })
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the team noticed the crisis (at or after startedAt).' })
  @Column({ name: 'detected_at', type: 'timestamptz', nullable: true })
  detectedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Earliest owned post at or after startedAt linked to the incident, or the time set by hand with updateIncident.',
  })
  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  /** True when firstResponseAt was set by hand, so ingestion must not overwrite it. */
  @Column({ name: 'first_response_manual', type: 'boolean', default: false })
  firstResponseManual: boolean;

  @Field(() => Date, { nullable: true, description: 'When the incident was resolved; null while OPEN.' })
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Field(() => [String], {
    description: 'If not empty, a mention without incidentId is linked to this incident only when its text contains one of these (case-insensitive).',
  })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds from startedAt to firstResponseAt; null until the organization has responded.',
  })
  get responseTimeSeconds(): number | null {
    if (!this.firstResponseAt) return null;
    return Math.round((this.firstResponseAt.getTime() - this.startedAt.getTime()) / 1000);
  }
}
