/**
 * The main job: synthesizes every reference architecture in examples/ through the real aws-cdk
 * CLI (`cdk synth`), with cdk-nag AwsSolutions, NIST 800-53 R5, the cfn-guard Control Tower rules
 * and this library's packs running at synth, and writes templates, validation output and reports
 * under out/examples/<example>/. Ends with a summary table; exits non-zero when any example fails.
 *
 *   npx projen examples            # all examples
 *   npx projen examples web-service
 *
 * Examples are synthesized concurrently, as many at once as the machine has cores (at most 3;
 * EXAMPLES_CONCURRENCY=n overrides): each is a separate `cdk synth` whose app runs in its own
 * node process, so on 2 cores two run at once. Each example's output goes to its synth.log.
 * The apps run transpile-only; one tsc run beside them type-checks all of examples/ (and the
 * sources they import), and a type error fails the command (out/examples/typecheck.log).
 *
 * Per example, findings.json lists every finding of the validation report aws-cdk-lib writes
 * (cdk.out/validation-report.json), unacknowledged and acknowledged, by plugin, rule id and
 * resource, with the synth's exit code and error: scripts/latest-cdk.sh compares these files
 * between the aws-cdk-lib floor and the newest release.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const outRoot = path.join(root, 'out', 'examples');
const only = process.argv.slice(2);

/** The report aws-cdk-lib writes into every cloud assembly (cx-api VALIDATION_REPORT_FILE). */
const VALIDATION_REPORT = 'validation-report.json';
/** The legacy report, written only with the `@aws-cdk/core:validationReportJson` context flag. */
const LEGACY_VALIDATION_REPORT = 'policy-validation-report.json';

interface Row {
  readonly example: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly stacks: number;
  readonly resources: number;
  readonly findings: number;
  readonly rto: string;
  readonly rpo: string;
  readonly monthlyUsd: string;
  readonly unacknowledged: Finding[];
}

/** One finding of one plugin's rule on one resource, as findings.json lists it. */
interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  /** `unacknowledged` (in the report's violations) or `acknowledged` (its suppressedViolations). */
  readonly status: 'unacknowledged' | 'acknowledged';
  readonly constructPath: string;
  readonly logicalId: string;
  /** Whether it counts against the example: an unacknowledged error, or any finding of a failed plugin. */
  readonly failing: boolean;
}

interface ValidationReport {
  readonly pluginReports?: Array<{
    readonly pluginName?: string;
    readonly conclusion?: string;
    readonly metadata?: { readonly error?: string };
    readonly violations?: ReportViolation[];
    readonly suppressedViolations?: ReportViolation[];
  }>;
}

interface ReportViolation {
  readonly ruleName: string;
  readonly severity?: string;
  readonly violatingConstructs?: Array<{
    readonly constructPath?: string;
    readonly cloudFormationResource?: { readonly logicalId?: string };
  }>;
}

function examples(): string[] {
  return fs.readdirSync(path.join(root, 'examples'))
    .filter((d) => fs.existsSync(path.join(root, 'examples', d, 'app.ts')))
    .filter((d) => only.length === 0 || only.includes(d))
    .sort();
}

/** A binary of the project's node_modules (the one npm ci installed). */
function bin(name: string): string {
  return path.join(root, 'node_modules', '.bin', name);
}

function readJson<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf-8')) as T;
}

/** Every finding of the validation report, sorted, one per (plugin, rule, status, resource). */
function findingsOf(report: ValidationReport): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const plugin of report.pluginReports ?? []) {
    const pluginName = plugin.pluginName ?? '(unnamed plugin)';
    const failed = plugin.conclusion === 'failure';
    if (failed && (plugin.violations ?? []).length === 0) {
      // A plugin that crashed reports no violation, only its error.
      const f: Finding = { plugin: pluginName, rule: '(plugin failure)', severity: 'fatal', status: 'unacknowledged', constructPath: plugin.metadata?.error ?? '', logicalId: '', failing: true };
      byKey.set(`${pluginName}|failure`, f);
    }
    const lists: Array<[Finding['status'], ReportViolation[]]> = [
      ['unacknowledged', plugin.violations ?? []],
      ['acknowledged', plugin.suppressedViolations ?? []],
    ];
    for (const [status, violations] of lists) {
      for (const v of violations) {
        // The report writes a missing severity as `error` (cfn-guard sets none), and the CLI prints
        // it as ERROR; aws-cdk-lib 2.262 still lets synthesis pass when such a plugin also had an
        // acknowledged finding. Counted by what the report says, not by the exit code.
        const severity = v.severity ?? 'error';
        const failing = status === 'unacknowledged' && (failed || severity === 'error' || severity === 'fatal');
        for (const c of v.violatingConstructs ?? []) {
          const f: Finding = {
            plugin: pluginName,
            rule: v.ruleName,
            severity,
            status,
            constructPath: c.constructPath ?? '',
            logicalId: c.cloudFormationResource?.logicalId ?? '',
            failing,
          };
          byKey.set(`${f.plugin}|${f.rule}|${f.status}|${f.constructPath}|${f.logicalId}`, f);
        }
      }
    }
  }
  return [...byKey.values()].sort((a, b) =>
    `${a.plugin}|${a.rule}|${a.constructPath}|${a.status}`.localeCompare(`${b.plugin}|${b.rule}|${b.constructPath}|${b.status}`));
}

/** The first line of the log that says what went wrong (for findings.json), or ''. */
function errorLine(log: string): string {
  const lines = log.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  for (const pattern of [/error TS\d+/, /«\w+»/, /\b\w*Error\b: /, /Subprocess exited/, /error/i]) {
    const hit = lines.find((l) => pattern.test(l) && !/^ERROR \[|Acknowledge with/.test(l));
    if (hit) return hit;
  }
  return '';
}

/** Runs a command of the project with its stdout and stderr in logFile; resolves with its exit code. */
function runLogged(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const log = fs.createWriteStream(logFile);
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (e) => log.write(`could not start ${command}: ${e.message}\n`));
    child.on('close', (code) => log.end(() => resolve(code ?? 1)));
  });
}

function cdkSynth(example: string, assembly: string, logFile: string): Promise<number> {
  // The project's own binaries (no npx lookup per process). The apps are type-checked once for
  // all examples (typeCheck below), so each app only transpiles.
  return runLogged(bin('cdk'), [
    'synth',
    '--app', `${bin('ts-node')} --prefer-ts-exts --transpile-only examples/${example}/app.ts`,
    '--output', assembly,
    '--no-notices', '--no-version-reporting', '--quiet',
  ], logFile, { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' });
}

async function synth(example: string): Promise<Row> {
  const started = Date.now();
  const dir = path.join(outRoot, example);
  const assembly = path.join(dir, 'cdk.out');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'synth.log');
  const exitCode = await cdkSynth(example, assembly, logFile);

  const manifestPath = path.join(assembly, 'manifest.json');
  type Artifact = { type?: string; properties?: { templateFile?: string } };
  const stackArtifacts = fs.existsSync(manifestPath)
    ? Object.entries(readJson<{ artifacts?: Record<string, Artifact> }>(manifestPath).artifacts ?? {})
      .filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
    : [];
  const stacks = stackArtifacts.map(([name, a]) => ({
    name,
    resources: Object.keys(readJson<{ Resources?: object }>(path.join(assembly, a.properties!.templateFile!)).Resources ?? {}).length,
  }));
  const resources = stacks.reduce((n, s) => n + s.resources, 0);

  const validation = path.join(assembly, VALIDATION_REPORT);
  const all = fs.existsSync(validation) ? findingsOf(readJson<ValidationReport>(validation)) : [];
  for (const f of [VALIDATION_REPORT, LEGACY_VALIDATION_REPORT]) {
    if (fs.existsSync(path.join(assembly, f))) fs.copyFileSync(path.join(assembly, f), path.join(dir, f));
  }
  const unacknowledged = all.filter((f) => f.failing);
  const findings = new Set(unacknowledged.map((f) => `${f.plugin}|${f.rule}|${f.constructPath}`)).size;

  let rto = '-';
  let rpo = '-';
  let monthlyUsd = '-';
  const report = path.join(assembly, 'cloud-native-report.json');
  if (fs.existsSync(report)) {
    type Workload = { rto?: { seconds?: number | null }; rpo?: { seconds?: number | null }; monthlyCostUsd?: { total?: number } };
    const workloads = readJson<{ workloads?: Workload[] }>(report).workloads ?? [];
    // The worst over the workloads; a null (no RTO: nothing survived; RPO: not modelled) is never 0 s.
    const worst = (key: 'rto' | 'rpo', missing: string) => {
      if (workloads.length === 0) return '-';
      if (workloads.some((w) => w[key]?.seconds === null || w[key]?.seconds === undefined)) return missing;
      return `${workloads.reduce((m, w) => Math.max(m, w[key]?.seconds ?? 0), 0)} s`;
    };
    rto = worst('rto', 'none');
    rpo = worst('rpo', 'not modelled');
    monthlyUsd = `$${workloads.reduce((m, w) => m + (w.monthlyCostUsd?.total ?? 0), 0).toFixed(2)}`;
    // The reports, the topology decision (TopologyDecision) and any runbook a pattern wrote beside
    // them (ActivePassiveRegionPair).
    const runbooks = fs.readdirSync(assembly).filter((f) => f.endsWith('-runbook.md'));
    for (const f of ['cloud-native-report.json', 'cloud-native-report.md', 'topology-decision.json', 'topology-decision.md', ...runbooks]) {
      if (fs.existsSync(path.join(assembly, f))) fs.copyFileSync(path.join(assembly, f), path.join(dir, f));
    }
  }

  const log = fs.readFileSync(logFile, 'utf-8');
  fs.writeFileSync(path.join(dir, 'findings.json'), `${JSON.stringify({
    example,
    awsCdkLib: readJson<{ version: string }>(require.resolve('aws-cdk-lib/package.json', { paths: [root] })).version,
    constructs: readJson<{ version: string }>(require.resolve('constructs/package.json', { paths: [root] })).version,
    synthExitCode: exitCode,
    error: exitCode === 0 ? '' : errorLine(log),
    stacks,
    findings: all,
  }, undefined, 2)}\n`);

  return {
    example,
    ok: exitCode === 0 && stacks.length > 0 && findings === 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    stacks: stacks.length,
    resources,
    findings,
    rto,
    rpo,
    monthlyUsd,
    unacknowledged,
  };
}

/**
 * Type-checks every example (and the library sources they import) in one tsc run with the
 * project's tsconfig.json, as ts-node would per example: once instead of once per app.
 */
async function typeCheck(): Promise<{ ok: boolean; seconds: number; log: string }> {
  const started = Date.now();
  const config = path.join(outRoot, 'tsconfig.examples.json');
  fs.writeFileSync(config, `${JSON.stringify({
    extends: path.join(root, 'tsconfig.json'),
    compilerOptions: { noEmit: true, rootDir: root },
    include: [path.join(root, 'examples', '**', '*.ts')],
  }, undefined, 2)}\n`);
  const log = path.join(outRoot, 'typecheck.log');
  const code = await runLogged(bin('tsc'), ['-p', config], log);
  return { ok: code === 0, seconds: Math.round((Date.now() - started) / 100) / 10, log };
}

/** Runs `work` on every item with at most `limit` running at once; results in input order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function main(): Promise<number> {
  const names = examples();
  if (names.length === 0) {
    console.error(`No example matches ${only.join(', ')}`);
    return 2;
  }
  const requested = Number(process.env.EXAMPLES_CONCURRENCY);
  const limit = Number.isInteger(requested) && requested > 0 ? requested : Math.max(1, Math.min(os.cpus().length, 3));
  fs.mkdirSync(outRoot, { recursive: true });
  const started = Date.now();
  type Job = { kind: 'typecheck' } | { kind: 'example'; name: string };
  const jobs: Job[] = [{ kind: 'typecheck' }, ...names.map((name): Job => ({ kind: 'example', name }))];
  console.log(`Synthesizing ${names.length} example(s) with checks and type-checking examples/: ${Math.min(limit, jobs.length)} processes at once (${os.cpus().length} cores)...`);
  let done = 0;
  let checked = { ok: false, seconds: 0, log: '' };
  const results = await pool(jobs, limit, async (job) => {
    if (job.kind === 'typecheck') {
      checked = await typeCheck();
      console.log(`type check of examples/ (tsc): ${checked.ok ? 'ok' : 'FAILED'} in ${checked.seconds} s`);
      if (!checked.ok) console.log(fs.readFileSync(checked.log, 'utf-8').split('\n').slice(0, 40).map((l) => `    ${l}`).join('\n'));
      return undefined;
    }
    const name = job.name;
    const row = await synth(name);
    done++;
    console.log(`[${done}/${names.length}] ${name}: ${row.ok ? 'ok' : 'FAILED'} in ${row.seconds} s (${row.stacks} stacks, ${row.resources} resources, ${row.findings} findings)`);
    for (const f of row.unacknowledged) console.log(`    unacknowledged ${f.severity}: ${f.plugin} ${f.rule} on ${f.constructPath || f.logicalId}`);
    if (!row.ok) console.log(`    see ${path.relative(root, path.join(outRoot, name, 'synth.log'))}`);
    return row;
  });
  const rows = results.filter((r): r is Row => r !== undefined);
  const header = '| example | result | stacks | resources | unacknowledged findings | worst RTO | worst RPO | monthly cost |';
  const lines = [header, '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.example} | ${r.ok ? 'ok' : 'FAILED'} | ${r.stacks} | ${r.resources} | ${r.findings} | ${r.rto} | ${r.rpo} | ${r.monthlyUsd} |`)];
  fs.writeFileSync(path.join(outRoot, 'summary.md'), `# Reference architectures\n\n${lines.join('\n')}\n`);
  console.log(`\n${lines.join('\n')}\n\nOutput: ${path.relative(root, outRoot)}/ (templates in <example>/cdk.out, validation and reports beside it); ${Math.round((Date.now() - started) / 1000)} s in all`);
  if (!checked.ok) console.log(`Type errors in examples/ or src/: see ${path.relative(root, checked.log)}`);
  return checked.ok && rows.every((r) => r.ok) ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(e); process.exitCode = 1; });
