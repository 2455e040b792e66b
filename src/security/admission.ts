import type { Authenticated, Authenticator } from '../auth/authenticate';
import { narrowDatabaseScope } from '../db/tenant-session';
import { UnauthenticatedError } from '../errors/app-errors';
import type { RequestRateLimiter } from './rate-limit';

/**
 * Every way in (GraphQL over HTTP and WebSocket, the CSV export, operator endpoints) authenticates and
 * counts the request here: against the key's budget, or, when the key is missing or wrong, against the
 * client address's, which also slows down anyone guessing keys.
 */
export class Admission {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly limiter: RequestRateLimiter,
  ) {}

  /**
   * `countRequest: false` (a WebSocket connection) counts only failed attempts: a war room's dashboards
   * reconnecting together after a restart are not requests to budget, and their subscriptions are bounded
   * by topics, not by calls.
   */
  async admit(authorization: string | undefined, clientAddress: string, options: { countRequest?: boolean } = {}): Promise<Authenticated> {
    let authenticated: Authenticated;
    try {
      authenticated = await this.authenticator.authenticate(authorization);
    } catch (error) {
      if (error instanceof UnauthenticatedError) await this.limiter.consume(`address:${clientAddress}`, `this address without a valid key`);
      throw error;
    }
    if (options.countRequest !== false) await this.limiter.consume(`key:${authenticated.viewer.keyId}`, `this API key`);
    const visible = authenticated.viewer.visibleOrganizationIds();
    // from here on, the database itself shows this request only the key's organizations
    narrowDatabaseScope(visible === null ? { kind: 'all' } : { kind: 'organizations', ids: visible });
    return authenticated;
  }
}
