import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { parseArgs, UsageError } from '../../src/cli/args';
import { checkTemplates } from '../../src/cli/check';
import { templateFiles } from '../../src/cli/load';
import { renderSarif } from '../../src/cli/output';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, run } from '../../src/cli/run';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string) => path.join(FIXTURES, name);

function runCli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

function tmp(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-cli-')), name);
}

describe('arguments', () => {
  test('check with paths and options', () => {
    expect(parseArgs(['check', 'a.json', '--aws-solutions', '--json', 'out.json', '--sarif=out.sarif', 'b'])).toEqual({
      command: 'check', paths: ['a.json', 'b'], awsSolutions: true, json: 'out.json', sarif: 'out.sarif',
    });
  });
  test('usage errors', () => {
    expect(() => parseArgs([])).toThrow(UsageError);
    expect(() => parseArgs(['lint', 'a.json'])).toThrow(/unknown command "lint"/);
    expect(() => parseArgs(['check'])).toThrow(/at least one template/);
    expect(() => parseArgs(['check', 'a.json', '--json'])).toThrow(/--json needs a file name/);
    expect(() => parseArgs(['check', 'a.json', '--fast'])).toThrow(/unknown option "--fast"/);
  });
  test('help', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    const r = runCli(['-h']);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/^Usage: cdk-cloud-native-patterns check/);
  });
});

describe('exit status', () => {
  test('0 and a clean summary for a compliant template', () => {
    const r = runCli(['check', fixture('compliant.json')]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toBe('0 errors, 0 warnings in 1 template.\n');
  });
  test('1 when an error finding is present, with a readable table', () => {
    const r = runCli(['check', fixture('errors.json')]);
    expect(r.code).toBe(EXIT_FINDINGS);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/test\/cli\/fixtures\/errors\.json$/);
    expect(lines[1]).toMatch(/^ {2}ERROR {2}CloudNative-ECSContainerPlainSecrets {2}Task {2}A container gets a secret-looking value .* Variables: app: DB_PASSWORD\.$/);
    expect(lines[2]).toMatch(/^ {2}ERROR {2}CloudNativeCost-LogGroupRetention {5}Logs {2}The log group keeps its logs forever/);
    expect(r.out).toMatch(/2 errors, 0 warnings in 1 template\.\n$/);
  });
  test('0 when only warnings are present (YAML template)', () => {
    const r = runCli(['check', fixture('warnings.yaml')]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/WARN {3}CloudNativeCost-VPCPublicIPv4OnLaunch {2}Subnet/);
    expect(r.out).toMatch(/0 errors, 1 warning in 1 template\./);
  });
  test('2 for a missing path or an empty folder', () => {
    expect(runCli(['check', fixture('nope.json')])).toEqual({ code: EXIT_USAGE, out: '', err: expect.stringMatching(/no such file or folder: .*nope\.json/) });
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-empty-'));
    expect(runCli(['check', empty]).code).toBe(EXIT_USAGE);
    expect(runCli(['check', fixture('compliant.json'), '--bogus'])).toEqual({ code: EXIT_USAGE, out: '', err: expect.stringMatching(/unknown option "--bogus"[\s\S]*Usage:/) });
  });
});

describe('unloadable templates', () => {
  test('each is reported with its reason and nothing crashes', () => {
    const r = runCli(['check', fixture('broken.json'), fixture('not-a-template.json'), fixture('unloadable.json'), fixture('compliant.json')]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/Not checked \(could not be loaded\):/);
    expect(r.out).toMatch(/broken\.json: not valid JSON/);
    expect(r.out).toMatch(/not-a-template\.json: not a CloudFormation template: no Resources section/);
    expect(r.out).toMatch(/unloadable\.json: CfnInclude cannot load it: .*Missing/);
    expect(r.out).toMatch(/0 errors, 0 warnings in 1 template \(3 not loadable\)\./);
  });
});

describe('folders', () => {
  test('a cdk.out folder: its *.template.json files are checked', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-cdkout-'));
    const app = new App({ outdir });
    new logs.LogGroup(new Stack(app, 'One'), 'Logs', { retention: logs.RetentionDays.INFINITE });
    new logs.LogGroup(new Stack(app, 'Two'), 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
    app.synth();
    expect(templateFiles([outdir]).files.map((f) => path.basename(f))).toEqual(['One.template.json', 'Two.template.json']);
    const r = runCli(['check', outdir]);
    expect(r.code).toBe(EXIT_FINDINGS);
    expect(r.out).toMatch(/One\.template\.json\n {2}ERROR {2}CloudNativeCost-LogGroupRetention {2}Logs[0-9A-F]{8} /);
    expect(r.out).toMatch(/1 error, 0 warnings in 2 templates\./);
  });
  test('a folder of templates is searched recursively', () => {
    expect(templateFiles([FIXTURES]).files.map((f) => path.basename(f))).toEqual([
      'broken.json', 'compliant.json', 'errors.json', 'not-a-template.json', 'unloadable.json', 'warnings.yaml',
    ]);
  });
});

describe('reports', () => {
  test('--json writes every finding and the unloadable templates', () => {
    const file = tmp('out.json');
    runCli(['check', fixture('errors.json'), fixture('broken.json'), '--json', file]);
    const report = JSON.parse(fs.readFileSync(file, 'utf-8'));
    expect(report.summary).toEqual({ errors: 2, warnings: 0, checked: 1, unloadable: 1 });
    expect(report.findings.map((f: any) => `${f.severity} ${f.ruleId} ${f.logicalId}`)).toEqual([
      'error CloudNative-ECSContainerPlainSecrets Task',
      'error CloudNativeCost-LogGroupRetention Logs',
    ]);
    expect(report.findings[0].fix).toMatch(/Secrets Manager or SSM Parameter Store/);
    expect(report.unloadable).toEqual([{ file: expect.stringMatching(/broken\.json$/), reason: expect.stringMatching(/^not valid JSON/) }]);
  });

  test('--sarif writes a SARIF 2.1.0 log with rules, results at the resource line, and notifications', () => {
    const file = tmp('out.sarif');
    runCli(['check', fixture('errors.json'), fixture('broken.json'), '--sarif', file]);
    const log = JSON.parse(fs.readFileSync(file, 'utf-8'));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('cdk-cloud-native-patterns');
    expect(run0.tool.driver.rules.map((r: any) => r.id)).toContain('CloudNative-ECSServiceCircuitBreaker');
    expect(run0.results).toHaveLength(2);
    const secrets = run0.results.find((r: any) => r.ruleId === 'CloudNative-ECSContainerPlainSecrets');
    expect(run0.tool.driver.rules[secrets.ruleIndex].id).toBe('CloudNative-ECSContainerPlainSecrets');
    expect(secrets.level).toBe('error');
    expect(secrets.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^test\/cli\/fixtures\/errors\.json$/);
    expect(secrets.locations[0].physicalLocation.region.startLine).toBe(11);
    expect(secrets.locations[0].logicalLocations[0]).toEqual({ name: 'Task', kind: 'resource' });
    expect(run0.invocations[0].toolExecutionNotifications).toEqual([expect.objectContaining({ level: 'error', message: { text: expect.stringMatching(/^Not checked: not valid JSON/) } })]);
  });

  test('--aws-solutions adds AwsSolutions findings, with rules in the SARIF log', () => {
    const result = checkTemplates([fixture('errors.json')], { awsSolutions: true });
    expect(result.findings.some((f) => f.pack === 'AwsSolutions' && f.ruleId === 'AwsSolutions-ECS2')).toBe(true);
    const log = JSON.parse(renderSarif(result));
    expect(log.runs[0].tool.driver.rules.map((r: any) => r.id)).toContain('AwsSolutions-ECS2');
  });
});

describe('the executable', () => {
  test('main.ts has a node shebang and exits with the status of run()', () => {
    const main = path.join(__dirname, '../../src/cli/main.ts');
    expect(fs.readFileSync(main, 'utf-8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const r = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', main, 'check', fixture('errors.json')], {
      cwd: path.join(__dirname, '../..'),
      encoding: 'utf-8',
    });
    expect(r.status).toBe(EXIT_FINDINGS);
    expect(r.stdout).toMatch(/2 errors, 0 warnings in 1 template\./);
  });
});
