import * as fs from 'fs';
import * as path from 'path';
import { isRecord } from './assembly';
import { CheckResult, TemplateFinding } from './check';
import { TEMPLATE_LIMITS } from './limits';
import { CLOUD_NATIVE_PACK, COST_PACK, packRules, ruleId } from '../nag/catalog';

/** The package version, for reports. */
export function toolVersion(): string {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));
    return isRecord(pkg) && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** A file path as reports show it: relative to `cwd` when inside it, forward slashes. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, path.resolve(file));
  const shown = rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(file) : rel;
  return shown.split(path.sep).join('/');
}

/** Counts of error and warning findings. */
export function summarize(result: CheckResult): { errors: number; warnings: number } {
  return {
    errors: result.findings.filter((f) => f.severity === 'error').length,
    warnings: result.findings.filter((f) => f.severity === 'warning').length,
  };
}

/** The readable table: findings grouped per template, then unloadable templates, then a summary line. */
export function renderTable(result: CheckResult, cwd?: string): string {
  const lines: string[] = [];
  const byFile = new Map<string, TemplateFinding[]>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    lines.push(displayPath(file, cwd));
    const ruleWidth = Math.max(...findings.map((f) => f.ruleId.length));
    const idWidth = Math.max(...findings.map((f) => shownId(f).length));
    for (const f of findings) {
      lines.push(`  ${(f.severity === 'error' ? 'ERROR' : 'WARN').padEnd(5)}  ${f.ruleId.padEnd(ruleWidth)}  ${shownId(f).padEnd(idWidth)}  ${f.message}`);
    }
    lines.push('');
  }
  if (result.unloadable.length > 0) {
    lines.push('Not checked (could not be loaded):');
    for (const u of result.unloadable) lines.push(`  ${displayPath(u.file, cwd)}: ${u.reason}`);
    lines.push('');
  }
  const { errors, warnings } = summarize(result);
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${result.checked.length} template${result.checked.length === 1 ? '' : 's'}`
    + (result.unloadable.length > 0 ? ` (${result.unloadable.length} not loadable)` : '') + '.');
  return lines.join('\n') + '\n';
}

/** A finding about the whole template (a CloudFormation quota) has no logical id. */
function shownId(f: TemplateFinding): string {
  return f.logicalId || '(template)';
}

/** The JSON report. */
export function renderJson(result: CheckResult, cwd?: string): string {
  return JSON.stringify({
    tool: 'cdk-cloud-native-patterns',
    version: toolVersion(),
    summary: { ...summarize(result), checked: result.checked.length, unloadable: result.unloadable.length },
    checked: result.checked.map((f) => displayPath(f, cwd)),
    unloadable: result.unloadable.map((u) => ({ file: displayPath(u.file, cwd), reason: u.reason })),
    findings: result.findings.map((f) => ({
      file: displayPath(f.file, cwd),
      pack: f.pack,
      ruleId: f.ruleId,
      severity: f.severity,
      logicalId: f.logicalId,
      message: f.message,
      ...(f.fix ? { fix: f.fix } : {}),
    })),
  }, null, 2) + '\n';
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help?: { text: string };
  defaultConfiguration: { level: string };
}

/** The SARIF 2.1.0 log, one run, one result per finding, unloadable templates as notifications. */
export function renderSarif(result: CheckResult, cwd?: string): string {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  for (const pack of [CLOUD_NATIVE_PACK, COST_PACK]) {
    for (const r of packRules(pack)) {
      index.set(ruleId(pack, r), rules.length);
      rules.push({
        id: ruleId(pack, r),
        name: r.rule.name,
        shortDescription: { text: r.info },
        fullDescription: { text: r.explanation },
        help: { text: `${r.explanation}\nChecks: ${r.checks}\nSource: ${r.source}` },
        defaultConfiguration: { level: r.level === 'Error' ? 'error' : 'warning' },
      });
    }
  }
  for (const limit of TEMPLATE_LIMITS) {
    index.set(limit.id, rules.length);
    rules.push({
      id: limit.id,
      name: limit.id.replace(/^[^-]+-/, ''),
      shortDescription: { text: `The template is past the CloudFormation quota "${limit.name}" (${limit.max.toLocaleString('en-US')}).` },
      help: { text: `${limit.fix}\nSource: AWS CloudFormation User Guide, "Understand CloudFormation quotas".` },
      defaultConfiguration: { level: 'warning' },
    });
  }
  for (const f of result.findings) {
    if (index.has(f.ruleId)) continue;
    index.set(f.ruleId, rules.length);
    rules.push({ id: f.ruleId, name: f.ruleId.replace(/^[^-]+-/, ''), shortDescription: { text: f.message }, defaultConfiguration: { level: f.severity } });
  }
  const lineCache = new Map<string, string[]>();
  const lineOf = (file: string, logicalId: string): number => {
    if (!lineCache.has(file)) {
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf-8');
      } catch {
        text = '';
      }
      lineCache.set(file, text.split('\n'));
    }
    if (logicalId === '') return 1;
    const escaped = logicalId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`^\\s*(?:"${escaped}"\\s*:|${escaped}\\s*:)`);
    const at = lineCache.get(file)!.findIndex((l) => pattern.test(l));
    return at >= 0 ? at + 1 : 1;
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk-cloud-native-patterns',
          version: toolVersion(),
          informationUri: 'https://github.com/maintainers/main/blob/main/RULES.md',
          rules,
        },
      },
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: result.unloadable.map((u) => ({
          level: 'error',
          message: { text: `Not checked: ${u.reason}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: displayPath(u.file, cwd) } } }],
        })),
      }],
      results: result.findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: f.severity,
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: displayPath(f.file, cwd) },
            region: { startLine: lineOf(f.file, f.logicalId) },
          },
          ...(f.logicalId ? { logicalLocations: [{ name: f.logicalId, kind: 'resource' }] } : {}),
        }],
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
