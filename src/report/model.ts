import { compareText, centsToUsd, formatUsd } from './decimal';
import { CostDriver, CostLine, PriceTable } from './price-table';
import { FailureDomain, FailureDomainProfile, ObjectiveProfile, RecordedProfile, RolloutProfile, WorkloadProfile, DataFlow } from './profile';

/** Failure domains in report order. */
export const DOMAIN_ORDER: FailureDomain[] = [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT, FailureDomain.REGION];

/** How the report names a failure domain in arithmetic (`bad deployment 140 s`). */
const DOMAIN_WORDS: { [d: string]: string } = {
  [FailureDomain.INSTANCE]: 'instance',
  [FailureDomain.ZONE]: 'zone',
  [FailureDomain.BAD_DEPLOYMENT]: 'bad deployment',
  [FailureDomain.REGION]: 'region',
};

/** What RTO and RPO mean in the report; written into the JSON and the Markdown. */
export const DEFINITIONS = {
  rto: 'RTO (recovery time) of a failure domain: the time from the failure until the workload serves again without a person acting. '
    + 'The workload RTO is the longest of these among the failure domains it survives; a domain it does not survive has no RTO (an outage until someone acts or the failure ends).',
  rpo: 'RPO (recovery point): the most recent data that can be lost. "not modelled" means the data lives in backing stores the library does not profile, so no bound is claimed (never 0 s).',
};

/** The table a workload was priced with, as the report states it. */
export interface PricedWith {
  readonly region: string;
  readonly asOf: string;
  readonly sources: string[];
  readonly confidence: string;
  readonly overridden: string[];
  readonly note?: string;
}

/** The RPO as the report writes it: seconds, or null when not modelled. */
export interface ReportRpo {
  readonly seconds: number | null;
  readonly arithmetic: string;
}

/** The RTO as the report writes it: seconds, or null when no failure domain is survived. */
export interface ReportRto {
  readonly seconds: number | null;
  readonly arithmetic: string;
}

/** A profiled construct folded into a workload: one it contains, or one it depends on. */
export interface ReportPart {
  readonly path: string;
  readonly name: string;
  readonly pattern: string;
  /** `nested` (inside the workload's construct) or `dependency` (named by the workload's `dependsOn`). */
  readonly relation: string;
  readonly region: string | null;
  /** Construct path of the workload whose cost lists this part's lines (here or another workload). */
  readonly pricedUnder: string;
  /** The part's own monthly cost (its lines), wherever it is listed. */
  readonly monthlyCostUsd: number;
  /** Failure domains the workload would survive on its own but not with this part (so it does not). */
  readonly takesDown: string[];
  readonly dataFlows: DataFlow[];
}

/** One workload as the report writes it. */
export interface ReportWorkload {
  readonly name: string;
  readonly pattern: string;
  readonly path: string;
  readonly region: string | null;
  readonly zones: number | null;
  /** Paths of profiled constructs nested inside the workload (their cost is listed here). */
  readonly components: string[];
  /** Profiled constructs the workload depends on (`dependsOn`), nested ones first. */
  readonly parts: ReportPart[];
  readonly failureDomains: Array<{ domain: string; survives: boolean; how: string; recoverySeconds: number | null }>;
  /** Seconds are null when folding in a part leaves no failure domain survived (there is no recovery without a person). */
  readonly rto: ReportRto;
  readonly rpo: ReportRpo;
  readonly monthlyCostUsd: { total: number; lines: CostLine[] };
  readonly pricedWith: PricedWith;
  readonly dataFlows: DataFlow[];
  readonly alternatives: Array<{ change: string; rtoSeconds: number; rpoSeconds: number | null }>;
  readonly objectives: ObjectiveProfile[];
  /** How the workload deploys a release and the blast radius of a bad one, when stated. */
  readonly rollout?: RolloutProfile;
  /** What the report does not model for this workload, each with why. */
  readonly notModelled: string[];
  /** Situations priced apart from the total (never added to it), in the profile's order. */
  readonly costScenarios: ReportCostScenario[];
  /** Failure drills (FIS experiments), each priced per run (never added to the monthly total); absent when there are none. */
  readonly drills?: ReportDrill[];
}

/** A failure drill as the report writes it. */
export interface ReportDrill {
  readonly name: string;
  readonly domain: string;
  readonly claim: string;
  readonly action: string;
  readonly expectedOutcome: string;
  readonly recoverySeconds: number | null;
  readonly command: string;
  readonly stopConditions: string[];
  /** One run, priced with the workload's table. */
  readonly costPerRun: CostLine;
}

/** A cost scenario as the report writes it. */
export interface ReportCostScenario {
  readonly name: string;
  readonly lines: CostLine[];
  /** The sum of `lines`, US dollars a month. */
  readonly monthlyUsd: number;
  /** The scenario it is compared with, or null. */
  readonly compareTo: string | null;
  /** This scenario's monthly cost minus the other's (negative: this one costs less), or null. */
  readonly differenceUsd: number | null;
  /** The difference with its arithmetic, or null. */
  readonly differenceArithmetic: string | null;
}

/**
 * Prices a workload's cost scenarios and compares each with the one it names. A `compareTo` that
 * names no scenario of the workload is stated as such, never guessed.
 */
export function priceScenarios(p: WorkloadProfile, table: PriceTable): ReportCostScenario[] {
  const priced = (p.costScenarios ?? []).map((sc) => {
    const lines = sc.costDrivers.map((d) => table.price(d));
    const cents = lines.reduce((sum, l) => sum + Math.round(l.usd * 100), 0);
    return { sc, lines, cents };
  });
  const byName = new Map(priced.map((x) => [x.sc.name, x]));
  return priced.map(({ sc, lines, cents }) => {
    const other = sc.compareTo !== undefined ? byName.get(sc.compareTo) : undefined;
    let differenceUsd: number | null = null;
    let differenceArithmetic: string | null = null;
    if (sc.compareTo !== undefined && !other) {
      differenceArithmetic = `no scenario named "${sc.compareTo}" to compare with`;
    } else if (other) {
      const diff = cents - other.cents;
      differenceUsd = centsToUsd(diff);
      // The share is of the dearer of the two: what the cheaper one saves against it.
      const dearer = Math.max(cents, other.cents);
      const pct = dearer === 0 ? '0.0' : (Math.abs(diff) * 100 / dearer).toFixed(1);
      const d = formatUsd(centsToUsd(Math.abs(diff)));
      const head = `${formatUsd(centsToUsd(cents))} - ${formatUsd(centsToUsd(other.cents))} (${other.sc.name})`;
      differenceArithmetic = diff === 0 ? `${head} = $0.00: the same`
        : diff > 0 ? `${head} = ${d} more; ${other.sc.name} costs ${pct} % less (${d} / ${formatUsd(centsToUsd(cents))})`
          : `${head} = -${d}: ${pct} % less than ${other.sc.name} (${d} / ${formatUsd(centsToUsd(other.cents))})`;
    }
    return { name: sc.name, lines, monthlyUsd: centsToUsd(cents), compareTo: sc.compareTo ?? null, differenceUsd, differenceArithmetic };
  });
}

/** A folded-in part before pricing. */
export interface MergedPart {
  readonly recorded: RecordedProfile;
  readonly relation: 'nested' | 'dependency';
  /** Path of the workload whose cost lists the part's lines. */
  readonly pricedUnder: string;
}

/** A workload with its nested components and dependencies, before pricing. */
export interface MergedProfile {
  readonly recorded: RecordedProfile;
  /** Nested components and dependencies, nested first, each sorted by path. */
  readonly parts: MergedPart[];
  /** `dependsOn` paths that name no recorded profile. */
  readonly unprofiledDependencies: string[];
}

function outermostOf(byPath: Map<string, RecordedProfile>, r: RecordedProfile): RecordedProfile {
  let found = r;
  const parts = r.path.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    const ancestor = byPath.get(parts.slice(0, i).join('/'));
    if (ancestor) found = ancestor;
  }
  return found;
}

/**
 * Composes the recorded profiles into workloads.
 *
 * - A profile recorded inside another profiled construct (a VPC a service created for itself) is a
 *   nested component of the outermost one: listed and priced under it.
 * - A profile named in a workload's `dependsOn` (a VPC passed to the service) is a dependency: it
 *   is not a workload of its own, its failure domains are folded into each workload that depends
 *   on it, and its cost is listed under ONE workload, never twice: the workload it is nested in,
 *   else the first dependent workload by name then path; the others list it with where it is priced.
 * - Dependencies are followed transitively; a circle of dependencies keeps its first member (by
 *   path) as the workload.
 */
export function composeProfiles(all: RecordedProfile[]): MergedProfile[] {
  const byPath = new Map(all.map((r) => [r.path, r]));
  const top = (r: RecordedProfile) => outermostOf(byPath, r);
  const nested = new Map<string, RecordedProfile[]>();
  for (const r of all) {
    const t = top(r);
    if (!nested.has(t.path)) nested.set(t.path, []);
    if (t !== r) nested.get(t.path)!.push(r);
  }
  // Direct dependencies of each outermost profile (its own and its components' dependsOn).
  const directDeps = new Map<string, { found: RecordedProfile[]; missing: string[] }>();
  for (const path of nested.keys()) {
    const members = [byPath.get(path)!, ...nested.get(path)!];
    const found: RecordedProfile[] = [];
    const missing: string[] = [];
    for (const m of members) {
      for (const dep of m.profile.dependsOn ?? []) {
        const target = byPath.get(dep);
        if (!target) {
          if (!missing.includes(dep)) missing.push(dep);
        } else if (top(target).path !== path && !members.includes(target) && !found.includes(target)) {
          found.push(target);
        }
      }
    }
    directDeps.set(path, { found, missing });
  }
  // Outermost profiles some other outermost profile depends on are not workloads of their own.
  const dependedOn = new Set<string>();
  for (const [path, d] of directDeps) {
    for (const t of d.found) if (top(t).path !== path && t === top(t)) dependedOn.add(t.path);
  }
  const workloads = [...nested.keys()].filter((p) => !dependedOn.has(p));
  // A circle leaves profiles nobody reaches from a workload: the first of them by path leads.
  const reached = new Set<string>();
  const reach = (path: string) => {
    if (reached.has(path)) return;
    reached.add(path);
    for (const t of directDeps.get(top(byPath.get(path)!).path)?.found ?? []) reach(top(t).path);
  };
  workloads.forEach(reach);
  for (const p of [...nested.keys()].sort(compareText)) {
    if (!reached.has(p)) {
      workloads.push(p);
      reach(p);
    }
  }

  const named = (path: string) => byPath.get(path)!.profile.name;
  const ordered = [...workloads].sort((a, b) => compareText(named(a), named(b)) || compareText(a, b));
  const pricedAt = new Map<string, string>();
  // Nested components are priced under their own workload.
  for (const w of ordered) for (const c of nested.get(w)!) pricedAt.set(c.path, w);
  const result: MergedProfile[] = [];
  for (const w of ordered) {
    const own = nested.get(w)!.map((c): MergedPart => ({ recorded: c, relation: 'nested', pricedUnder: w }));
    const deps: RecordedProfile[] = [];
    const missing: string[] = [...directDeps.get(w)!.missing];
    const queue = [...directDeps.get(w)!.found];
    while (queue.length > 0) {
      const d = queue.shift()!;
      if (deps.includes(d) || d.path === w) continue;
      deps.push(d);
      const t = top(d);
      // A dependency that is an outermost profile brings its nested components and its own dependencies.
      if (t === d) {
        for (const c of nested.get(d.path)!) if (!deps.includes(c)) queue.push(c);
        const next = directDeps.get(d.path)!;
        queue.push(...next.found);
        for (const m of next.missing) if (!missing.includes(m)) missing.push(m);
      }
    }
    const depParts = deps.sort((a, b) => compareText(a.path, b.path)).map((d): MergedPart => {
      if (!pricedAt.has(d.path)) pricedAt.set(d.path, w);
      return { recorded: d, relation: 'dependency', pricedUnder: pricedAt.get(d.path)! };
    });
    result.push({
      recorded: byPath.get(w)!,
      parts: [...own.sort((a, b) => compareText(a.recorded.path, b.recorded.path)), ...depParts],
      unprofiledDependencies: missing.sort(compareText),
    });
  }
  return result;
}

function domainsOf(p: WorkloadProfile): Map<FailureDomain, FailureDomainProfile> {
  return new Map((p.failureDomains ?? []).map((d) => [d.domain, d]));
}

/** What the report adds to a profiled construct's own cost drivers (monitoring it creates). */
export interface ExtraDrivers {
  readonly drivers: CostDriver[];
  readonly notModelled: string[];
}

/** How buildWorkload prices and what it adds. */
export interface BuildContext {
  /** The price table for a recorded profile. */
  readonly tableFor: (r: RecordedProfile) => { table: PriceTable; note?: string };
  /**
   * Drivers the report found in a profiled construct's subtree (alarms, dashboards, ...).
   *
   * @default - none
   */
  readonly extraFor?: (r: RecordedProfile) => ExtraDrivers;
}

function rpoOf(p: WorkloadProfile): { modelled: boolean; seconds: number; text: string } {
  if (p.rpo === undefined) {
    return { modelled: false, seconds: 0, text: p.rpoNotModelled ?? 'the profile states no RPO' };
  }
  if (p.rpoNotModelled !== undefined) {
    return { modelled: false, seconds: p.rpo.seconds, text: `${p.rpoNotModelled} (what it holds itself: ${formatSeconds(p.rpo.seconds)}, ${p.rpo.arithmetic})` };
  }
  return { modelled: true, seconds: p.rpo.seconds, text: p.rpo.arithmetic };
}

function combinedRpo(p: WorkloadProfile, parts: MergedPart[]): ReportRpo {
  const all = [{ name: '', r: rpoOf(p) }, ...parts.map((x) => ({ name: x.recorded.profile.name, r: rpoOf(x.recorded.profile) }))];
  const notModelled = all.filter((a) => !a.r.modelled);
  if (notModelled.length > 0) {
    return { seconds: null, arithmetic: `not modelled: ${notModelled.map((a) => (a.name ? `${a.name}: ${a.r.text}` : a.r.text)).join('; ')}` };
  }
  let best = all[0];
  for (const a of all.slice(1)) if (a.r.seconds > best.r.seconds) best = a;
  return { seconds: best.r.seconds, arithmetic: best.name ? `${best.name}: ${best.r.text}` : best.r.text };
}

/** Builds one report workload from a composed profile, priced with the given tables. */
export function buildWorkload(m: MergedProfile, ctx: BuildContext): ReportWorkload {
  const p = m.recorded.profile;
  const own = domainsOf(p);
  let changed = false;
  const failureDomains = DOMAIN_ORDER.filter((d) => own.has(d)).map((d) => {
    const entry = own.get(d)!;
    let survives = entry.survives;
    let how = entry.how;
    let recovery = entry.recovery?.seconds ?? 0;
    for (const part of m.parts) {
      const ce = domainsOf(part.recorded.profile).get(d);
      if (!ce) continue;
      if (!ce.survives && survives) {
        survives = false;
        changed = true;
        how = `${how}; but ${part.recorded.profile.name} (${part.recorded.profile.pattern}, which it ${part.relation === 'nested' ? 'contains' : 'depends on'}): ${ce.how}`;
      } else if (ce.survives && survives && (ce.recovery?.seconds ?? 0) > recovery) {
        recovery = ce.recovery!.seconds;
        changed = true;
      }
    }
    return { domain: d as string, survives, how, recoverySeconds: survives ? recovery : null };
  });

  const { table, note } = ctx.tableFor(m.recorded);
  const lines: CostLine[] = [];
  const notModelled: string[] = [];
  const extraOf = (r: RecordedProfile): ExtraDrivers => ctx.extraFor?.(r) ?? { drivers: [], notModelled: [] };
  const ownExtra = extraOf(m.recorded);
  for (const d of [...p.costDrivers, ...ownExtra.drivers]) lines.push(table.price(d));
  notModelled.push(...ownExtra.notModelled);
  const parts: ReportPart[] = [];
  for (const part of m.parts) {
    const ct = ctx.tableFor(part.recorded).table;
    const extra = extraOf(part.recorded);
    const partLines = [...part.recorded.profile.costDrivers, ...extra.drivers].map((d) => ct.price(d));
    const partCents = partLines.reduce((sum, l) => sum + Math.round(l.usd * 100), 0);
    const name = part.recorded.profile.name;
    if (part.pricedUnder === m.recorded.path) {
      for (const line of partLines) lines.push({ ...line, item: `${name}: ${line.item}` });
      notModelled.push(...extra.notModelled.map((t) => `${name}: ${t}`));
    }
    parts.push({
      path: part.recorded.path,
      name,
      pattern: part.recorded.profile.pattern,
      relation: part.relation,
      region: part.recorded.region ?? null,
      pricedUnder: part.pricedUnder,
      monthlyCostUsd: centsToUsd(partCents),
      takesDown: DOMAIN_ORDER
        .filter((d) => own.get(d)?.survives === true && domainsOf(part.recorded.profile).get(d)?.survives === false)
        .map((d) => d as string),
      dataFlows: sortFlows(part.recorded.profile.dataFlows ?? []),
    });
  }
  for (const path of m.unprofiledDependencies) {
    notModelled.push(`dependency ${path}: no profile is recorded there, so its failure domains and cost are not modelled`);
  }
  lines.sort((a, b) => compareText(a.item, b.item) || compareText(a.arithmetic, b.arithmetic));
  const totalCents = lines.reduce((sum, l) => sum + Math.round(l.usd * 100), 0);

  return {
    name: p.name,
    pattern: p.pattern,
    path: m.recorded.path,
    region: m.recorded.region ?? null,
    zones: p.zones ?? null,
    components: m.parts.filter((x) => x.relation === 'nested').map((x) => x.recorded.path),
    parts,
    failureDomains,
    rto: changed ? recomputedRto(failureDomains) : p.rto,
    rpo: combinedRpo(p, m.parts),
    monthlyCostUsd: { total: centsToUsd(totalCents), lines },
    pricedWith: {
      region: table.region,
      asOf: table.asOf,
      sources: table.sources,
      confidence: table.confidence,
      overridden: table.overriddenItems,
      ...(note ? { note } : {}),
    },
    dataFlows: sortFlows(p.dataFlows ?? []),
    alternatives: (p.alternatives ?? []).map((a) => ({ change: a.change, rtoSeconds: a.rtoSeconds, rpoSeconds: a.rpoSeconds ?? null })),
    objectives: [...(p.objectives ?? [])].sort((a, b) => compareText(a.name, b.name))
      .map((o) => ({ ...o, alarms: [...o.alarms], notes: [...(o.notes ?? [])] })),
    ...(p.rollout ? { rollout: { ...p.rollout, judgedBy: [...p.rollout.judgedBy], notes: [...(p.rollout.notes ?? [])] } } : {}),
    notModelled,
    costScenarios: priceScenarios(p, table),
    ...((p.drills ?? []).length > 0 ? {
      drills: p.drills!.map((d) => ({
        name: d.name,
        domain: d.domain as string,
        claim: d.claim,
        action: d.action,
        expectedOutcome: d.expectedOutcome,
        recoverySeconds: d.recoverySeconds ?? null,
        command: d.command,
        stopConditions: [...d.stopConditions],
        costPerRun: table.price(d.costPerRun),
      })),
    } : {}),
  };
}

/** The workload RTO when a folded-in part changed what is survived or how fast: the longest recovery among the domains survived. */
function recomputedRto(domains: ReportWorkload['failureDomains']): ReportRto {
  const survived = domains.filter((d) => d.survives && d.recoverySeconds !== null);
  if (survived.length === 0) {
    return { seconds: null, arithmetic: 'none: no failure domain is survived without a person acting once its parts are folded in' };
  }
  const seconds = Math.max(...survived.map((d) => d.recoverySeconds!));
  return {
    seconds,
    arithmetic: `max(${survived.map((d) => `${DOMAIN_WORDS[d.domain]} ${d.recoverySeconds} s`).join(', ')}) = ${seconds} s, over the failure domains survived with the network and other parts folded in`,
  };
}

function sortFlows(flows: DataFlow[]): DataFlow[] {
  const seen = new Set<string>();
  return flows.filter((f) => {
    const key = `${f.from}|${f.to}|${f.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).map((f) => ({ from: f.from, to: f.to, label: f.label }))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.label, b.label));
}

/** Seconds as a person says them: `45 s`, `5 min`, `2 h`, `130 s`. */
export function formatSeconds(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}
