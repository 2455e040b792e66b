import { MAX_MENTIONS_PER_CALL } from '../ingest/ingest-mentions';
import { MAX_PAGE_SIZE } from './pagination';

/** Size limits an operator may lower below the contract's own (API.md: pages of 500, batches of 5,000). */
export interface SizeLimits {
  /** Largest `first` of a connection. */
  maxPageSize: number;
  /** Most mentions per `ingestMentions` call, and observations per `recordMetrics` call. */
  maxIngestBatch: number;
}

export const CONTRACT_LIMITS: SizeLimits = { maxPageSize: MAX_PAGE_SIZE, maxIngestBatch: MAX_MENTIONS_PER_CALL };
