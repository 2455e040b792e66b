import { Arg, Args, Ctx, FieldResolver, Float, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { influenceScore } from '../analytics/influence';
import type { Context } from '../context';
import { Platform } from '../entities/enums';
import { Influencer } from '../entities/influencer.entity';
import type { Mention } from '../entities/mention.entity';
import { MentionOrder } from '../services/mentions.service';
import { mentionConnection } from './nested-connections';
import type { ConnectionShape } from './types/connection.type';
import { MentionConnection } from './types/connections.type';
import { PageArgs } from './types/page.args';

/**
 * Profiles come from mentions. An author the key's organizations only track, with no mention of their own,
 * shows its handle and nothing another tenant's mentions taught the API (tracking must not reveal them).
 */
async function visibleProfile(influencer: Influencer, { viewer, loaders }: Context): Promise<Pick<Influencer, 'displayName' | 'followers' | 'verified'>> {
  if (viewer.isAdmin || (await loaders.influencerStats.load(influencer.id)).mentionCount > 0) return influencer;
  return { displayName: null, followers: 0, verified: false };
}

@Resolver(() => Influencer)
export class InfluencerResolver {
  @Query(() => Influencer, {
    nullable: true,
    description: "Exact lookup: handle case-insensitive, leading @ ignored; only authors this key's organizations have seen.",
  })
  influencer(
    @Arg('platform', () => Platform) platform: Platform,
    @Arg('handle', () => String) handle: string,
    @Ctx() { viewer, services }: Context,
  ): Promise<Influencer | null> {
    return services.influencers.byHandle(viewer, platform, handle);
  }

  @FieldResolver(() => Float, {
    description:
      'Influence in [0, 100]: 80 × min(1, log10(1 + followers) / 8) + 20 if verified, one decimal. 100M followers give the full 80.',
  })
  async influenceScore(@Root() influencer: Influencer, @Ctx() context: Context): Promise<number> {
    return influenceScore(await visibleProfile(influencer, context));
  }

  @FieldResolver(() => String, { nullable: true, description: "The author's name as last seen in a mention this key's organizations received." })
  async displayName(@Root() influencer: Influencer, @Ctx() context: Context): Promise<string | null> {
    return (await visibleProfile(influencer, context)).displayName;
  }

  @FieldResolver(() => Int, { description: "Latest follower count received (0 for an author this key's organizations track but have no mention of)." })
  async followers(@Root() influencer: Influencer, @Ctx() context: Context): Promise<number> {
    return (await visibleProfile(influencer, context)).followers;
  }

  @FieldResolver(() => Boolean)
  async verified(@Root() influencer: Influencer, @Ctx() context: Context): Promise<boolean> {
    return (await visibleProfile(influencer, context)).verified;
  }

  @FieldResolver(() => Boolean, { description: "Whether one of this key's organizations tracks this author." })
  async tracked(@Root() influencer: Influencer, @Ctx() { loaders }: Context): Promise<boolean> {
    return (await loaders.influencerStats.load(influencer.id)).tracked;
  }

  @FieldResolver(() => Int, { description: "Mentions by this author in this key's organizations." })
  async mentionCount(@Root() influencer: Influencer, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.influencerStats.load(influencer.id)).mentionCount;
  }

  @FieldResolver(() => Date, { nullable: true, description: "Earliest postedAt of this author's mentions in this key's organizations." })
  async firstSeenAt(@Root() influencer: Influencer, @Ctx() { loaders }: Context): Promise<Date | null> {
    return (await loaders.influencerStats.load(influencer.id)).firstSeenAt;
  }

  @FieldResolver(() => Date, { nullable: true, description: "Latest postedAt of this author's mentions in this key's organizations." })
  async lastSeenAt(@Root() influencer: Influencer, @Ctx() { loaders }: Context): Promise<Date | null> {
    return (await loaders.influencerStats.load(influencer.id)).lastSeenAt;
  }

  @FieldResolver(() => MentionConnection, { description: "This author's mentions in this key's organizations." })
  async mentions(
    @Root() influencer: Influencer,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => MentionOrder, { nullable: true, defaultValue: MentionOrder.POSTED_AT_DESC }) orderBy: MentionOrder | null,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConnectionShape<Mention>> {
    return mentionConnection(context, info, 'author_id', influencer.id, page, orderBy);
  }
}
