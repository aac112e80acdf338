import * as fs from 'fs';
import * as path from 'path';
import { App, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { hyphenify } from './assembly';
import { exceededLimits, LIMITS_PACK } from './limits';
import { INCLUDE_ID, loadTemplate, plainSource, TemplateSource } from './load';
import { Finding, findingsFromPluginReport } from '../core/findings';
import { CloudNativeChecks } from '../nag/packs/cloud-native-checks';
import { CostChecks } from '../nag/packs/cost-checks';

type Pack = IPolicyValidationPlugin & { validateScope(scope: IConstruct): PolicyValidationPluginReport };

/** Options of a check run. */
export interface CheckOptions {
  /** Also run cdk-nag's AwsSolutions pack. */
  readonly awsSolutions?: boolean;
}

/** One finding in one template. */
export interface TemplateFinding {
  readonly file: string;
  readonly pack: string;
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  readonly logicalId: string;
  readonly message: string;
  readonly fix?: string;
}

/** The result of checking a set of templates. */
export interface CheckResult {
  /** Files that were checked. */
  readonly checked: string[];
  /** Files that could not be loaded, with the reason. */
  readonly unloadable: Array<{ readonly file: string; readonly reason: string }>;
  /** Findings, sorted by file, rule and resource. */
  readonly findings: TemplateFinding[];
}

/** The packs a run uses. */
export function packsFor(options: CheckOptions = {}): Pack[] {
  const packs: Pack[] = [new CloudNativeChecks(), new CostChecks()];
  if (options.awsSolutions) packs.push(new AwsSolutionsChecks());
  return packs;
}

/**
 * Loads every template into one App (one stack each, with CfnInclude) and runs the packs on each
 * stack. One App, as `cdk synth` has: rules that judge across stacks (a PRIMARY failover record in
 * one regional stack, its SECONDARY in the other) see every template of the run.
 *
 * Acknowledgements recorded in a cloud assembly are honoured as synthesis honours them: a bare id
 * on the resource or any construct above it (cdk-nag walks up the tree), a `<plugin>::<rule>` id
 * for every finding of that rule in the app. Never throws for a bad template: it is listed in
 * `unloadable`. A rule that throws on a resource is a finding (cdk-nag's "Rule threw an error").
 * A template past a CloudFormation quota gets a `CloudFormationLimits-*` warning.
 */
export function checkTemplates(files: Array<string | TemplateSource>, options: CheckOptions = {}): CheckResult {
  const packs = packsFor(options);
  const { app, loaded, unloadable } = loadTemplates(files);
  const findings: TemplateFinding[] = [];
  for (const { source, include } of loaded) {
    for (const l of exceededLimits(include, sizeOf(source.file), source.fromAssembly)) {
      findings.push({ file: source.file, pack: LIMITS_PACK, ruleId: l.limit.id, severity: 'warning', logicalId: '', message: l.message, fix: l.limit.fix });
    }
  }
  // Each pack validates the whole app once, as at synth (an index a rule builds over the app is
  // built once per run, not once per template); findings go back to their template by stack.
  const byStack = new Map(loaded.map((l) => [l.stack.node.id, l.source]));
  if (loaded.length > 0) {
    for (const f of checkScope(app, packs)) {
      const source = byStack.get(f.constructPath.split('/')[0]);
      if (!source || source.appWideAcknowledgements.has(hyphenify(`${f.pack}::${f.ruleId}`))) continue;
      findings.push(toTemplateFinding(f, source.file));
    }
  }
  return { checked: loaded.map((l) => l.source.file), unloadable, findings: sortFindings(findings) };
}

/** The templates of a run, loaded into one App (stacks `T0`, `T1`, ...), and those that could not be. */
export function loadTemplates(files: Array<string | TemplateSource>): {
  readonly app: App;
  readonly loaded: Array<{ readonly source: TemplateSource; readonly stack: Stack; readonly include: CfnInclude }>;
  readonly unloadable: CheckResult['unloadable'];
} {
  const app = new App();
  const loaded: Array<{ source: TemplateSource; stack: Stack; include: CfnInclude }> = [];
  const unloadable: Array<{ file: string; reason: string }> = [];
  files.forEach((entry, i) => {
    const source = typeof entry === 'string' ? plainSource(entry) : entry;
    const result = loadTemplate(app, source, `T${i}`);
    if (result.stack && result.include) loaded.push({ source, stack: result.stack, include: result.include });
    else unloadable.push({ file: source.file, reason: result.error ?? 'unknown error' });
  });
  return { app, loaded, unloadable };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A finding of a pack, with the fix the pack suggests. */
interface PackFinding extends Finding {
  readonly pack: string;
  readonly fix?: string;
}

/** Runs the packs on a scope (the app of a run, or one stack loaded by `loadTemplate`). */
function checkScope(scope: IConstruct, packs: Pack[]): PackFinding[] {
  const out: PackFinding[] = [];
  for (const pack of packs) {
    const report = pack.validateScope(scope);
    const fixes = new Map(report.violations.map((v) => [`${v.ruleName}|${v.description}`, v.fix]));
    for (const f of findingsFromPluginReport(pack.name, report)) out.push({ ...f, pack: pack.name, fix: fixes.get(`${f.ruleId}|${f.description}`) });
  }
  return out;
}

/** Runs the packs on one stack loaded by `loadTemplate`. */
export function checkStack(stack: Stack, file: string, packs: Pack[]): TemplateFinding[] {
  return checkScope(stack, packs).map((f) => toTemplateFinding(f, file));
}

function toTemplateFinding(f: PackFinding, file: string): TemplateFinding {
  const parts = f.constructPath.split('/');
  const at = parts.indexOf(INCLUDE_ID);
  const logicalId = at >= 0 && parts.length > at + 1 ? parts[at + 1] : parts[parts.length - 1] ?? '';
  return {
    file,
    pack: f.pack,
    ruleId: f.ruleId,
    severity: f.severity === 'warning' ? 'warning' : 'error',
    logicalId,
    message: f.description,
    fix: f.fix,
  };
}

function sortFindings(findings: TemplateFinding[]): TemplateFinding[] {
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.logicalId.localeCompare(b.logicalId));
}

/** A path relative to `base` with forward slashes, for stable reports. */
export function relativePath(file: string, base: string): string {
  return path.relative(base, file).split(path.sep).join('/');
}
