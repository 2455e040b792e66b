import { registerEnumType } from 'type-graphql';

export enum Platform {
  TWITTER = 'TWITTER',
  FACEBOOK = 'FACEBOOK',
  INSTAGRAM = 'INSTAGRAM',
  LINKEDIN = 'LINKEDIN',
  YOUTUBE = 'YOUTUBE',
  TIKTOK = 'TIKTOK',
  REDDIT = 'REDDIT',
  NEWS = 'NEWS',
  BLOG = 'BLOG',
  FORUM = 'FORUM',
  OTHER = 'OTHER',
}

export enum SentimentLabel {
  POSITIVE = 'POSITIVE',
  NEUTRAL = 'NEUTRAL',
  NEGATIVE = 'NEGATIVE',
}

export enum SentimentSource {
  PROVIDED = 'PROVIDED',
  COMPUTED = 'COMPUTED',
}

export enum Severity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

export enum IncidentPhase {
  PREVENTION = 'PREVENTION',
  PREPAREDNESS = 'PREPAREDNESS',
  RESPONSE = 'RESPONSE',
  RECOVERY = 'RECOVERY',
}

export enum IncidentStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}

export enum CrisisType {
  VICTIM = 'VICTIM',
  ACCIDENTAL = 'ACCIDENTAL',
  PREVENTABLE = 'PREVENTABLE',
  UNKNOWN = 'UNKNOWN',
}

export enum ApiScope {
  READ = 'READ',
  INGEST = 'INGEST',
  MANAGE = 'MANAGE',
}

registerEnumType(Platform, { name: 'Platform', description: 'Where a mention was posted.' });
registerEnumType(SentimentLabel, {
  name: 'SentimentLabel',
  description: 'POSITIVE if sentiment >= 0.05, NEGATIVE if sentiment <= -0.05, else NEUTRAL (unless provided).',
});
registerEnumType(SentimentSource, {
  name: 'SentimentSource',
  description: 'PROVIDED: the sentiment came with the mention; COMPUTED: the built-in scorer produced it.',
});
registerEnumType(Severity, { name: 'Severity' });
registerEnumType(IncidentPhase, {
  name: 'IncidentPhase',
  description: 'The crisis lifecycle, in order: PREVENTION, PREPAREDNESS, RESPONSE, RECOVERY.',
});
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(CrisisType, {
  name: 'CrisisType',
  description: 'Situational Crisis Communication Theory (SCCT) crisis clusters.',
});
registerEnumType(ApiScope, {
  name: 'ApiScope',
  description: 'READ: queries and subscriptions; INGEST: ingestMentions and recordMetrics; MANAGE: organizations, incidents, keys, tracked influencers.',
});
