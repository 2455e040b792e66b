import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Platform } from './enums';

@ObjectType({ description: "One of the organization's own accounts; mentions authored by it are owned posts (responses)." })
export class SocialHandle {
  @Field(() => Platform)
  platform: Platform;

  @Field(() => String, { description: 'Handle without a leading @; matched case-insensitively.' })
  handle: string;
}

@ObjectType({ description: 'A brand, company or public body whose reputation is tracked.' })
@Entity('organizations')
export class Organization {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field(() => String, { description: 'Unique, URL-safe name (lower-case letters, digits and dashes).' })
  @Index('uq_organizations_slug', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Field(() => String, { description: 'IANA time zone; the default for calendar buckets.' })
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  @Field(() => [SocialHandle])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  handles: SocialHandle[];

  @Field(() => [String], { description: 'Words and phrases that define the conversation about this organization.' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Field(() => [ID], { description: 'Organizations this one compares itself with (share of voice).' })
  @Column({ name: 'competitor_ids', type: 'uuid', array: true, default: () => "'{}'" })
  competitorIds: string[];

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
