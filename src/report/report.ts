import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Stack, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { compareText, centsToUsd } from './decimal';
import { markdownReport } from './markdown';
import { buildWorkload, composeProfiles, DEFINITIONS, ReportWorkload } from './model';
import { assumptionProblems, collectMonitoring, DEFAULT_ASSUMPTIONS, monitoringDrivers, ReportAssumptions } from './monitoring';
import { checkPolicy, findPolicies, PolicyCheckResult, PolicyEnforcement } from './policy-check';
import { PriceTable, priceOverrideProblems } from './price-table';
import { HOURS_PER_MONTH, PRICED_REGIONS } from './prices';
import { RecordedProfile, storedProfile, storeProfile, WorkloadProfile } from './profile';
import { PatternValidationError } from '../core/errors';
import { describeValue, WARNING_PREFIX } from '../core/validation';

/** Props of CloudNativeReport. */
export interface CloudNativeReportProps {
  /**
   * Unit prices in US dollars that replace the embedded table's, keyed by `PriceItem` value
   * (`{ NAT_GATEWAY_HOUR: 0.05 }`), for every region. A negative, non-finite or unknown entry is
   * an error.
   *
   * @default - the embedded prices
   */
  readonly priceOverrides?: { [item: string]: number };

  /**
   * The region whose embedded table prices workloads in regions without one, and workloads in
   * stacks without a concrete region.
   *
   * @default - 'us-east-1' for stacks without a region; a region without a table gets a tagged warning and us-east-1 prices
   */
  readonly pricesFromRegion?: string;

  /**
   * Assumptions for what the report cannot read from the templates (flow log volume, Container
   * Insights metric counts). Each is labelled as assumed in the cost lines.
   *
   * @default - the defaults of each ReportAssumptions field
   */
  readonly assumptions?: ReportAssumptions;
}

/** The report as written to `cloud-native-report.json`. */
export interface CloudNativeReportData {
  readonly generator: string;
  readonly hoursPerMonth: number;
  /** What RTO and RPO mean in this report. */
  readonly definitions: { rto: string; rpo: string };
  readonly totalMonthlyCostUsd: number;
  readonly workloads: ReportWorkload[];
  readonly policies: PolicyCheckResult[];
}

const FALLBACK_REGION = 'us-east-1';

/**
 * @internal A section another module adds to the report: its JSON under `key` in
 * cloud-native-report.json, its Markdown after the report's, and files of its own beside them.
 */
export interface ReportSection {
  readonly key: string;
  readonly json: unknown;
  readonly markdown: string;
  readonly files: Array<{ readonly name: string; readonly content: string }>;
}

/**
 * Writes the synth-time report of an app: for each workload a pattern recorded, the failures it
 * survives and how, its RTO and RPO with the arithmetic, and its monthly cost drivers priced from
 * a dated, sourced table. Also checks every ResiliencePolicy in the app.
 *
 * Created on the App the first time a pattern records a profile (`CloudNativeReport.of(app)` finds
 * it). At synth (`app.synth()` or `cdk synth`) it writes `cloud-native-report.json` and
 * `cloud-native-report.md` into the cloud assembly folder, then fails synthesis if a policy with
 * `PolicyEnforcement.FAIL_SYNTHESIS` is missed.
 */
export class CloudNativeReport extends Construct {
  /** The construct id of the report under the App. */
  public static readonly ID = 'CloudNativeReport';
  /** File name of the report for machines. */
  public static readonly JSON_FILE = 'cloud-native-report.json';
  /** File name of the report for people. */
  public static readonly MARKDOWN_FILE = 'cloud-native-report.md';

  /** The report of the app a construct belongs to, created if there is none yet. */
  public static of(scope: IConstruct): CloudNativeReport {
    const root = scope.node.root as Construct;
    const existing = root.node.tryFindChild(CloudNativeReport.ID);
    if (existing) {
      if (!(existing instanceof CloudNativeReport)) {
        throw new PatternValidationError(existing, [{
          prop: 'id',
          problem: `the construct id '${CloudNativeReport.ID}' on the app is taken by another construct`,
          fix: 'rename that construct: the library keeps its report under this id',
        }]);
      }
      return existing;
    }
    return new CloudNativeReport(root, CloudNativeReport.ID);
  }

  private priceOverrides: { [item: string]: number } = {};
  private pricesFromRegion?: string;
  private assumptions: Required<ReportAssumptions> = { ...DEFAULT_ASSUMPTIONS };
  /** Workload names recorded so far: name -> construct path (names key the report and its diagram). */
  private readonly names = new Map<string, string>();
  /** Annotations already added, so a second synth of the same app does not repeat them. */
  private readonly emitted = new Set<string>();
  /** Sections other modules add (the topology decision), built at synth. */
  private readonly sections: Array<() => ReportSection> = [];

  constructor(scope: Construct, id: string, props: CloudNativeReportProps = {}) {
    super(scope, id);
    if (props.priceOverrides) this.overridePrices(props.priceOverrides);
    if (props.pricesFromRegion !== undefined) this.usePricesFrom(props.pricesFromRegion);
    if (props.assumptions) this.useAssumptions(props.assumptions);
    this.node.addValidation({ validate: () => this.synthesizeReport() });
  }

  /**
   * Replaces assumptions (flow log GB a month, Container Insights metric counts). Throws a
   * PatternValidationError for a negative, non-finite or unknown entry.
   */
  public useAssumptions(assumptions: ReportAssumptions): void {
    const problems = assumptionProblems(assumptions);
    if (problems.length > 0) {
      throw new PatternValidationError(this, problems.map((p) => ({
        prop: 'assumptions',
        problem: p,
        fix: 'give each assumption a number of 0 or more, e.g. { flowLogGbPerMonth: 20 }',
      })));
    }
    const given = Object.fromEntries(Object.entries(assumptions ?? {}).filter(([, v]) => v !== undefined));
    this.assumptions = { ...this.assumptions, ...given };
  }

  /**
   * @internal Checks a profile when it is recorded (custom profiles come from users, also from
   * JavaScript): a non-empty name no other workload has, and the fields the report reads.
   */
  public _claimName(scope: IConstruct, profile: unknown): void {
    const scopePath = scope.node.path;
    const p = (profile ?? {}) as { [k: string]: unknown };
    const name = p.name;
    const fix = 'give each workload its own non-empty workloadName (the report and its diagram key workloads by name)';
    if (profile === undefined || profile === null || typeof profile !== 'object') {
      throw new PatternValidationError(scope, [{ prop: 'profile', problem: `is ${describeValue(profile)}`, fix: 'record a WorkloadProfile object' }]);
    }
    if (typeof name !== 'string' || name.trim().length === 0) {
      throw new PatternValidationError(scope, [{ prop: 'workloadName', problem: `is ${typeof name === 'string' ? 'an empty string' : describeValue(name)}`, fix }]);
    }
    const holder = this.names.get(name);
    if (holder !== undefined && holder !== scopePath) {
      throw new PatternValidationError(scope, [{
        prop: 'workloadName',
        problem: `'${name}' is already the name of the workload at ${holder}, and ${scopePath} would be a second workload named '${name}'`,
        fix,
      }]);
    }
    const issues: Array<{ prop: string; problem: string; fix: string }> = [];
    if (typeof p.pattern !== 'string' || p.pattern.trim().length === 0) issues.push({ prop: 'pattern', problem: `is ${describeValue(p.pattern)}`, fix: 'name the pattern, e.g. \'StatelessService\'' });
    if (!Array.isArray(p.failureDomains)) issues.push({ prop: 'failureDomains', problem: `is ${describeValue(p.failureDomains)}`, fix: 'list one FailureDomainProfile per failure domain the pattern is modelled against' });
    if (!Array.isArray(p.costDrivers)) issues.push({ prop: 'costDrivers', problem: `is ${describeValue(p.costDrivers)}`, fix: 'list the cost drivers (CostDrivers.*), or [] when there are none' });
    const rto = p.rto as { seconds?: unknown } | undefined;
    if (!rto || typeof rto !== 'object' || typeof rto.seconds !== 'number' || !Number.isFinite(rto.seconds)) {
      issues.push({ prop: 'rto', problem: `is ${describeValue(p.rto)}, not a TimeEstimate`, fix: 'give { seconds, arithmetic }' });
    }
    if (p.dependsOn !== undefined && !(Array.isArray(p.dependsOn) && p.dependsOn.every((d) => typeof d === 'string'))) {
      issues.push({ prop: 'dependsOn', problem: `is ${describeValue(p.dependsOn)}`, fix: 'list construct paths (construct.node.path) of profiled constructs' });
    }
    if (p.costScenarios !== undefined) {
      const scenarios: unknown = p.costScenarios;
      const ok = Array.isArray(scenarios) && scenarios.every((sc: unknown) => typeof sc === 'object' && sc !== null
        && typeof (sc as { name?: unknown }).name === 'string' && ((sc as { name: string }).name.trim().length > 0)
        && Array.isArray((sc as { costDrivers?: unknown }).costDrivers));
      if (!ok) {issues.push({ prop: 'costScenarios', problem: `is ${describeValue(p.costScenarios)}`, fix: 'list { name, costDrivers, compareTo? } objects, each with a non-empty name' });} else {
        const names = (scenarios as Array<{ name: string }>).map((sc) => sc.name);
        const twice = names.filter((n, i) => names.indexOf(n) !== i);
        if (twice.length > 0) issues.push({ prop: 'costScenarios', problem: `names ${[...new Set(twice)].join(', ')} more than once`, fix: 'give each scenario its own name (compareTo refers to it)' });
      }
    }
    if (p.drills !== undefined) {
      const drills: unknown = p.drills;
      const ok = Array.isArray(drills) && drills.every((d: unknown) => typeof d === 'object' && d !== null
        && typeof (d as { name?: unknown }).name === 'string' && typeof (d as { command?: unknown }).command === 'string'
        && typeof (d as { costPerRun?: { quantity?: unknown } }).costPerRun?.quantity === 'number');
      if (!ok) issues.push({ prop: 'drills', problem: `is ${describeValue(p.drills)}`, fix: 'list DrillProfile objects (ServiceDrills.drillProfiles), each with a name, a command and a costPerRun' });
    }
    if (issues.length > 0) throw new PatternValidationError(scope, issues);
    for (const [n, holderPath] of this.names) if (holderPath === scopePath) this.names.delete(n);
    this.names.set(name, scopePath);
  }

  /**
   * Replaces embedded unit prices (keys are `PriceItem` values, values US dollars). Throws a
   * PatternValidationError for a negative, non-finite or unknown entry.
   */
  public overridePrices(overrides: { [item: string]: number }): void {
    const problems = priceOverrideProblems(overrides);
    if (problems.length > 0) {
      throw new PatternValidationError(this, problems.map((p) => ({
        prop: 'priceOverrides',
        problem: p,
        fix: 'give each PriceItem a price of 0 or more US dollars, e.g. { NAT_GATEWAY_HOUR: 0.045 }',
      })));
    }
    this.priceOverrides = { ...this.priceOverrides, ...overrides };
  }

  /** Prices workloads in regions without an embedded table (or without a concrete region) with this region's table. */
  public usePricesFrom(region: string): void {
    if (!PriceTable.hasEmbeddedTable(region)) {
      throw new PatternValidationError(this, [{
        prop: 'pricesFromRegion',
        problem: `'${region}' has no embedded price table`,
        fix: `use one of ${PRICED_REGIONS.join(', ')}`,
      }]);
    }
    this.pricesFromRegion = region;
  }

  /** @internal Adds a section, built at synth (after every construct is created). */
  public _addSection(provider: () => ReportSection): void {
    this.sections.push(provider);
  }

  /** @internal Builds the report without writing it. */
  public _build(): CloudNativeReportData {
    const root = this.node.root;
    const constructs = root.node.findAll();
    const recorded = constructs.map((c) => storedProfile(c)).filter((r): r is RecordedProfile => r !== undefined);
    const byPath = new Map(constructs.map((c) => [c.node.path, c]));
    const warned = new Set<string>();
    const tableFor = (r: RecordedProfile): { table: PriceTable; note?: string } => {
      if (r.region === undefined) {
        const from = this.pricesFromRegion ?? FALLBACK_REGION;
        return { table: PriceTable.forRegion(from, this.priceOverrides), note: `The stack has no concrete region: priced with ${from} prices` };
      }
      if (PriceTable.hasEmbeddedTable(r.region) || !this.missingItems(r.region)) {
        return { table: PriceTable.forRegion(r.region, this.priceOverrides) };
      }
      const from = this.pricesFromRegion ?? FALLBACK_REGION;
      if (!this.pricesFromRegion && !warned.has(r.path)) {
        warned.add(r.path);
        const target = byPath.get(r.path) ?? this;
        Annotations.of(target).addWarningV2(`${WARNING_PREFIX}:NoPriceTable`,
          `${r.region} has no embedded price table, so the cloud-native report prices '${r.profile.name}' with ${FALLBACK_REGION} prices. `
          + `Set CloudNativeReport.of(app).usePricesFrom('<region>') or priceOverrides for ${this.missingItems(r.region)} to price it deliberately.`);
      }
      return { table: PriceTable.forRegion(from, this.priceOverrides), note: `${r.region} has no embedded table: priced with ${from} prices` };
    };
    const profiledPaths = new Set(recorded.map((r) => r.path));
    const inventories = collectMonitoring(constructs, profiledPaths);
    const extraFor = (r: RecordedProfile) => {
      const inv = inventories.get(r.path);
      return inv ? monitoringDrivers(inv, this.assumptions) : { drivers: [], notModelled: [] };
    };
    const workloads = composeProfiles(recorded)
      .map((m) => buildWorkload(m, { tableFor, extraFor }))
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.path, b.path));
    const totalCents = workloads.reduce((s, w) => s + Math.round(w.monthlyCostUsd.total * 100), 0);
    const policies = findPolicies(root).map((p) => checkPolicy(p.construct, p.targets, workloads));
    return {
      generator: 'cdk-cloud-native-patterns',
      hoursPerMonth: HOURS_PER_MONTH,
      definitions: { ...DEFINITIONS },
      totalMonthlyCostUsd: centsToUsd(totalCents),
      workloads,
      policies,
    };
  }

  private missingItems(region: string): string {
    try {
      PriceTable.forRegion(region, this.priceOverrides);
      return '';
    } catch (e) {
      const m = /Set priceOverrides for ([A-Z_, ]+),/.exec((e as Error).message);
      return m ? m[1] : 'every item';
    }
  }

  private synthesizeReport(): string[] {
    const data = this._build();
    const root = this.node.root;
    if (Stage.isStage(root)) {
      const outdir = root.outdir;
      fs.mkdirSync(outdir, { recursive: true });
      const sections = this.sections.map((s) => s());
      const json = { ...data, ...Object.fromEntries(sections.map((s) => [s.key, s.json])) };
      fs.writeFileSync(path.join(outdir, CloudNativeReport.JSON_FILE), `${JSON.stringify(json, undefined, 2)}\n`);
      fs.writeFileSync(path.join(outdir, CloudNativeReport.MARKDOWN_FILE),
        [markdownReport(data.workloads, data.totalMonthlyCostUsd, data.policies), ...sections.map((s) => s.markdown)].join('\n'));
      for (const s of sections) for (const f of s.files) fs.writeFileSync(path.join(outdir, f.name), f.content);
    }
    // A miss is shown once, where `cdk synth` prints it: as an error (or warning) annotation on a
    // construct inside a stack (annotations outside stacks are not in the cloud assembly). Errors
    // fail `cdk synth` and `cdk deploy` with "Synthesis finished with errors" and no stack trace.
    const policies = findPolicies(root);
    const constructs = new Map(root.node.findAll().map((c) => [c.node.path, c]));
    const firstStack = root.node.findAll().find((c) => Stack.isStack(c));
    const unplaced: string[] = [];
    data.policies.forEach((result, i) => {
      if (result.passed) return;
      const policy = policies[i].construct;
      for (const m of result.misses) {
        // The policy itself when it is in a stack; else the workload's construct, or (a workload
        // outside any stack, such as a region pair) the first stack inside it; else the app's first stack.
        const workload = m.workloadPath ? constructs.get(m.workloadPath) : undefined;
        const inside = workload && !inStack(workload) ? workload.node.findAll().find((c) => Stack.isStack(c)) : undefined;
        const target = inStack(policy) ? policy : (workload && inStack(workload) ? workload : inside) ?? firstStack;
        const text = `ResiliencePolicy ${result.path} missed: ${m.prop}: ${m.problem}. Fix: ${m.fix}`;
        if (!target) {
          if (result.enforcement === PolicyEnforcement.WARN) Annotations.of(policy).addWarningV2(`${WARNING_PREFIX}:ResiliencePolicy`, text);
          else unplaced.push(text);
          continue;
        }
        const key = `${result.enforcement}|${target.node.path}|${text}`;
        if (this.emitted.has(key)) continue;
        this.emitted.add(key);
        if (result.enforcement === PolicyEnforcement.WARN) {
          Annotations.of(target).addWarningV2(`${WARNING_PREFIX}:ResiliencePolicy`, text);
        } else {
          Annotations.of(target).addError(text);
        }
      }
    });
    // No stack at all: nothing to annotate or deploy; the miss is the validation message.
    return unplaced;
  }
}

function inStack(c: IConstruct): boolean {
  for (let s: IConstruct | undefined = c; s !== undefined; s = s.node.scope) if (Stack.isStack(s)) return true;
  return false;
}

/**
 * Records and reads the profiles patterns attach to themselves.
 */
export class Profiles {
  /**
   * Records a pattern's profile on the construct, and makes sure the app has a CloudNativeReport
   * that writes it at synth. Recording again on the same construct replaces the profile.
   */
  public static record(scope: IConstruct, profile: WorkloadProfile): void {
    CloudNativeReport.of(scope)._claimName(scope, profile);
    storeProfile(scope, profile);
  }

  /** The profile recorded on a construct, if any. */
  public static of(scope: IConstruct): WorkloadProfile | undefined {
    return storedProfile(scope)?.profile;
  }
}
