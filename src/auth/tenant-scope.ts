import type { Params } from '../db/sql';
import type { Viewer } from './viewer';

/**
 * The tenant wall for SQL: every read of tenant-owned rows goes through here, so a key never sees rows of
 * organizations it was not granted, whatever path (list, nested field, loader, count) the query takes.
 */
export function tenantPredicate(viewer: Viewer, column: string, params: Params): string {
  const visible = viewer.visibleOrganizationIds();
  if (visible === null) return 'TRUE';
  return `${column} = ANY(${params.add(visible)}::uuid[])`;
}
