import { Field, Float, ObjectType } from 'type-graphql';
import { Incident } from '../../entities/incident.entity';

@ObjectType({ description: 'One window of a before/during/after comparison; `to` is cut at the present.' })
export class DeltaWindow {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;

  organizationId: string;
}

@ObjectType({
  description:
    'How one metric moved. Count-like metrics (VOLUME, UNIQUE_AUTHORS, POSITIVE, NEUTRAL, NEGATIVE, REACH, ENGAGEMENT, MEDIA_COVERAGE) are per-day rates; the others are the metric over the window; custom metrics are the mean observation. `change` = after − before (during − before while unresolved).',
})
export class MetricDelta {
  @Field(() => String, { description: 'A Metric name or a custom metric key.' })
  metric: string;

  @Field(() => Float, { nullable: true })
  before: number | null;

  @Field(() => Float, { nullable: true })
  during: number | null;

  @Field(() => Float, { nullable: true })
  after: number | null;

  @Field(() => Float, { nullable: true })
  change: number | null;

  @Field(() => Float, { nullable: true, description: 'change / |before|; null when before is 0 or null.' })
  relativeChange: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "Lower end of the 95% interval of the change: Welch's on per-mention sentiments for AVERAGE_SENTIMENT, on the whole days' values otherwise, on observations for custom metrics. Null with fewer than two values on a side.",
  })
  ciLow: number | null;

  @Field(() => Float, { nullable: true })
  ciHigh: number | null;

  @Field(() => Boolean, { description: 'The interval excludes 0.' })
  significant: boolean;
}

@ObjectType({
  description:
    "Did the organization recover? Windows: baseline [startedAt − baselineDays, startedAt), during [startedAt, resolvedAt or now), after [resolvedAt, resolvedAt + baselineDays) (null until resolved), over all the organization's mentions.",
})
export class ReputationDelta {
  @Field(() => Incident)
  incident: Incident;

  @Field(() => DeltaWindow)
  baseline: DeltaWindow;

  @Field(() => DeltaWindow)
  during: DeltaWindow;

  @Field(() => DeltaWindow, { nullable: true })
  after: DeltaWindow | null;

  @Field(() => [MetricDelta])
  metrics: MetricDelta[];

  @Field(() => Boolean, {
    description:
      "Whether, after the peak (the lowest trailing-24 h average sentiment during the incident), the trailing-24 h average sentiment came back within the baseline's 95% interval of mean sentiment. Evaluated every 15 minutes, up to now.",
  })
  recovered: boolean;

  @Field(() => Date, { nullable: true, description: 'The first such moment.' })
  recoveredAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the trailing-24 h average sentiment was lowest during the incident.' })
  peakAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'recoveredAt − startedAt.' })
  timeToRecoverySeconds: number | null;
}
