import { compareText, centsToUsd } from './decimal';
import { CostLine, PriceTable } from './price-table';
import { FailureDomain, FailureDomainProfile, ObjectiveProfile, RecordedProfile, TimeEstimate, WorkloadProfile, DataFlow } from './profile';

/** Failure domains in report order. */
export const DOMAIN_ORDER: FailureDomain[] = [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT, FailureDomain.REGION];

/** The table a workload was priced with, as the report states it. */
export interface PricedWith {
  readonly region: string;
  readonly asOf: string;
  readonly sources: string[];
  readonly confidence: string;
  readonly overridden: string[];
  readonly note?: string;
}

/** One workload as the report writes it. */
export interface ReportWorkload {
  readonly name: string;
  readonly pattern: string;
  readonly path: string;
  readonly region: string | null;
  readonly zones: number | null;
  readonly components: string[];
  readonly failureDomains: Array<{ domain: string; survives: boolean; how: string; recoverySeconds: number | null }>;
  readonly rto: TimeEstimate;
  readonly rpo: TimeEstimate;
  readonly monthlyCostUsd: { total: number; lines: CostLine[] };
  readonly pricedWith: PricedWith;
  readonly dataFlows: DataFlow[];
  readonly alternatives: Array<{ change: string; rtoSeconds: number; rpoSeconds: number | null }>;
  readonly objectives: ObjectiveProfile[];
}

/** A profile with its nested components folded in, before pricing. */
export interface MergedProfile {
  readonly recorded: RecordedProfile;
  readonly components: RecordedProfile[];
}

/**
 * Folds profiles recorded inside another profiled construct (a VPC a service created for itself)
 * into the outermost one: its cost lines join the workload's, prefixed with the component's name,
 * and the workload survives a failure domain only if every component does.
 */
export function mergeNested(all: RecordedProfile[]): MergedProfile[] {
  const byPath = new Map(all.map((r) => [r.path, r]));
  const outermost = (r: RecordedProfile): RecordedProfile => {
    let found = r;
    const parts = r.path.split('/');
    for (let i = parts.length - 1; i > 0; i--) {
      const ancestor = byPath.get(parts.slice(0, i).join('/'));
      if (ancestor) found = ancestor;
    }
    return found;
  };
  const merged = new Map<string, RecordedProfile[]>();
  for (const r of all) {
    const top = outermost(r);
    if (!merged.has(top.path)) merged.set(top.path, []);
    if (top !== r) merged.get(top.path)!.push(r);
  }
  return [...merged.entries()].map(([path, components]) => ({
    recorded: byPath.get(path)!,
    components: components.sort((a, b) => compareText(a.path, b.path)),
  }));
}

function domainsOf(p: WorkloadProfile): Map<FailureDomain, FailureDomainProfile> {
  return new Map(p.failureDomains.map((d) => [d.domain, d]));
}

function maxEstimate(own: TimeEstimate, parts: Array<{ name: string; estimate: TimeEstimate }>): TimeEstimate {
  let best = own;
  for (const p of parts) {
    if (p.estimate.seconds > best.seconds) best = { seconds: p.estimate.seconds, arithmetic: `${p.name}: ${p.estimate.arithmetic}` };
  }
  return best;
}

/** Builds one report workload from a merged profile, priced with the given tables. */
export function buildWorkload(m: MergedProfile, tableFor: (r: RecordedProfile) => { table: PriceTable; note?: string }): ReportWorkload {
  const p = m.recorded.profile;
  const own = domainsOf(p);
  const failureDomains = DOMAIN_ORDER.filter((d) => own.has(d)).map((d) => {
    const entry = own.get(d)!;
    let survives = entry.survives;
    let how = entry.how;
    for (const c of m.components) {
      const ce = domainsOf(c.profile).get(d);
      if (ce && !ce.survives && survives) {
        survives = false;
        how = `${how}; but ${c.profile.name}: ${ce.how}`;
      }
    }
    return { domain: d as string, survives, how, recoverySeconds: survives ? entry.recovery?.seconds ?? 0 : null };
  });

  const { table, note } = tableFor(m.recorded);
  const lines: CostLine[] = [];
  for (const d of p.costDrivers) lines.push(table.price(d));
  for (const c of m.components) {
    const ct = tableFor(c).table;
    for (const d of c.profile.costDrivers) {
      const line = ct.price(d);
      lines.push({ ...line, item: `${c.profile.name}: ${line.item}` });
    }
  }
  lines.sort((a, b) => compareText(a.item, b.item) || compareText(a.arithmetic, b.arithmetic));
  const totalCents = lines.reduce((sum, l) => sum + Math.round(l.usd * 100), 0);

  // A component's flows are the workload's own in the diagram (the VPC a service created is the service's egress).
  const rename = new Map(m.components.map((c) => [c.profile.name, p.name]));
  const flows = [...(p.dataFlows ?? []), ...m.components.flatMap((c) => c.profile.dataFlows ?? [])]
    .map((f) => ({ from: rename.get(f.from) ?? f.from, to: rename.get(f.to) ?? f.to, label: f.label }));
  const seen = new Set<string>();
  const dataFlows = flows.filter((f) => {
    const key = `${f.from}|${f.to}|${f.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.label, b.label));

  return {
    name: p.name,
    pattern: p.pattern,
    path: m.recorded.path,
    region: m.recorded.region ?? null,
    zones: p.zones ?? null,
    components: m.components.map((c) => c.path),
    failureDomains,
    rto: maxEstimate(p.rto, m.components.map((c) => ({ name: c.profile.name, estimate: c.profile.rto }))),
    rpo: maxEstimate(p.rpo, m.components.map((c) => ({ name: c.profile.name, estimate: c.profile.rpo }))),
    monthlyCostUsd: { total: centsToUsd(totalCents), lines },
    pricedWith: {
      region: table.region,
      asOf: table.asOf,
      sources: table.sources,
      confidence: table.confidence,
      overridden: table.overriddenItems,
      ...(note ? { note } : {}),
    },
    dataFlows,
    alternatives: (p.alternatives ?? []).map((a) => ({ change: a.change, rtoSeconds: a.rtoSeconds, rpoSeconds: a.rpoSeconds ?? null })),
    objectives: [...(p.objectives ?? [])].sort((a, b) => compareText(a.name, b.name))
      .map((o) => ({ ...o, alarms: [...o.alarms] })),
  };
}

/** Seconds as a person says them: `45 s`, `5 min`, `2 h`, `130 s`. */
export function formatSeconds(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}
