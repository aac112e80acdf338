import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { compareText, centsToUsd } from './decimal';
import { markdownReport } from './markdown';
import { buildWorkload, mergeNested, ReportWorkload } from './model';
import { PolicyCheckResult, PolicyEnforcement, ResiliencePolicy } from './policy';
import { PriceTable, priceOverrideProblems } from './price-table';
import { HOURS_PER_MONTH, PRICED_REGIONS } from './prices';
import { RecordedProfile, storedProfile, storeProfile, WorkloadProfile } from './profile';
import { PatternValidationError } from '../core/errors';
import { WARNING_PREFIX } from '../core/validation';

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
}

/** The report as written to `cloud-native-report.json`. */
export interface CloudNativeReportData {
  readonly generator: string;
  readonly hoursPerMonth: number;
  readonly totalMonthlyCostUsd: number;
  readonly workloads: ReportWorkload[];
  readonly policies: PolicyCheckResult[];
}

const FALLBACK_REGION = 'us-east-1';

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

  constructor(scope: Construct, id: string, props: CloudNativeReportProps = {}) {
    super(scope, id);
    if (props.priceOverrides) this.overridePrices(props.priceOverrides);
    if (props.pricesFromRegion !== undefined) this.usePricesFrom(props.pricesFromRegion);
    this.node.addValidation({ validate: () => this.synthesizeReport() });
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
    const workloads = mergeNested(recorded)
      .map((m) => buildWorkload(m, tableFor))
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.path, b.path));
    const totalCents = workloads.reduce((s, w) => s + Math.round(w.monthlyCostUsd.total * 100), 0);
    const policies = ResiliencePolicy.findAll(root).map((p) => p._check(workloads));
    return {
      generator: 'cdk-cloud-native-patterns',
      hoursPerMonth: HOURS_PER_MONTH,
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
      fs.writeFileSync(path.join(outdir, CloudNativeReport.JSON_FILE), `${JSON.stringify(data, undefined, 2)}\n`);
      fs.writeFileSync(path.join(outdir, CloudNativeReport.MARKDOWN_FILE), markdownReport(data.workloads, data.totalMonthlyCostUsd, data.policies));
    }
    const policies = ResiliencePolicy.findAll(root);
    const failing: PatternValidationError[] = [];
    data.policies.forEach((result, i) => {
      if (result.passed) return;
      const policy = policies[i];
      if (result.enforcement === PolicyEnforcement.WARN) {
        for (const m of result.misses) {
          Annotations.of(policy).addWarningV2(`${WARNING_PREFIX}:ResiliencePolicy`, `${m.prop}: ${m.problem}. Fix: ${m.fix}`);
        }
      } else {
        failing.push(new PatternValidationError(policy, result.misses));
      }
    });
    if (failing.length === 1) throw failing[0];
    if (failing.length > 1) {
      throw new PatternValidationError(root, failing.flatMap((f) => f.issues.map((i) => ({ ...i, prop: `${f.constructPath} ${i.prop}` }))));
    }
    return [];
  }
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
    storeProfile(scope, profile);
    CloudNativeReport.of(scope);
  }

  /** The profile recorded on a construct, if any. */
  public static of(scope: IConstruct): WorkloadProfile | undefined {
    return storedProfile(scope)?.profile;
  }
}
