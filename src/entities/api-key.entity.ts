import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ApiScope } from './enums';

@ObjectType({ description: 'An API key. Its secret is shown once, when created; only a hash is stored.' })
@Entity('api_keys')
export class ApiKey {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** SHA-256 of the whole secret; secrets carry 256 random bits, so a slow hash adds nothing. */
  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash: Buffer;

  @Field(() => [ApiScope])
  @Column({ type: 'text', array: true })
  scopes: ApiScope[];

  @Field(() => [ID])
  @Column({ name: 'organization_ids', type: 'uuid', array: true })
  organizationIds: string[];

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Last time the key was used (updated at most once a minute).' })
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
