import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { Platform, SentimentLabel } from '../../entities/enums';
import { MentionOrder } from '../../services/mentions.service';

registerEnumType(MentionOrder, {
  name: 'MentionOrder',
  description: 'Sort order of mention lists; ties are broken by id in the same direction. Default POSTED_AT_DESC.',
});

@InputType({ description: 'Filters of a mention list that hangs off a parent (organization, incident, author).' })
export class MentionSubFilter {
  @Field(() => ID, { nullable: true })
  incidentId?: string | null;

  @Field(() => [Platform], { nullable: true })
  platforms?: Platform[] | null;

  @Field(() => SentimentLabel, { nullable: true })
  sentiment?: SentimentLabel | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 code, e.g. "en", "id".' })
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'Author handle, case-insensitive, leading @ ignored.' })
  authorHandle?: string | null;

  @Field(() => Date, { nullable: true, description: 'postedAt >= from.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'postedAt < to.' })
  to?: Date | null;

  @Field(() => Int, { nullable: true })
  minReach?: number | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the text.' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: only the organization's own posts; false: only audience posts." })
  owned?: boolean | null;
}

@InputType()
export class MentionFilter extends MentionSubFilter {
  @Field(() => ID)
  organizationId: string;
}
