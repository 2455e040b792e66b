import { ApiScope } from '../entities/enums';
import { ForbiddenError } from '../errors/app-errors';

/**
 * Who is calling and what they may touch. Every service receives the viewer and asks it, so the tenant
 * wall lives here and in `TenantScope`, not in each resolver.
 */
export class Viewer {
  private readonly organizationSet: ReadonlySet<string>;

  constructor(
    readonly keyId: string,
    readonly name: string,
    readonly isAdmin: boolean,
    readonly scopes: readonly ApiScope[],
    readonly organizationIds: readonly string[],
  ) {
    this.organizationSet = new Set(organizationIds);
  }

  static admin(): Viewer {
    return new Viewer('admin', 'admin', true, [ApiScope.READ, ApiScope.INGEST, ApiScope.MANAGE], []);
  }

  hasScope(scope: ApiScope): boolean {
    return this.isAdmin || this.scopes.includes(scope);
  }

  canSee(organizationId: string): boolean {
    return this.isAdmin || this.organizationSet.has(organizationId);
  }

  /** The organization ids a query must be limited to, or null when the viewer sees every organization. */
  visibleOrganizationIds(): readonly string[] | null {
    return this.isAdmin ? null : this.organizationIds;
  }

  requireScope(scope: ApiScope): void {
    if (!this.hasScope(scope)) {
      throw new ForbiddenError(`This API key lacks the ${scope} scope needed for this operation.`);
    }
  }

  /**
   * Throws the same error whether the organization exists or not, so a key cannot probe for other tenants.
   */
  requireOrganization(organizationId: string, scope: ApiScope): void {
    this.requireScope(scope);
    if (!this.canSee(organizationId)) {
      throw new ForbiddenError(`This API key has no access to organization ${organizationId}.`);
    }
  }

  requireAdmin(action: string): void {
    if (!this.isAdmin) throw new ForbiddenError(`Only the admin key may ${action}.`);
  }
}
