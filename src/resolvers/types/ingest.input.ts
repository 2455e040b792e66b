import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { Platform, SentimentLabel } from '../../entities/enums';
import { DateTimeString } from './date-time-string.scalar';

@InputType()
export class AuthorInput {
  @Field(() => String, { description: 'Handle on the platform; a leading @ is ignored, case does not matter for identity.' })
  handle: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => Int, { nullable: true, description: "The author's follower count when posting; the latest post's value wins." })
  followers?: number | null;

  @Field(() => Boolean, { nullable: true })
  verified?: boolean | null;
}

@InputType({ description: 'One mention. (organizationId, platform, externalId) is its identity: sending it again updates it.' })
export class MentionInput {
  @Field(() => Platform)
  platform: Platform;

  @Field(() => String)
  externalId: string;

  @Field(() => String, { description: 'Stored exactly as given (entities, emoji, newlines, any script); at most 20,000 characters.' })
  text: string;

  @Field(() => DateTimeString)
  postedAt: string;

  @Field(() => AuthorInput)
  author: AuthorInput;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 code; detected from the text when absent. Regions are dropped ("pt-BR" → "pt").' })
  language?: string | null;

  @Field(() => Float, { nullable: true, description: 'In [-1, 1]; computed by the built-in scorer when absent (sentimentSource COMPUTED).' })
  sentiment?: number | null;

  @Field(() => SentimentLabel, { nullable: true, description: 'Kept as given; otherwise derived from sentiment (±0.05 neutral band).' })
  sentimentLabel?: SentimentLabel | null;

  @Field(() => Int, { nullable: true, description: "Potential audience; when absent, the author's followers (else 0)." })
  reach?: number | null;

  @Field(() => Int, { nullable: true })
  likes?: number | null;

  @Field(() => Int, { nullable: true })
  shares?: number | null;

  @Field(() => Int, { nullable: true })
  comments?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: "When absent, the mention is linked to the organization's latest-started incident whose window [startedAt, resolvedAt) covers postedAt and whose keywords (if any) occur in the text.",
  })
  incidentId?: string | null;

  @Field(() => String, { nullable: true })
  inReplyToExternalId?: string | null;

  @Field(() => String, { nullable: true })
  sharedFromExternalId?: string | null;
}

@InputType()
export class MetricObservationInput {
  @Field(() => String, { description: 'SALES, WEBSITE_TRAFFIC, CUSTOMER_RETENTION, CRISIS_COST, or any custom key (letters, digits, _ . -; at most 64).' })
  key: string;

  @Field(() => Float)
  value: number;

  @Field(() => DateTimeString, { description: '(organization, key, observedAt) is the identity: sending it again updates the value.' })
  observedAt: string;

  @Field(() => ID, { nullable: true })
  incidentId?: string | null;
}
