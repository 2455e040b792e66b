import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class IngestError {
  @Field(() => Int, { description: 'Position of the item in the list sent.' })
  index: number;

  @Field(() => String, { nullable: true })
  externalId: string | null;

  @Field(() => String, { description: 'The input field to fix, e.g. "postedAt" or "author.handle".' })
  field: string;

  @Field(() => String)
  message: string;
}

@ObjectType()
export class IngestResult {
  @Field(() => Int, { description: 'Distinct items stored: inserted + updated + unchanged.' })
  accepted: number;

  @Field(() => Int)
  inserted: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int, { description: 'Items identical to what was already stored (a replayed call).' })
  unchanged: number;

  @Field(() => Int, { description: 'Items superseded by a later copy of the same identity in the same call (the last one wins).' })
  duplicates: number;

  @Field(() => Int)
  rejected: number;

  @Field(() => [IngestError])
  errors: IngestError[];
}
