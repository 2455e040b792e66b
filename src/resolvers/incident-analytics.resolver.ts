import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Metric } from '../entities/enums';
import { Incident } from '../entities/incident.entity';
import { reportSelection, toKpiReport, toReputationDelta } from './analytics.resolver';
import { KpiReport } from './types/kpi-report.type';
import { DeltaWindow, ReputationDelta } from './types/reputation-delta.type';

@Resolver(() => Incident)
export class IncidentAnalyticsResolver {
  @FieldResolver(() => KpiReport, { description: "Every metric over the incident's mentions from startedAt to resolvedAt (or now)." })
  async kpis(@Root() incident: Incident, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo): Promise<KpiReport> {
    return toKpiReport(await loaders.incidentReport.load({ incident, selection: reportSelection(info) }));
  }

  @FieldResolver(() => ReputationDelta, { description: 'reputationDelta(incidentId: this incident).' })
  async reputationDelta(
    @Root() incident: Incident,
    @Arg('baselineDays', () => Int, { defaultValue: 7 }) baselineDays: number,
    @Arg('metrics', () => [Metric], { nullable: true, description: 'Default: every Metric and every custom metric.' }) metrics: Metric[] | null,
    @Ctx() { services, now }: Context,
  ): Promise<ReputationDelta> {
    return toReputationDelta(await services.deltas.forIncident(incident, baselineDays, metrics, now()));
  }
}

@Resolver(() => DeltaWindow)
export class DeltaWindowResolver {
  @FieldResolver(() => KpiReport, { description: "Every metric over the window, over all the organization's mentions." })
  async kpis(@Root() window: DeltaWindow, @Ctx() { services }: Context, @Info() info: GraphQLResolveInfo): Promise<KpiReport> {
    const scope = { organizationId: window.organizationId, incidentId: null, platforms: null, languages: null, dayZone: null };
    return toKpiReport(await services.kpis.report(scope, null, { from: window.from.getTime(), to: window.to.getTime() }, reportSelection(info)));
  }
}
