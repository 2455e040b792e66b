import { Field, Float, Int, ObjectType } from 'type-graphql';

/** One nullable field per Metric: the metrics a query asked for are filled, the others are null. */
@ObjectType()
export abstract class MetricFields {
  @Field(() => Int, { nullable: true })
  volume?: number | null;

  @Field(() => Int, { nullable: true })
  uniqueAuthors?: number | null;

  @Field(() => Float, { nullable: true })
  averageSentiment?: number | null;

  @Field(() => Int, { nullable: true })
  positive?: number | null;

  @Field(() => Int, { nullable: true })
  neutral?: number | null;

  @Field(() => Int, { nullable: true })
  negative?: number | null;

  @Field(() => Float, { nullable: true })
  netSentiment?: number | null;

  @Field(() => Float, { nullable: true })
  negativeShare?: number | null;

  @Field(() => Float, { nullable: true })
  reach?: number | null;

  @Field(() => Float, { nullable: true })
  engagement?: number | null;

  @Field(() => Float, { nullable: true })
  engagementRate?: number | null;

  @Field(() => Int, { nullable: true })
  mediaCoverage?: number | null;

  @Field(() => Float, { nullable: true })
  reputationIndex?: number | null;
}
