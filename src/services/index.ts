import type { DataSource } from 'typeorm';
import { MentionIngestor, type IngestedBatch } from '../ingest/ingest-mentions';
import { MetricRecorder } from '../ingest/record-metrics';
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
  mentionIngestor: MentionIngestor;
  metricRecorder: MetricRecorder;
}

export function createServices(dataSource: DataSource, onIngested?: (batch: IngestedBatch) => void): Services {
  const timezones = new TimezoneCatalog(dataSource);
  return {
    timezones,
    organizations: new OrganizationsService(dataSource, timezones),
    incidents: new IncidentsService(dataSource),
    mentions: new MentionsService(dataSource),
    influencers: new InfluencersService(dataSource),
    apiKeys: new ApiKeysService(dataSource),
    mentionIngestor: new MentionIngestor(dataSource, onIngested),
    metricRecorder: new MetricRecorder(dataSource),
  };
}
