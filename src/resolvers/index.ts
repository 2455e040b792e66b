import { AlertResolver } from './alert.resolver';
import { SubscriptionResolver } from './subscription.resolver';
import { AnalyticsResolver } from './analytics.resolver';
import { CascadeResolver, InfluencerImpactResolver, InfluencerSearchResolver } from './influencer-analytics.resolver';
import { ApiKeyResolver } from './api-key.resolver';
import { DeltaWindowResolver, IncidentAnalyticsResolver } from './incident-analytics.resolver';
import { IncidentResolver } from './incident.resolver';
import { IngestResolver } from './ingest.resolver';
import { InfluencerResolver } from './influencer.resolver';
import { MentionResolver } from './mention.resolver';
import { OrganizationResolver } from './organization.resolver';
import { ViewerResolver } from './viewer.resolver';

export const resolvers = [
  ViewerResolver,
  OrganizationResolver,
  IncidentResolver,
  MentionResolver,
  InfluencerResolver,
  ApiKeyResolver,
  IngestResolver,
  AnalyticsResolver,
  IncidentAnalyticsResolver,
  DeltaWindowResolver,
  AlertResolver,
  InfluencerImpactResolver,
  CascadeResolver,
  InfluencerSearchResolver,
  SubscriptionResolver,
] as const;
