import type { EntityManager } from 'typeorm';
import { autoIncidentSql, refreshFirstResponses } from './incident-links';
import { rollupDeltaCtes } from './rollup-sql';

export interface RelinkWindow {
  from: Date;
  /** null: open-ended (an incident that is not resolved covers everything after its start). */
  to: Date | null;
}

/**
 * Re-applies the linking rule to the mentions posted in `window` whose incident was not given explicitly,
 * after an incident was created or edited, moving their rollup contributions with them. Callers hold the
 * organization's ingest lock, so rollup deltas never interleave with ingestion.
 */
export async function relinkMentions(manager: EntityManager, organizationId: string, window: RelinkWindow, alsoRefresh: string[]): Promise<number> {
  const rows: Array<{ incident_id: string | null; old_incident_id: string | null }> = await manager.query(
    `WITH candidates AS (
       SELECT m.id, m.incident_id AS current_incident, auto.id AS wanted
         FROM mentions m
         LEFT JOIN LATERAL (${autoIncidentSql('m', '$1')}) auto ON TRUE
        WHERE m.organization_id = $1 AND m.incident_source IS DISTINCT FROM 'PROVIDED'
          AND m.posted_at >= $2 AND ($3::timestamptz IS NULL OR m.posted_at < $3)
     ),
     moving AS (SELECT * FROM candidates WHERE current_incident IS DISTINCT FROM wanted),
     previous AS (SELECT m.* FROM mentions m JOIN moving c ON m.organization_id = $1 AND m.id = c.id),
     written AS (
       UPDATE mentions m
          SET incident_id = c.wanted, incident_source = CASE WHEN c.wanted IS NULL THEN NULL ELSE 'AUTO' END, updated_at = now()
         FROM moving c
        WHERE m.organization_id = $1 AND m.id = c.id
       RETURNING m.*
     ),
     ${rollupDeltaCtes('previous', 'written')}
     SELECT w.incident_id, p.incident_id AS old_incident_id
       FROM written w JOIN previous p ON p.id = w.id`,
    [organizationId, window.from, window.to],
  );
  const touched = new Set(alsoRefresh);
  for (const row of rows) {
    if (row.incident_id) touched.add(row.incident_id);
    if (row.old_incident_id) touched.add(row.old_incident_id);
  }
  if (touched.size > 0) await refreshFirstResponses(manager, organizationId, [...touched]);
  return rows.length;
}
