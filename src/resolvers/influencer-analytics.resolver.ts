import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { InfluencerOrder, Platform } from '../entities/enums';
import { Influencer } from '../entities/influencer.entity';
import { Mention } from '../entities/mention.entity';
import { ForbiddenError } from '../errors/app-errors';
import { TimeRangeInput } from './types/analytics.input';
import { Cascade, InfluencerImpact } from './types/influencer-impact.type';

@Resolver(() => InfluencerImpact)
export class InfluencerImpactResolver {
  @Query(() => [InfluencerImpact], {
    description:
      "Authors ranked over an organization's audience mentions, optionally within a range, an incident and a platform. INFLUENCE orders by influenceScore; ties by mentions, then id.",
  })
  influencers(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('range', () => TimeRangeInput, { nullable: true }) range: TimeRangeInput | null,
    @Arg('incidentId', () => ID, { nullable: true }) incidentId: string | null,
    @Arg('platform', () => Platform, { nullable: true }) platform: Platform | null,
    @Arg('orderBy', () => InfluencerOrder, { defaultValue: InfluencerOrder.REACH }) orderBy: InfluencerOrder,
    @Arg('first', () => Int, { defaultValue: 20, description: 'At most 500.' }) first: number,
    @Ctx() { viewer, services }: Context,
  ): Promise<InfluencerImpact[]> {
    return services.influencerImpact.rank(viewer, { organizationId, range, incidentId, platform, orderBy, first });
  }

  @FieldResolver(() => Influencer)
  async influencer(@Root() impact: InfluencerImpact, @Ctx() { loaders }: Context): Promise<Influencer> {
    const influencer = impact.influencer ?? (await loaders.influencer.load(impact.influencerId));
    if (!influencer) throw new ForbiddenError('This author is not visible to this key.');
    return influencer;
  }
}

@Resolver(() => Cascade)
export class CascadeResolver {
  @Query(() => Cascade, { nullable: true, description: 'The reshare/reply cascade rooted at a mention; null when the mention is absent or not visible.' })
  async spread(
    @Arg('mentionId', () => ID) mentionId: string,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many amplifiers, at most 500.' }) first: number,
    @Ctx() { viewer, services }: Context,
  ): Promise<Cascade | null> {
    return services.influencerImpact.cascade(viewer, mentionId, first);
  }

  @FieldResolver(() => Mention)
  async root(@Root() cascade: Cascade, @Ctx() { loaders }: Context): Promise<Mention> {
    const mention = await loaders.mention.load(cascade.rootId);
    if (!mention) throw new ForbiddenError('The root mention is not visible to this key.');
    return mention;
  }
}

@Resolver(() => Influencer)
export class InfluencerSearchResolver {
  @Query(() => [Influencer], {
    description:
      'Authors whose handle or display name starts with the query, then those similar to it (trigram similarity, typos tolerated), best first. Case-insensitive, leading @ ignored; only authors this key\'s organizations have seen or track.',
  })
  searchInfluencers(
    @Arg('query', () => String) query: string,
    @Arg('platform', () => Platform, { nullable: true }) platform: Platform | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'At most 100.' }) first: number,
    @Ctx() { viewer, services }: Context,
  ): Promise<Influencer[]> {
    return services.influencers.search(viewer, query, platform, first);
  }

  @Mutation(() => Influencer, { description: 'Marks an author as watched by the organization (MANAGE); creates the author if it has not posted yet. The note is replaced when given.' })
  trackInfluencer(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('platform', () => Platform) platform: Platform,
    @Arg('handle', () => String) handle: string,
    @Arg('note', () => String, { nullable: true }) note: string | null | undefined,
    @Ctx() { viewer, services }: Context,
  ): Promise<Influencer> {
    return services.influencers.setTracked(viewer, organizationId, platform, handle, note, true);
  }

  @Mutation(() => Influencer, { description: 'Stops watching an author (MANAGE).' })
  untrackInfluencer(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('platform', () => Platform) platform: Platform,
    @Arg('handle', () => String) handle: string,
    @Ctx() { viewer, services }: Context,
  ): Promise<Influencer> {
    return services.influencers.setTracked(viewer, organizationId, platform, handle, undefined, false);
  }
}
