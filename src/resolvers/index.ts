import { ApiKeyResolver } from './api-key.resolver';
import { IncidentResolver } from './incident.resolver';
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
] as const;
