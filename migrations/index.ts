import type { MigrationInterface } from 'typeorm';
import { Initial1795476722053 } from './1795476722053-Initial';
import { IngestionRollups1795477758101 } from './1795477758101-IngestionRollups';
import { ProfileFieldTimes1795483266579 } from './1795483266579-ProfileFieldTimes';
import { AnalyticsAlerts1795485979471 } from './1795485979471-AnalyticsAlerts';
import { SlotTotals1795487087352 } from './1795487087352-SlotTotals';
import { SearchAndReplyIndexes1795487974312 } from './1795487974312-SearchAndReplyIndexes';
import { SlotTotalsCovering1795489000000 } from './1795489000000-SlotTotalsCovering';
import { RateLimits1795490000000 } from './1795490000000-RateLimits';
import { RowLevelSecurity1795491000000 } from './1795491000000-RowLevelSecurity';
import { RollupTiers1795507394127 } from './1795507394127-RollupTiers';
import { SearchPrefixOrder1795508000000 } from './1795508000000-SearchPrefixOrder';
import { LocalDayRollups1795509000000 } from './1795509000000-LocalDayRollups';
import { KeyOrganizations1795510000000 } from './1795510000000-KeyOrganizations';
import { DayPlatformRollups1796422434006 } from './1796422434006-DayPlatformRollups';
import { SearchPrefixTies1796425000000 } from './1796425000000-SearchPrefixTies';

// every migration, in order; listed here so that ts (tests, tsx) and compiled js load them the same way
export const migrations: Array<new () => MigrationInterface> = [Initial1795476722053, IngestionRollups1795477758101, ProfileFieldTimes1795483266579, AnalyticsAlerts1795485979471, SlotTotals1795487087352, SearchAndReplyIndexes1795487974312, SlotTotalsCovering1795489000000, RateLimits1795490000000, RowLevelSecurity1795491000000, RollupTiers1795507394127, SearchPrefixOrder1795508000000, LocalDayRollups1795509000000, KeyOrganizations1795510000000, DayPlatformRollups1796422434006, SearchPrefixTies1796425000000];
