import type { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { generateSecret, hashSecret } from '../auth/secrets';
import type { Viewer } from '../auth/viewer';
import { ApiScope } from '../entities/enums';
import { ApiKey } from '../entities/api-key.entity';
import { BadInputError, ForbiddenError, NotFoundError } from '../errors/app-errors';
import { hydrate, selectColumns } from '../db/sql';
import { requireId, requireIds, requireText } from './validation';

export interface ApiKeyFields {
  name: string;
  organizationIds: string[];
  scopes: ApiScope[];
}

/**
 * The admin key may create any key. A key with MANAGE may create keys for its own organizations with at
 * most its own scopes, and revoke keys whose organizations are all its own.
 */
export class ApiKeysService {
  constructor(private readonly dataSource: DataSource) {}

  async create(viewer: Viewer, input: ApiKeyFields): Promise<{ secret: string; apiKey: ApiKey }> {
    viewer.requireScope(ApiScope.MANAGE);
    const name = requireText(input.name, 'input.name', 200);
    const organizationIds = [...new Set(requireIds(input.organizationIds, 'input.organizationIds'))];
    if (organizationIds.length === 0) throw new BadInputError('input.organizationIds', 'grant at least one organization.');
    const scopes = [...new Set(input.scopes)];
    if (scopes.length === 0) throw new BadInputError('input.scopes', 'grant at least one scope (READ, INGEST, MANAGE).');
    for (const id of organizationIds) {
      if (!viewer.canSee(id)) throw new ForbiddenError(`This API key has no access to organization ${id}.`);
    }
    for (const scope of scopes) viewer.requireScope(scope);
    const found: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM organizations WHERE id = ANY($1::uuid[])', [organizationIds]);
    const missing = organizationIds.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) throw new BadInputError('input.organizationIds', `no organization has id ${missing.join(', ')}.`);

    const id = randomUUID();
    const secret = generateSecret(id);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `INSERT INTO api_keys (id, name, secret_hash, scopes, organization_ids) VALUES ($1, $2, $3, $4::text[], $5::uuid[])
       RETURNING ${selectColumns(this.dataSource, ApiKey, 'api_keys')}`,
      [id, name, hashSecret(secret), scopes, organizationIds],
    );
    return { secret, apiKey: hydrate(ApiKey, rows)[0]! };
  }

  async revoke(viewer: Viewer, id: string): Promise<boolean> {
    const keyId = requireId(id, 'id');
    viewer.requireScope(ApiScope.MANAGE);
    const rows: Array<{ organization_ids: string[]; revoked_at: Date | null }> = await this.dataSource.query(
      'SELECT organization_ids, revoked_at FROM api_keys WHERE id = $1',
      [keyId],
    );
    const key = rows[0];
    if (!key || !key.organization_ids.every((organizationId) => viewer.canSee(organizationId))) {
      throw new NotFoundError(`API key ${keyId} does not exist.`);
    }
    if (key.revoked_at) return false;
    await this.dataSource.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [keyId]);
    return true;
  }
}
