import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** What every live update says about itself: whose, which incident, when, over which trailing window. */
@ObjectType()
abstract class LiveWindow {
  @Field(() => ID)
  organizationId: string;

  @Field(() => ID, { nullable: true })
  incidentId: string | null;

  @Field(() => Date)
  at: Date;

  @Field(() => Int)
  windowSeconds: number;

  @Field(() => Int)
  volume: number;
}

@ObjectType({ description: 'Sentiment of the audience mentions in the trailing window ending at `at` (owned posts excluded).' })
export class SentimentUpdate extends LiveWindow {
  @Field(() => Float, { nullable: true })
  averageSentiment: number | null;

  @Field(() => Int)
  positive: number;

  @Field(() => Int)
  neutral: number;

  @Field(() => Int)
  negative: number;

  @Field(() => Float, { nullable: true })
  negativeShare: number | null;

  @Field(() => Float, { nullable: true })
  netSentiment: number | null;
}

@ObjectType({ description: 'Mentions in the trailing window ending at `at`, and in the window before it.' })
export class VolumeUpdate extends LiveWindow {
  @Field(() => Int)
  previousVolume: number;

  @Field(() => Int, { description: 'volume − previousVolume.' })
  change: number;
}
