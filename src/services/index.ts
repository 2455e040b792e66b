import type { DataSource } from 'typeorm';
import { ApiKeysService } from './api-keys.service';
import { IncidentsService } from './incidents.service';
import { InfluencersService } from './influencers.service';
import { MentionsService } from './mentions.service';
import { OrganizationsService } from './organizations.service';
import { TimezoneCatalog } from './timezones';

export interface Services {
  organizations: OrganizationsService;
  incidents: IncidentsService;
  mentions: MentionsService;
  influencers: InfluencersService;
  apiKeys: ApiKeysService;
  timezones: TimezoneCatalog;
}

export function createServices(dataSource: DataSource): Services {
  const timezones = new TimezoneCatalog(dataSource);
  return {
    timezones,
    organizations: new OrganizationsService(dataSource, timezones),
    incidents: new IncidentsService(dataSource),
    mentions: new MentionsService(dataSource),
    influencers: new InfluencersService(dataSource),
    apiKeys: new ApiKeysService(dataSource),
  };
}
