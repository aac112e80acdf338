/**
 * The main job: synthesizes every reference architecture in examples/ through the real aws-cdk
 * CLI (`cdk synth`), with cdk-nag AwsSolutions, NIST 800-53 R5, the cfn-guard Control Tower rules
 * and this library's packs running at synth, and writes templates, validation output and reports
 * under out/examples/<example>/. Ends with a summary table; exits non-zero when any example fails.
 *
 *   npx projen examples            # all examples
 *   npx projen examples web-service
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const outRoot = path.join(root, 'out', 'examples');
const only = process.argv.slice(2);

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
}

function examples(): string[] {
  return fs.readdirSync(path.join(root, 'examples'))
    .filter((d) => fs.existsSync(path.join(root, 'examples', d, 'app.ts')))
    .filter((d) => only.length === 0 || only.includes(d))
    .sort();
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

function synth(example: string): Row {
  const started = Date.now();
  const dir = path.join(outRoot, example);
  const assembly = path.join(dir, 'cdk.out');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const result = spawnSync('npx', [
    'cdk', 'synth',
    '--app', `npx ts-node --prefer-ts-exts examples/${example}/app.ts`,
    '--output', assembly,
    '--no-notices', '--no-version-reporting', '--quiet',
  ], {
    cwd: root,
    encoding: 'utf-8',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.writeFileSync(path.join(dir, 'synth.log'), `${result.stdout ?? ''}${result.stderr ?? ''}`);

  const manifestPath = path.join(assembly, 'manifest.json');
  const templates = fs.existsSync(manifestPath)
    ? Object.values(readJson(manifestPath).artifacts ?? {})
      .filter((a: any) => a.type === 'aws:cloudformation:stack')
      .map((a: any) => path.join(assembly, a.properties.templateFile))
    : [];
  const resources = templates.reduce((n, t) => n + Object.keys(readJson(t).Resources ?? {}).length, 0);
  const validation = path.join(assembly, 'policy-validation-report.json');
  let findings = 0;
  if (fs.existsSync(validation)) {
    const seen = new Set<string>();
    for (const report of readJson(validation).pluginReports ?? []) {
      // Plugins that pass (e.g. the CLI's own CloudFormation Validate, whose W-codes are advice)
      // do not count: a finding is what fails synthesis.
      if (report.summary?.status !== 'failure') continue;
      for (const v of report.violations ?? []) {
        for (const r of v.violatingConstructs ?? v.violatingResources ?? []) {
          seen.add(`${report.summary?.pluginName}|${v.ruleName}|${r.constructPath ?? r.resourceLogicalId}`);
        }
      }
    }
    findings = seen.size;
    fs.copyFileSync(validation, path.join(dir, 'policy-validation-report.json'));
  }
  let rto = '-';
  let rpo = '-';
  let monthlyUsd = '-';
  const report = path.join(assembly, 'cloud-native-report.json');
  if (fs.existsSync(report)) {
    const workloads: any[] = readJson(report).workloads ?? [];
    const worst = (key: 'rto' | 'rpo') => workloads.reduce((m, w) => Math.max(m, w[key]?.seconds ?? 0), 0);
    rto = `${worst('rto')} s`;
    rpo = `${worst('rpo')} s`;
    monthlyUsd = `$${workloads.reduce((m, w) => m + (w.monthlyCostUsd?.total ?? 0), 0).toFixed(2)}`;
    for (const f of ['cloud-native-report.json', 'cloud-native-report.md']) {
      if (fs.existsSync(path.join(assembly, f))) fs.copyFileSync(path.join(assembly, f), path.join(dir, f));
    }
  }
  return {
    example,
    ok: result.status === 0 && findings === 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    stacks: templates.length,
    resources,
    findings,
    rto,
    rpo,
    monthlyUsd,
  };
}

function main(): number {
  const names = examples();
  if (names.length === 0) {
    console.error(`No example matches ${only.join(', ')}`);
    return 2;
  }
  fs.mkdirSync(outRoot, { recursive: true });
  const rows: Row[] = [];
  names.forEach((name, i) => {
    process.stdout.write(`[${i + 1}/${names.length}] ${name}: synthesizing with checks... `);
    const row = synth(name);
    rows.push(row);
    console.log(`${row.ok ? 'ok' : 'FAILED'} in ${row.seconds} s (${row.stacks} stacks, ${row.resources} resources, ${row.findings} findings)`);
    if (!row.ok) console.log(`    see ${path.relative(root, path.join(outRoot, name, 'synth.log'))}`);
  });
  const header = '| example | result | stacks | resources | unacknowledged findings | worst RTO | worst RPO | monthly cost |';
  const lines = [header, '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.example} | ${r.ok ? 'ok' : 'FAILED'} | ${r.stacks} | ${r.resources} | ${r.findings} | ${r.rto} | ${r.rpo} | ${r.monthlyUsd} |`)];
  fs.writeFileSync(path.join(outRoot, 'summary.md'), `# Reference architectures\n\n${lines.join('\n')}\n`);
  console.log(`\n${lines.join('\n')}\n\nOutput: ${path.relative(root, outRoot)}/ (templates in <example>/cdk.out, validation and reports beside it)`);
  return rows.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = main();
