import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer';
import { ApiScope } from '../entities/enums';
import { BadInputError, NotFoundError } from '../errors/app-errors';
import { isId, parseIsoDateTime, requireId } from '../services/validation';
import type { IngestError, IngestOutcome } from './ingest-mentions';
import { withRetriedTransaction } from './transaction';

export interface MetricObservationFields {
  key: string;
  value: number;
  observedAt: Date | string;
  incidentId?: string | null;
}

export const MAX_OBSERVATIONS_PER_CALL = 5000;
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

interface ValidObservation {
  index: number;
  key: string;
  value: number;
  observedAt: Date;
  incidentId: string | null;
}

/** KPIs not derived from mentions; (organization, key, observedAt) is the identity, so replays update in place. */
export class MetricRecorder {
  constructor(
    private readonly dataSource: DataSource,
    /** Most observations a call may carry: MAX_OBSERVATIONS_PER_CALL unless the server is configured lower. */
    private readonly maxBatch = MAX_OBSERVATIONS_PER_CALL,
  ) {}

  async record(viewer: Viewer, organizationId: string, inputs: readonly MetricObservationFields[]): Promise<IngestOutcome> {
    const orgId = requireId(organizationId, 'organizationId');
    viewer.requireOrganization(orgId, ApiScope.INGEST);
    if (inputs.length > this.maxBatch) {
      throw new BadInputError('observations', `at most ${this.maxBatch} per call (got ${inputs.length}); split the batch.`);
    }
    const exists: unknown[] = await this.dataSource.query('SELECT 1 FROM organizations WHERE id = $1', [orgId]);
    if (exists.length === 0) throw new NotFoundError(`Organization ${orgId} does not exist.`);

    const errors: IngestError[] = [];
    const latest = new Map<string, ValidObservation>();
    inputs.forEach((input, index) => {
      const reject = (field: string, message: string) => errors.push({ index, externalId: null, field, message });
      const key = input.key.trim();
      if (!KEY.test(key)) return reject('key', 'must start with a letter and use letters, digits, _ . - (at most 64), e.g. "SALES".');
      if (!Number.isFinite(input.value)) return reject('value', 'must be a finite number.');
      const observedAt = input.observedAt instanceof Date ? input.observedAt : parseIsoDateTime(input.observedAt);
      if (!observedAt) return reject('observedAt', 'is not an ISO 8601 date-time with Z or an offset.');
      const incidentId = input.incidentId ?? null;
      if (incidentId !== null && !isId(incidentId)) return reject('incidentId', 'is not a valid ID.');
      const identity = `${key}\u0000${observedAt.toISOString()}`;
      latest.delete(identity);
      latest.set(identity, { index, key, value: input.value, observedAt, incidentId: incidentId?.toLowerCase() ?? null });
      return undefined;
    });
    const valid = [...latest.values()];
    const duplicates = inputs.length - errors.length - valid.length;

    const { rows, stored, incidentErrors } = await withRetriedTransaction(this.dataSource, async (manager) => {
      const wanted = [...new Set(valid.flatMap((o) => (o.incidentId ? [o.incidentId] : [])))];
      const found: Array<{ id: string }> = wanted.length
        ? await manager.query('SELECT id FROM incidents WHERE organization_id = $1 AND id = ANY($2::uuid[])', [orgId, wanted])
        : [];
      const known = new Set(found.map((row) => row.id));
      const bad = valid.filter((o) => o.incidentId !== null && !known.has(o.incidentId));
      const toStore = valid.filter((o) => o.incidentId === null || known.has(o.incidentId));
      const incidentErrors: IngestError[] = bad.map((o) => ({ index: o.index, externalId: null, field: 'incidentId', message: `no incident ${o.incidentId} in this organization.` }));
      if (toStore.length === 0) return { rows: [] as Array<{ inserted: boolean }>, stored: 0, incidentErrors };
      const rows: Array<{ inserted: boolean }> = await manager.query(
        `INSERT INTO metric_observations AS o (organization_id, key, value, observed_at, incident_id)
         SELECT $1, * FROM unnest($2::varchar[], $3::float8[], $4::timestamptz[], $5::uuid[])
         ON CONFLICT (organization_id, key, observed_at) DO UPDATE SET value = EXCLUDED.value, incident_id = EXCLUDED.incident_id
          WHERE (o.value, o.incident_id) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.incident_id)
         RETURNING (o.xmax = 0) AS inserted`,
        [orgId, toStore.map((o) => o.key), toStore.map((o) => o.value), toStore.map((o) => o.observedAt), toStore.map((o) => o.incidentId)],
      );
      return { rows, stored: toStore.length, incidentErrors };
    });
    errors.push(...incidentErrors);
    errors.sort((a, b) => a.index - b.index);
    const inserted = rows.filter((row) => row.inserted).length;
    return {
      accepted: stored,
      inserted,
      updated: rows.length - inserted,
      unchanged: stored - rows.length,
      duplicates,
      rejected: errors.length,
      errors,
    };
  }
}
