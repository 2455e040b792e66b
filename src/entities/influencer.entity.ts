import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Platform } from './enums';

/**
 * An author on a platform. Authors are shared reference data across organizations (a public account is
 * the same account whoever mentions it); what an organization knows about one lives in
 * `organization_influencers`.
 */
@ObjectType({ description: 'An author of mentions on one platform; every author is an Influencer.' })
@Entity('influencers')
@Index('uq_influencers_platform_handle', ['platform', 'handleKey'], { unique: true })
// searchInfluencers: trigram indexes (similar handles and names) and "C"-collation B-trees ending with the id
// (prefixes, read in the order of the results),
// created by hand in the migrations like ix_mentions_text_trgm
@Index('ix_influencers_handle_trgm', { synchronize: false })
@Index('ix_influencers_display_name_trgm', { synchronize: false })
@Index('ix_influencers_handle_prefix', { synchronize: false })
@Index('ix_influencers_display_name_prefix', { synchronize: false })
export class Influencer {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => Platform)
  @Column({ type: 'varchar', length: 16 })
  platform: Platform;

  @Field(() => String, { description: 'Handle as last seen, without a leading @.' })
  @Column({ type: 'varchar', length: 256 })
  handle: string;

  /** lower(handle): the case-insensitive identity within a platform. */
  @Column({ name: 'handle_key', type: 'varchar', length: 256 })
  handleKey: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'display_name', type: 'varchar', length: 256, nullable: true })
  displayName: string | null;

  @Field(() => Int, { description: 'Latest follower count received.' })
  @Column({ type: 'integer', default: 0 })
  followers: number;

  @Field(() => Boolean)
  @Column({ type: 'boolean', default: false })
  verified: boolean;

  /**
   * postedAt of the posts that supplied the handle's spelling, the name, the follower count and the
   * verified flag: each takes the value of the latest post that carries it, so replays change nothing.
   */
  @Column({ name: 'profile_observed_at', type: 'timestamptz', nullable: true })
  profileObservedAt: Date | null;

  @Column({ name: 'display_name_observed_at', type: 'timestamptz', nullable: true })
  displayNameObservedAt: Date | null;

  @Column({ name: 'followers_observed_at', type: 'timestamptz', nullable: true })
  followersObservedAt: Date | null;

  @Column({ name: 'verified_observed_at', type: 'timestamptz', nullable: true })
  verifiedObservedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
