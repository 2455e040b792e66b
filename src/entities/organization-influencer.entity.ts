import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Influencer } from './influencer.entity';
import { Organization } from './organization.entity';

/** What one organization knows about an author: its mentions of the organization, and whether it is tracked. */
@Entity('organization_influencers')
@Index('ix_organization_influencers_influencer', ['influencerId'])
export class OrganizationInfluencer {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @PrimaryColumn({ name: 'influencer_id', type: 'uuid' })
  influencerId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @ManyToOne(() => Influencer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'influencer_id' })
  influencer?: Influencer;

  @Column({ name: 'mention_count', type: 'integer', default: 0 })
  mentionCount: number;

  @Column({ name: 'first_seen_at', type: 'timestamptz', nullable: true })
  firstSeenAt: Date | null;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @Column({ type: 'boolean', default: false })
  tracked: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'tracked_at', type: 'timestamptz', nullable: true })
  trackedAt: Date | null;
}
