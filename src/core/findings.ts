import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Context key that makes synthesis write `policy-validation-report.json` into the cloud assembly. */
export const VALIDATION_REPORT_CONTEXT = '@aws-cdk/core:validationReportJson';

/** One rule finding on one resource. */
export interface Finding {
  /** Plugin (pack) name, e.g. `AwsSolutions`, `CloudNative`, `cdk-validator-cfnguard`. */
  readonly plugin: string;
  /** Rule id as the plugin reports it, e.g. `AwsSolutions-EC23`. */
  readonly ruleId: string;
  /** `error` or `warning`. */
  readonly severity: string;
  /** Construct path of the violating resource (empty when the plugin only knows the template). */
  readonly constructPath: string;
  /** Logical id in the template, when the plugin reports it. */
  readonly logicalId?: string;
  /** What the plugin says is wrong. */
  readonly description: string;
}

interface ReportJson {
  readonly pluginReports?: Array<{
    readonly summary?: { readonly pluginName?: string };
    readonly violations?: Array<{
      readonly ruleName: string;
      readonly description?: string;
      readonly severity?: string;
      readonly violatingResources?: Array<{ readonly constructPath?: string; readonly resourceLogicalId?: string }>;
      readonly violatingConstructs?: Array<{ readonly constructPath?: string; readonly resourceLogicalId?: string }>;
    }>;
  }>;
}

/**
 * Flattens a policy-validation report to one finding per (plugin, rule, resource).
 *
 * Apps with several environments get the same finding reported more than once (aws-cdk #38483),
 * so findings are counted per resource, never per report line.
 */
export function findingsFromReport(report: ReportJson): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const pluginReport of report.pluginReports ?? []) {
    const plugin = pluginReport.summary?.pluginName ?? 'unknown';
    for (const v of pluginReport.violations ?? []) {
      const resources = v.violatingConstructs?.length ? v.violatingConstructs : v.violatingResources ?? [];
      for (const r of resources) {
        const constructPath = r.constructPath && r.constructPath !== 'N/A' ? r.constructPath : '';
        const logicalId = r.resourceLogicalId && r.resourceLogicalId !== 'N/A' ? r.resourceLogicalId : undefined;
        const key = `${plugin}|${v.ruleName}|${constructPath || logicalId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          plugin,
          ruleId: v.ruleName,
          severity: v.severity ?? 'error',
          constructPath,
          logicalId,
          description: v.description ?? '',
        });
      }
    }
  }
  return sortFindings(out);
}

/** Findings of one plugin report, as returned by `NagPack.validateScope`. */
export function findingsFromPluginReport(plugin: string, report: PolicyValidationPluginReport): Finding[] {
  return findingsFromReport({ pluginReports: [{ summary: { pluginName: plugin }, violations: report.violations }] });
}

/** Runs a pack directly on a scope (no synthesis) and returns its findings. */
export function scopeFindings(
  pack: IPolicyValidationPlugin & { validateScope(scope: IConstruct): PolicyValidationPluginReport },
  scope: IConstruct,
): Finding[] {
  return findingsFromPluginReport(pack.name, pack.validateScope(scope));
}

/** The result of synthesizing an app with validation plugins. */
export interface SynthResult {
  /** Findings of every plugin, one per (plugin, rule, resource). */
  readonly findings: Finding[];
  /** True when synthesis failed because a plugin reported a violation. */
  readonly failed: boolean;
  /** The cloud assembly folder. */
  readonly outdir: string;
}

/**
 * Synthesizes an app whose validation plugins were registered with `Validations.of(app).addPlugins`,
 * and reads the findings from the report synthesis writes. The app must have been created with the
 * `VALIDATION_REPORT_CONTEXT` context set to true (see `newValidatedApp`).
 */
export function synthWithFindings(app: App): SynthResult {
  const reportPath = path.join(app.outdir, 'policy-validation-report.json');
  if (fs.existsSync(reportPath)) fs.rmSync(reportPath);
  let failed = false;
  try {
    app.synth({ force: true });
  } catch (e) {
    // A plugin violation fails synthesis after the report is written; anything else is a real error.
    // (Checked through the report, not instanceof: the error may come from another realm, e.g. jest's.)
    if (!fs.existsSync(reportPath)) throw e;
    failed = true;
  }
  const findings = fs.existsSync(reportPath)
    ? findingsFromReport(JSON.parse(fs.readFileSync(reportPath, 'utf-8')) as ReportJson)
    : [];
  if (failed && findings.length === 0) {
    throw new Error(`Synthesis failed but ${reportPath} lists no finding`);
  }
  return { findings, failed, outdir: app.outdir };
}

/** Creates an App that writes the policy-validation report, with the given plugins registered. */
export function newValidatedApp(
  plugins: (app: App) => IPolicyValidationPlugin[],
  props: { outdir?: string; context?: { [key: string]: unknown } } = {},
): App {
  const app = new App({
    outdir: props.outdir,
    context: { ...props.context, [VALIDATION_REPORT_CONTEXT]: true },
  });
  Validations.of(app).addPlugins(...plugins(app));
  return app;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    a.plugin.localeCompare(b.plugin) || a.ruleId.localeCompare(b.ruleId) || a.constructPath.localeCompare(b.constructPath));
}

/** Every CfnResource below a scope, in tree order. */
export function cfnResources(scope: IConstruct): CfnResource[] {
  return scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

/** The stack a construct lives in, or undefined for constructs outside any stack. */
export function stackOf(scope: IConstruct): Stack | undefined {
  try {
    return Stack.of(scope);
  } catch {
    return undefined;
  }
}
