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

export interface HandleKey {
  platform: string;
  handle: string;
}

/**
 * After an organization's own handles change, re-marks the posts of the authors whose handles were added
 * or removed as owned or not, moving their rollup contributions, and refreshes first responses.
 */
export async function reapplyOwnership(manager: EntityManager, organizationId: string, before: HandleKey[], after: HandleKey[]): Promise<number> {
  const key = (h: HandleKey) => `${h.platform}:${h.handle.toLowerCase()}`;
  const changed = [...new Map([...before, ...after].map((h) => [key(h), h])).values()];
  if (changed.length === 0) return 0;
  const owned = after.map((h) => ({ platform: h.platform, handleKey: h.handle.toLowerCase() }));
  const rows: Array<{ incident_id: string | null }> = await manager.query(
    `WITH authors AS (
       SELECT i.id, EXISTS (SELECT 1 FROM unnest($4::text[], $5::text[]) AS o(platform, handle_key)
                             WHERE o.platform = i.platform AND o.handle_key = i.handle_key) AS owned
         FROM influencers i
         JOIN unnest($2::text[], $3::text[]) AS h(platform, handle_key) ON i.platform = h.platform AND i.handle_key = h.handle_key
     ),
     moving AS (
       SELECT m.id, a.owned FROM mentions m JOIN authors a ON m.author_id = a.id
        WHERE m.organization_id = $1 AND m.owned <> a.owned
     ),
     previous AS (SELECT m.* FROM mentions m JOIN moving c ON m.organization_id = $1 AND m.id = c.id),
     written AS (
       UPDATE mentions m SET owned = c.owned, updated_at = now()
         FROM moving c WHERE m.organization_id = $1 AND m.id = c.id
       RETURNING m.*
     ),
     ${rollupDeltaCtes('previous', 'written')}
     SELECT incident_id FROM written`,
    [
      organizationId,
      changed.map((h) => h.platform),
      changed.map((h) => h.handle.toLowerCase()),
      owned.map((h) => h.platform),
      owned.map((h) => h.handleKey),
    ],
  );
  const incidents = [...new Set(rows.flatMap((row) => (row.incident_id ? [row.incident_id] : [])))];
  if (incidents.length > 0) await refreshFirstResponses(manager, organizationId, incidents);
  return rows.length;
}
