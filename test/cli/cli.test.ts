import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { parseArgs, UsageError } from '../../src/cli/args';
import { checkTemplates, loadTemplates } from '../../src/cli/check';
import { plainSource, templateFiles } from '../../src/cli/load';
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

/** A temp folder with the given files (name -> content). */
function folder(files: { [name: string]: string | Buffer }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-files-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('empty templates, byte order marks and runs where nothing could be checked', () => {
  const dir = folder({
    'zero.json': '',
    'zero.yaml': '',
    'blank.json': '  \n\n',
    'comments.yaml': '# nothing here yet\n---\n',
    'list.yaml': '- a\n- b\n',
    'scalar.yml': 'just text\n',
    'no-resources.json': '{"Resources": {}}',
    'array.json': '[1, 2]',
    'resources-list.json': '{"Resources": ["a"]}',
  });
  const inputs = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));

  test('each input gets its own reason, never a JavaScript error text', () => {
    const result = checkTemplates(inputs);
    expect(result.checked).toEqual([]);
    expect(Object.fromEntries(result.unloadable.map((u) => [path.basename(u.file), u.reason]))).toEqual({
      'array.json': 'not a CloudFormation template: the top level is not a JSON object',
      'blank.json': 'empty template: the file holds only whitespace',
      'comments.yaml': 'empty template: the YAML holds only comments or document markers',
      'list.yaml': 'not a CloudFormation template: no resources (a template needs a Resources section with at least one resource)',
      'no-resources.json': 'empty template: the Resources section has no resource (CloudFormation needs at least one)',
      'resources-list.json': 'not a CloudFormation template: the Resources section is not an object of resources',
      'scalar.yml': 'not a CloudFormation template: no resources (a template needs a Resources section with at least one resource)',
      'zero.json': 'empty template: the file is 0 bytes',
      'zero.yaml': 'empty template: the file is 0 bytes',
    });
  });

  test('exit status 2 with the reason per file when nothing could be checked', () => {
    const r = runCli(['check', ...inputs]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.out).toMatch(/zero\.json: empty template: the file is 0 bytes\n/);
    expect(r.out).toMatch(/comments\.yaml: empty template: the YAML holds only comments/);
    expect(r.out).toMatch(/0 errors, 0 warnings in 0 templates \(9 not loadable\)\.\n$/);
    expect(r.err).toBe('cdk-cloud-native-patterns: nothing could be checked: none of the 9 templates could be loaded (reasons above)\n');
    expect(r.out + r.err).not.toMatch(/TypeError|Cannot read properties|undefined/);
    // A folder of nothing but such files is the same.
    expect(runCli(['check', dir]).code).toBe(EXIT_USAGE);
  });

  test('one loadable template among them: its findings decide the status', () => {
    const r = runCli(['check', fixture('compliant.json'), ...inputs]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/0 errors, 0 warnings in 1 template \(9 not loadable\)\./);
  });

  test('a UTF-8 byte order mark is accepted, in JSON and in YAML', () => {
    const bom = folder({
      'bom.json': Buffer.concat([BOM, Buffer.from(JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup' } } }))]),
      'bom.yaml': Buffer.concat([BOM, Buffer.from('Resources:\n  Kept:\n    Type: AWS::Logs::LogGroup\n')]),
    });
    const r = runCli(['check', path.join(bom, 'bom.json'), path.join(bom, 'bom.yaml')]);
    expect(r.code).toBe(EXIT_FINDINGS);
    expect(r.out).toMatch(/bom\.json\n {2}ERROR {2}CloudNativeCost-LogGroupRetention {2}Logs /);
    expect(r.out).toMatch(/bom\.yaml\n {2}ERROR {2}CloudNativeCost-LogGroupRetention {2}Kept /);
    expect(r.out).toMatch(/2 errors, 0 warnings in 2 templates\.\n$/);
  });
});

describe('CloudFormation quotas', () => {
  const resources = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Handle${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }]));
  const named = (prefix: string, n: number, value: (i: number) => unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, value(i)]));

  test('past 500 resources, 200 outputs, 200 parameters, 200 mappings: a warning naming each quota', () => {
    const dir = folder({
      'big.json': JSON.stringify({
        Parameters: named('P', 201, () => ({ Type: 'String', Default: 'x' })),
        Mappings: named('M', 201, () => ({ Key: { Value: 'x' } })),
        Resources: resources(501),
        Outputs: named('O', 201, (i) => ({ Value: { Ref: `Handle${i}` } })),
      }),
    });
    const r = runCli(['check', path.join(dir, 'big.json')]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/WARN {3}CloudFormationLimits-Resources +\(template\) {2}The template declares 501 resources; CloudFormation allows at most 500 \(quota "Resources \(per template\)"\)/);
    expect(r.out).toMatch(/CloudFormationLimits-Outputs .*declares 201 outputs; CloudFormation allows at most 200/);
    expect(r.out).toMatch(/CloudFormationLimits-Parameters .*declares 201 parameters; CloudFormation allows at most 200/);
    expect(r.out).toMatch(/CloudFormationLimits-Mappings .*declares 201 mappings; CloudFormation allows at most 200/);
    // 53 KB of JSON: also past the request body size (a plain template).
    expect(r.out).toMatch(/CloudFormationLimits-TemplateBodySize .*a template passed in the request may have at most 51,200 bytes/);
    expect(r.out).toMatch(/0 errors, 5 warnings in 1 template\./);
  });

  test('at the quotas exactly: no warning', () => {
    const dir = folder({ 'edge.json': JSON.stringify({ Parameters: named('P', 200, () => ({ Type: 'String' })), Resources: resources(500) }) });
    expect(fs.statSync(path.join(dir, 'edge.json')).size).toBeLessThanOrEqual(51_200);
    expect(checkTemplates([path.join(dir, 'edge.json')]).findings).toEqual([]);
  });

  test('past 1 MB: the S3 size quota; a cloud assembly template is not told about the request body size', () => {
    const padding = 'x'.repeat(1_000_001);
    const dir = folder({
      'huge.json': JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle', Metadata: { Note: padding } } } }),
      'large.json': JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle', Metadata: { Note: 'x'.repeat(60_000) } } } }),
    });
    const huge = checkTemplates([path.join(dir, 'huge.json')]).findings;
    expect(huge.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      'CloudFormationLimits-TemplateSize: The template is 1,000,100 bytes; CloudFormation accepts at most 1 MB (1,000,000 bytes) even from S3 (quota "Template body size in an Amazon S3 object"), so it cannot be deployed as is.',
    ]);
    expect(checkTemplates([path.join(dir, 'large.json')]).findings.map((f) => f.ruleId)).toEqual(['CloudFormationLimits-TemplateBodySize']);
    expect(checkTemplates([{ ...plainSource(path.join(dir, 'large.json')), fromAssembly: true }]).findings).toEqual([]);
  });

  test('the SARIF log lists the quota rules and places a quota warning at the template', () => {
    const dir = folder({ 'big.json': JSON.stringify({ Resources: resources(501) }) });
    const log = JSON.parse(renderSarif(checkTemplates([path.join(dir, 'big.json')])));
    const ids: string[] = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['CloudFormationLimits-Resources', 'CloudFormationLimits-TemplateSize', 'CloudFormationLimits-TemplateBodySize']));
    expect(log.runs[0].results).toEqual([expect.objectContaining({
      ruleId: 'CloudFormationLimits-Resources',
      level: 'warning',
      locations: [{ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/big\.json$/) }, region: { startLine: 1 } } }],
    })]);
  });
});

describe('one App for every template of a run', () => {
  const record = (role: 'PRIMARY' | 'SECONDARY') => ({
    Resources: {
      Record: {
        Type: 'AWS::Route53::RecordSet',
        Properties: {
          HostedZoneId: 'Z123',
          Name: 'api.example.com',
          Type: 'A',
          SetIdentifier: role.toLowerCase(),
          Failover: role,
          AliasTarget: { DNSName: `${role.toLowerCase()}.elb.amazonaws.com`, HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: true },
        },
      },
    },
  });
  const dir = folder({ 'primary.json': JSON.stringify(record('PRIMARY')), 'secondary.json': JSON.stringify(record('SECONDARY')) });
  const files = [path.join(dir, 'primary.json'), path.join(dir, 'secondary.json')];

  test('the two regional templates are two stacks of the same App, as in cdk synth', () => {
    const { app, loaded } = loadTemplates(files);
    expect(loaded.map((l) => l.stack.node.path)).toEqual(['T0', 'T1']);
    expect(loaded.every((l) => l.stack.node.root === app)).toBe(true);
    expect(app.node.findAll().filter((c) => c instanceof Stack)).toHaveLength(2);
  });

  test('PRIMARY in one template, SECONDARY in the other: the pair is judged across the run', () => {
    expect(runCli(['check', ...files])).toEqual({ code: EXIT_OK, out: '0 errors, 0 warnings in 2 templates.\n', err: '' });
    const alone = runCli(['check', files[0]]);
    expect(alone.code).toBe(EXIT_FINDINGS);
    expect(alone.out).toMatch(/ERROR {2}CloudNative-Route53FailoverPair {2}Record /);
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
    expect(report.findings.map((f: { severity: string; ruleId: string; logicalId: string }) => `${f.severity} ${f.ruleId} ${f.logicalId}`)).toEqual([
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
    expect(run0.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('CloudNative-ECSServiceCircuitBreaker');
    expect(run0.results).toHaveLength(2);
    const secrets = run0.results.find((r: { ruleId: string }) => r.ruleId === 'CloudNative-ECSContainerPlainSecrets');
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
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('AwsSolutions-ECS2');
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
