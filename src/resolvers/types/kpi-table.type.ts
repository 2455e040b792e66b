import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Platform, SentimentLabel } from '../../entities/enums';
import { PageInfo } from './connection.type';
import { MetricFields } from './metric-fields.type';

@ObjectType({ description: 'One group of a kpiTable: a column per dimension (null when not grouped by it) and per metric.' })
export class KpiRow extends MetricFields {
  @Field(() => ID, { nullable: true })
  organizationId: string | null;

  @Field(() => ID, { nullable: true, description: 'null when not grouped by INCIDENT, or for mentions linked to no incident.' })
  incidentId: string | null;

  @Field(() => Platform, { nullable: true })
  platform: string | null;

  @Field(() => String, { nullable: true, description: 'null when not grouped by LANGUAGE, or for an undetermined language.' })
  language: string | null;

  @Field(() => SentimentLabel, { nullable: true })
  sentiment: string | null;

  @Field(() => Date, { nullable: true, description: 'Start of the calendar bucket (UTC) when grouped by TIME.' })
  bucket: Date | null;
}

@ObjectType({ description: 'Flat rows for BI tools, sorted by the groupBy dimensions in the order given.' })
export class KpiTable {
  @Field(() => [KpiRow])
  rows: KpiRow[];

  @Field(() => Int, { description: 'Rows across all pages.' })
  totalCount: number;

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}
