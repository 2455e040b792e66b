import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { ApiScope } from '../entities/enums';
import { Organization } from '../entities/organization.entity';
import { UnauthenticatedError } from '../errors/app-errors';
import { hydrate, selectColumns } from '../db/sql';
import { runWithDatabaseScope } from '../db/tenant-session';
import { bearerToken, hashSecret, parseSecret, sameHash } from './secrets';
import { Viewer } from './viewer';

export interface Authenticated {
  viewer: Viewer;
  /** The key's organizations, read in the same statement as the key, to prime the request's loaders. */
  organizations: Organization[];
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Turns an Authorization header into a Viewer; a revoked key fails on its very next request. */
export class Authenticator {
  private readonly adminHash: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    adminKey: string,
    private readonly logger: Logger,
  ) {
    this.adminHash = hashSecret(adminKey);
  }

  async authenticate(authorization: string | undefined): Promise<Authenticated> {
    const token = bearerToken(authorization);
    if (!token) throw new UnauthenticatedError();
    if (sameHash(hashSecret(token), this.adminHash)) return { viewer: Viewer.admin(), organizations: [] };

    const parsed = parseSecret(token);
    if (!parsed) throw new UnauthenticatedError('Invalid API key.');
    // api_keys has no tenant wall and crisis_key_organizations reads past it: read on any connection as it
    // is, so the request's own statements find their connections still in the scope they need
    const rows: KeyRow[] = await runWithDatabaseScope({ kind: 'unwalled' }, () =>
      this.dataSource.query(
        `SELECT k.id, k.name, k.secret_hash, k.scopes, k.organization_ids, k.revoked_at, k.last_used_at,
                COALESCE((SELECT json_agg(json_build_object(${selectColumns(this.dataSource, Organization, 'o', 'json')}))
                            FROM crisis_key_organizations(k.id) o), '[]') AS organizations
           FROM api_keys k WHERE k.id = $1`,
        [parsed.keyId],
      ),
    );
    const row = rows[0];
    if (!row || !sameHash(row.secret_hash, parsed.hash)) throw new UnauthenticatedError('Invalid API key.');
    if (row.revoked_at) throw new UnauthenticatedError('This API key has been revoked.');
    this.touch(row);
    return {
      viewer: new Viewer(row.id, row.name, false, row.scopes, row.organization_ids),
      organizations: hydrate(Organization, row.organizations, ['createdAt', 'updatedAt']),
    };
  }

  // a write per request would turn every read into a write; a minute's resolution is what users look at
  private touch(row: KeyRow): void {
    if (row.last_used_at && Date.now() - row.last_used_at.getTime() < LAST_USED_RESOLUTION_MS) return;
    runWithDatabaseScope({ kind: 'unwalled' }, () => this.dataSource.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record key use'));
  }
}

interface KeyRow {
  id: string;
  name: string;
  secret_hash: Buffer;
  scopes: ApiScope[];
  organization_ids: string[];
  revoked_at: Date | null;
  last_used_at: Date | null;
  organizations: Array<Record<string, unknown>>;
}
