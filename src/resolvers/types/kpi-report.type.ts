import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How fast the organization answered: owned replies (inReplyTo) to audience mentions in the range.' })
export class ResponseTime {
  @Field(() => Float, {
    nullable: true,
    description:
      "With an incident in scope, the incident's responseTimeSeconds (firstResponseAt − startedAt); otherwise the reply delay of the earliest mention in the range that got an owned reply.",
  })
  firstResponseSeconds: number | null;

  @Field(() => Float, { nullable: true, description: 'Median delay from a mention to its earliest owned reply (linear interpolation), over replied mentions.' })
  p50Seconds: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile of the same delays.' })
  p90Seconds: number | null;

  @Field(() => Int, { description: 'Audience mentions in the range that got an owned reply.' })
  replied: number;
}

@ObjectType({ description: 'Observations of one recordMetrics key in the range.' })
export class CustomMetric {
  @Field(() => String)
  key: string;

  @Field(() => Int)
  count: number;

  @Field(() => Float)
  sum: number;

  @Field(() => Float)
  average: number;

  @Field(() => Float)
  min: number;

  @Field(() => Float)
  max: number;

  @Field(() => Float, { description: 'The latest observation.' })
  last: number;
}

@ObjectType({ description: 'Every metric over one range; definitions under the Metric enum. Owned posts never count.' })
export class KpiReport {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  @Field(() => Int)
  volume: number;

  @Field(() => Int, { description: 'Distinct authors; computed only when selected (the one figure that needs a distinct count).' })
  uniqueAuthors: number | null;

  @Field(() => Float, { nullable: true })
  averageSentiment: number | null;

  @Field(() => Int)
  positive: number;

  @Field(() => Int)
  neutral: number;

  @Field(() => Int)
  negative: number;

  @Field(() => Float, { nullable: true })
  netSentiment: number | null;

  @Field(() => Float, { nullable: true })
  negativeShare: number | null;

  @Field(() => Float, { description: 'Sum of reach (a Float: sums pass 2^31).' })
  reach: number;

  @Field(() => Float)
  engagement: number;

  @Field(() => Float, { nullable: true })
  engagementRate: number | null;

  @Field(() => Int)
  mediaCoverage: number;

  @Field(() => Float, { nullable: true })
  reputationIndex: number | null;

  @Field(() => ResponseTime)
  responseTime: ResponseTime | null;

  @Field(() => [CustomMetric], {
    description: 'recordMetrics observations in the range, by key. With an incident in scope: those recorded for it or for no incident.',
  })
  customMetrics: CustomMetric[];
}
