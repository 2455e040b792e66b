import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Platform, SentimentLabel, SentimentSource } from './enums';
import { Incident } from './incident.entity';
import { Influencer } from './influencer.entity';
import { Organization } from './organization.entity';

@ObjectType({ description: 'A social post, article or comment about an organization.' })
@Entity('mentions')
@Index('uq_mentions_identity', ['organizationId', 'platform', 'externalId'], { unique: true })
@Index('ix_mentions_id', ['id'])
@Index('ix_mentions_org_posted', ['organizationId', 'postedAt', 'id'])
@Index('ix_mentions_org_reach', ['organizationId', 'reach', 'id'])
@Index('ix_mentions_org_engagement', ['organizationId', 'engagement', 'id'])
@Index('ix_mentions_org_sentiment', ['organizationId', 'sentiment', 'id'])
@Index('ix_mentions_incident_posted', ['incidentId', 'postedAt', 'id'])
@Index('ix_mentions_author_posted', ['authorId', 'postedAt', 'id'])
// reply and reshare cascades (spread) and owned replies (response times) are looked up by the parent's externalId
@Index('ix_mentions_in_reply_to', ['organizationId', 'platform', 'inReplyToExternalId'], { where: 'in_reply_to_external_id IS NOT NULL' })
@Index('ix_mentions_owned_posted', ['organizationId', 'postedAt'], { where: 'owned' })
@Index('ix_mentions_shared_from', ['organizationId', 'platform', 'sharedFromExternalId'], { where: 'shared_from_external_id IS NOT NULL' })
// the trigram index for `search` is created by hand in the migration: TypeORM cannot describe GIN operator classes
@Index('ix_mentions_text_trgm', { synchronize: false })
@Check('ck_mentions_sentiment_range', 'sentiment >= -1 AND sentiment <= 1')
@Check('ck_mentions_counts_non_negative', 'reach >= 0 AND likes >= 0 AND shares >= 0 AND comments >= 0')
@Check('ck_mentions_engagement_sum', 'engagement = likes + shares + comments')
export class Mention {
  @Field(() => ID)
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;

  /** PROVIDED when the incident came with the mention, AUTO when ingestion linked it; null when unlinked. */
  @Column({ name: 'incident_source', type: 'varchar', length: 8, nullable: true })
  incidentSource: 'PROVIDED' | 'AUTO' | null;

  @ManyToOne(() => Incident, { onDelete: 'NO ACTION' })
  @JoinColumn([
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: 'incident_id', referencedColumnName: 'id' },
  ])
  incident?: Incident;

  @Field(() => Platform)
  @Column({ type: 'varchar', length: 16 })
  platform: Platform;

  @Field(() => String, { description: "The post's id on its platform; with organization and platform, the mention's identity." })
  @Column({ name: 'external_id', type: 'varchar', length: 256 })
  externalId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Field(() => ID)
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => Influencer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: Influencer;

  @Field(() => String, { description: 'The text exactly as received.' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 code, given or detected; null when undetermined.' })
  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  @Field(() => Date)
  @Column({ name: 'posted_at', type: 'timestamptz' })
  postedAt: Date;

  @Field(() => Float, { description: 'Sentiment in [-1, 1].' })
  @Column({ type: 'double precision' })
  sentiment: number;

  @Field(() => SentimentLabel)
  @Column({ name: 'sentiment_label', type: 'varchar', length: 8 })
  sentimentLabel: SentimentLabel;

  @Field(() => SentimentSource)
  @Column({ name: 'sentiment_source', type: 'varchar', length: 8 })
  sentimentSource: SentimentSource;

  @Field(() => Int, { description: 'Audience the post could reach (impressions or followers of the author).' })
  @Column({ type: 'integer', default: 0 })
  reach: number;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  likes: number;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  shares: number;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  comments: number;

  @Field(() => Int, { description: 'likes + shares + comments.' })
  @Column({ type: 'integer', default: 0 })
  engagement: number;

  @Field(() => Boolean, { description: "True when authored by one of the organization's own handles (a response)." })
  @Column({ type: 'boolean', default: false })
  owned: boolean;

  @Field(() => String, { nullable: true, description: 'externalId of the mention this one replies to.' })
  @Column({ name: 'in_reply_to_external_id', type: 'varchar', length: 256, nullable: true })
  inReplyToExternalId: string | null;

  @Field(() => String, { nullable: true, description: 'externalId of the mention this one reshares.' })
  @Column({ name: 'shared_from_external_id', type: 'varchar', length: 256, nullable: true })
  sharedFromExternalId: string | null;

  @Field(() => Date, { description: 'When the API first received this mention.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { description: 'When this mention was last updated by a re-ingestion.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
