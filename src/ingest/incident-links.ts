import type { EntityManager } from 'typeorm';

/** The incident a mention without one belongs to: the latest-started whose window covers it and whose keywords (if any) it contains. */
export function autoIncidentSql(mention: string, organizationParam: string): string {
  return `SELECT i.id FROM incidents i
           WHERE i.organization_id = ${organizationParam}
             AND i.started_at <= ${mention}.posted_at AND (i.resolved_at IS NULL OR ${mention}.posted_at < i.resolved_at)
             AND (cardinality(i.keywords) = 0
                  OR EXISTS (SELECT 1 FROM unnest(i.keywords) AS k(word) WHERE strpos(lower(${mention}.text), lower(k.word)) > 0))
           ORDER BY i.started_at DESC, i.id DESC
           LIMIT 1`;
}

export async function refreshFirstResponses(manager: EntityManager, organizationId: string, incidentIds: string[]): Promise<void> {
  await manager.query(
    `UPDATE incidents i
        SET first_response_at = (SELECT min(m.posted_at) FROM mentions m
                                  WHERE m.organization_id = i.organization_id AND m.incident_id = i.id
                                    AND m.owned AND m.posted_at >= i.started_at)
      WHERE i.organization_id = $1 AND i.id = ANY($2::uuid[]) AND NOT i.first_response_manual`,
    [organizationId, incidentIds],
  );
}

/** The organization-wide lock ingestion and re-linking share, taken inside the caller's transaction. */
export async function lockOrganizationWrites(manager: EntityManager, organizationId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ingest:${organizationId}`]);
}
