import { Field, ID, InputType } from 'type-graphql';
import { Platform } from '../../entities/enums';

@InputType({ description: 'Which mentions an analytics query covers: one organization, optionally narrowed.' })
export class ScopeInput {
  @Field(() => ID)
  organizationId: string;

  @Field(() => ID, { nullable: true, description: 'Only mentions linked to this incident.' })
  incidentId?: string | null;

  @Field(() => [Platform], { nullable: true, description: 'Only these platforms (omit for all).' })
  platforms?: Platform[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these languages, e.g. ["en", "id"]; "und" selects mentions of undetermined language.' })
  languages?: string[] | null;
}

@InputType({ description: 'A half-open time range [from, to).' })
export class TimeRangeInput {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;
}
