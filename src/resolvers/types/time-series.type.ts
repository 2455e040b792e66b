import { Field, ObjectType } from 'type-graphql';
import { Granularity } from '../../entities/enums';
import { MetricFields } from './metric-fields.type';

@ObjectType({ description: 'Metrics of one calendar bucket; data before range.from or after range.to is not counted.' })
export class TimeSeriesPoint extends MetricFields {
  @Field(() => Date, { description: 'Start of the calendar bucket, in UTC (it may precede range.from for the first bucket).' })
  bucket: Date;
}

@ObjectType()
export class TimeSeries {
  @Field(() => Granularity)
  granularity: Granularity;

  @Field(() => String, { description: 'The IANA time zone the buckets follow.' })
  timezone: string;

  @Field(() => [TimeSeriesPoint])
  points: TimeSeriesPoint[];
}
