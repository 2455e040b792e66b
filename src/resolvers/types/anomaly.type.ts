import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Metric } from '../../entities/enums';

@ObjectType({
  description:
    'A bucket whose value stands out from the buckets before it (7 days of them, at least 3, empty ones counting 0, including those before range.from): zScore = (value − expected) / max(stdDev, √expected, 1), flagged when zScore ≥ threshold and the bucket has at least 10 mentions.',
})
export class Anomaly {
  @Field(() => Date)
  bucket: Date;

  @Field(() => Metric)
  metric: string;

  @Field(() => Float)
  value: number;

  @Field(() => Float, { description: 'Mean of the preceding buckets.' })
  expected: number;

  @Field(() => Float, { description: 'Population standard deviation of the preceding buckets.' })
  stdDev: number;

  @Field(() => Float)
  zScore: number;

  @Field(() => Int, { description: '1–10: 1 at the threshold, one more per unit of zScore above it.' })
  severity: number;
}
