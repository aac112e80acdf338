import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ServiceCapacity, StatelessService } from '../../src';
import { readAssembly } from '../../src/cli/assembly';
import { checkTemplates } from '../../src/cli/check';
import { templateFiles } from '../../src/cli/load';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, run } from '../../src/cli/run';
import { CloudNativeChecks } from '../../src/nag/packs/cloud-native-checks';
import { CostChecks } from '../../src/nag/packs/cost-checks';
import { checkedApp, synthFindings } from '../helpers/nag';

function runCli(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

const base = (files: string[]) => files.map((f) => path.basename(f));

/**
 * The app the cloud-assembly tests synthesize: a stack in a stage (a nested cloud assembly), a log
 * group kept forever (CloudNativeCost-LogGroupRetention, an error) inside an `Audit` construct, a
 * nested stack with a bucket without access logs (AwsSolutions-S1), and a second log group kept
 * forever directly in the stack. `acknowledge` adds the acknowledgements a team would make in code.
 */
function synthesizedApp(acknowledge: { audit?: boolean; nested?: boolean; qualified?: boolean; stack?: boolean } = {}) {
  const app = checkedApp(['AwsSolutions'], () => [new CloudNativeChecks(), new CostChecks()]);
  const stage = new Stage(app, 'Prod');
  const stack = new Stack(stage, 'Data', { env: { account: '123456789012', region: 'eu-west-1' } });
  const audit = new Construct(stack, 'Audit');
  new logs.LogGroup(audit, 'Logs', { retention: logs.RetentionDays.INFINITE });
  const other = new logs.LogGroup(stack, 'Other', { retention: logs.RetentionDays.INFINITE });
  const inner = new NestedStack(stack, 'Inner');
  new s3.Bucket(inner, 'Bucket', { enforceSSL: true });
  if (acknowledge.audit) Validations.of(audit).acknowledge({ id: 'CloudNativeCost-LogGroupRetention', reason: 'audit logs are kept for the regulator' });
  if (acknowledge.nested) Validations.of(inner).acknowledge({ id: 'AwsSolutions-S1', reason: 'access logs go to the organisation trail' });
  if (acknowledge.qualified) Validations.of(other).acknowledge({ id: 'CloudNativeCost::CloudNativeCost-LogGroupRetention', reason: 'qualified: synthesis applies it app-wide' });
  if (acknowledge.stack) Validations.of(stack).acknowledge({ id: 'CloudNativeCost-LogGroupRetention', reason: 'every log group of this stack is kept' });
  const result = synthFindings(app);
  return { app, result, outdir: app.outdir };
}

describe('a cdk.out folder is read through its manifest', () => {
  const { outdir } = synthesizedApp();
  const stageDir = path.join(outdir, 'assembly-Prod');
  // A template left from an earlier synth, in the folder but not in the manifest.
  fs.writeFileSync(path.join(stageDir, 'Removed.template.json'), JSON.stringify({
    Resources: { Old: { Type: 'AWS::Logs::LogGroup', Properties: {} } },
  }));
  fs.writeFileSync(path.join(outdir, 'Stale.template.json'), JSON.stringify({
    Resources: { Old: { Type: 'AWS::Logs::LogGroup', Properties: {} } },
  }));

  test('the stage\'s stack and its nested stack are found; stale templates are not', () => {
    expect(base(templateFiles([outdir]).files)).toEqual(['ProdData90A795AA.template.json', 'ProdDataInnerED59ABB6.nested.template.json']);
    expect(base(templateFiles([stageDir]).files)).toEqual(['ProdData90A795AA.template.json', 'ProdDataInnerED59ABB6.nested.template.json']);
  });

  test('a folder holding a cdk.out is searched for the assembly, not for loose *.template.json', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-project-'));
    fs.cpSync(outdir, path.join(project, 'cdk.out'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"app"}');
    expect(base(templateFiles([project]).files)).toEqual(['ProdData90A795AA.template.json', 'ProdDataInnerED59ABB6.nested.template.json']);
  });

  test('the stale template is not checked: the unacknowledged findings are exactly the app\'s', () => {
    const r = runCli(['check', outdir, '--aws-solutions', '--json', path.join(outdir, 'cli.json')]);
    expect(r.code).toBe(EXIT_FINDINGS);
    expect(r.out).not.toMatch(/Stale|Removed/);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'cli.json'), 'utf-8'));
    expect(report.findings.map((f: { file: string; ruleId: string; logicalId: string }) => `${path.basename(f.file)} ${f.ruleId} ${f.logicalId}`)).toEqual([
      expect.stringMatching(/^ProdData90A795AA\.template\.json CloudNativeCost-LogGroupRetention AuditLogs[0-9A-F]{8}$/),
      expect.stringMatching(/^ProdData90A795AA\.template\.json CloudNativeCost-LogGroupRetention Other[0-9A-F]{8}$/),
      expect.stringMatching(/^ProdDataInnerED59ABB6\.nested\.template\.json AwsSolutions-S1 Bucket[0-9A-F]{8}$/),
    ]);
    expect(r.out).toMatch(/3 errors, 0 warnings in 2 templates\./);
  });

  test('a template named directly that belongs to the assembly gets its context (environment)', () => {
    const file = path.join(stageDir, 'ProdData90A795AA.template.json');
    expect(templateFiles([file]).sources[0]).toEqual(expect.objectContaining({ file, fromAssembly: true, env: { account: '123456789012', region: 'eu-west-1' } }));
    // Named twice (the folder and the file in it): checked once.
    expect(templateFiles([stageDir, file]).files).toHaveLength(2);
  });

  test('an unreadable manifest: nothing of the folder is checked, and the run says so', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-badmanifest-'));
    fs.cpSync(stageDir, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'manifest.json'), '{ "version": ');
    const r = runCli(['check', broken]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.out).toMatch(/manifest\.json: not a readable cloud assembly manifest: no template of this folder was checked/);
    expect(r.out).not.toMatch(/template\.json\n/);
  });

  test('a template the manifest names but that is missing is reported, not skipped silently', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-broken-'));
    fs.cpSync(stageDir, broken, { recursive: true });
    fs.rmSync(path.join(broken, 'ProdData90A795AA.template.json'));
    const r = runCli(['check', broken]);
    expect(r.out).toMatch(/ProdData90A795AA\.template\.json: listed in manifest\.json but missing: synthesize the app again/);
    expect(r.err).toMatch(/nothing could be checked/);
  });
});

describe('acknowledgements made in code are honoured as synthesis honours them', () => {
  test('without acknowledgements: synthesis fails and the CLI reports the same findings', () => {
    const { result, outdir } = synthesizedApp();
    expect(result.failed).toBe(true);
    expect(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([
      'AwsSolutions-S1 Prod/Data/Inner/Bucket/Resource',
      'CloudNativeCost-LogGroupRetention Prod/Data/Audit/Logs/Resource',
      'CloudNativeCost-LogGroupRetention Prod/Data/Other/Resource',
    ]);
    const cli = checkTemplates(templateFiles([outdir]).sources, { awsSolutions: true });
    expect(cli.findings.map((f) => f.ruleId).sort()).toEqual(['AwsSolutions-S1', 'CloudNativeCost-LogGroupRetention', 'CloudNativeCost-LogGroupRetention']);
  });

  test('an acknowledgement on a construct covers its subtree only; on a nested stack, the nested stack\'s resources', () => {
    const { outdir } = synthesizedApp({ audit: true, nested: true });
    const r = runCli(['check', outdir, '--aws-solutions']);
    expect(r.code).toBe(EXIT_FINDINGS);
    expect(r.out).toMatch(/ERROR {2}CloudNativeCost-LogGroupRetention {2}Other[0-9A-F]{8} /);
    expect(r.out).not.toMatch(/AuditLogs|AwsSolutions-S1/);
    expect(r.out).toMatch(/1 error, 0 warnings in 2 templates\./);
  });

  test('an app whose synth passes with the packs passes the CLI (bare ids, stack scope, --aws-solutions)', () => {
    const { result, outdir } = synthesizedApp({ nested: true, stack: true });
    expect(result.failed).toBe(false);
    expect(result.findings).toEqual([]);
    const r = runCli(['check', outdir, '--aws-solutions']);
    expect(r).toEqual({ code: EXIT_OK, out: '0 errors, 0 warnings in 2 templates.\n', err: '' });
  });

  test('a qualified id (<plugin>::<rule>) applies app-wide, as synthesis applies it', () => {
    const { result, outdir } = synthesizedApp({ nested: true, qualified: true });
    expect(result.failed).toBe(false);
    expect(runCli(['check', outdir, '--aws-solutions'])).toEqual({ code: EXIT_OK, out: '0 errors, 0 warnings in 2 templates.\n', err: '' });
  });

  test('the recorded metadata: Annotation:: for a bare id, the qualified id as written, reasons kept', () => {
    const { outdir } = synthesizedApp({ audit: true, qualified: true });
    const [main] = readAssembly(path.join(outdir, 'assembly-Prod')).templates;
    expect(Object.fromEntries([...main.acknowledgements].map(([id, acks]) => [id.replace(/[0-9A-F]{8}$/, ''), acks]))).toEqual({
      AuditLogs: { 'Annotation::CloudNativeCost-LogGroupRetention': 'audit logs are kept for the regulator' },
      Other: { 'CloudNativeCost::CloudNativeCost-LogGroupRetention': 'qualified: synthesis applies it app-wide' },
    });
    expect([...main.appWideAcknowledgements]).toEqual(['CloudNativeCost::CloudNativeCost-LogGroupRetention']);
  });

  test('without path metadata in the template, logical ids come from the assembly metadata', () => {
    // `new App()` (no CDK CLI context) writes no aws:cdk:path into templates.
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-nopath-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Plain');
    const audit = new Construct(stack, 'Audit');
    new logs.LogGroup(audit, 'Logs', { retention: logs.RetentionDays.INFINITE });
    Validations.of(audit).acknowledge({ id: 'CloudNativeCost-LogGroupRetention', reason: 'kept' });
    app.synth();
    expect(fs.readFileSync(path.join(outdir, 'Plain.template.json'), 'utf-8')).not.toMatch(/aws:cdk:path/);
    expect(runCli(['check', outdir])).toEqual({ code: EXIT_OK, out: '0 errors, 0 warnings in 1 template.\n', err: '' });
  });
});

describe('an assembly synthesized as the CDK CLI does (path and asset metadata on)', () => {
  test('nested templates are found through aws:asset:path, resources through aws:cdk:path', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-clictx-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'Cli');
    const inner = new NestedStack(stack, 'Inner');
    const audit = new Construct(inner, 'Audit');
    new logs.LogGroup(audit, 'Logs', { retention: logs.RetentionDays.INFINITE });
    new logs.LogGroup(inner, 'Other', { retention: logs.RetentionDays.INFINITE });
    Validations.of(audit).acknowledge({ id: 'CloudNativeCost-LogGroupRetention', reason: 'kept' });
    app.synth();
    const parent = fs.readFileSync(path.join(outdir, 'Cli.template.json'), 'utf-8');
    expect(parent).toMatch(/"aws:asset:path": "CliInner[0-9A-F]{8}\.nested\.template\.json"/);
    // Without the asset manifest the nested template is still found, through the resource's metadata.
    fs.rmSync(path.join(outdir, 'Cli.assets.json'));
    expect(base(templateFiles([outdir]).files)).toEqual(['Cli.template.json', expect.stringMatching(/^CliInner[0-9A-F]{8}\.nested\.template\.json$/)]);
    const r = runCli(['check', outdir]);
    expect(r.code).toBe(EXIT_FINDINGS);
    expect(r.out).toMatch(/ERROR {2}CloudNativeCost-LogGroupRetention {2}Other[0-9A-F]{8} /);
    expect(r.out).toMatch(/1 error, 0 warnings in 2 templates\./);
  });
});

describe('the command line on a passing cdk.out reports 0 errors', () => {
  test('StatelessService with default props: synthesis passes AwsSolutions and our packs, so does the CLI', () => {
    const app = checkedApp(['AwsSolutions'], () => [new CloudNativeChecks(), new CostChecks()]);
    const stack = new Stack(app, 'Web', { env: { account: '123456789012', region: 'us-east-1' } });
    new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx') });
    const result = synthFindings(app);
    expect(result.findings).toEqual([]);
    expect(runCli(['check', app.outdir, '--aws-solutions'])).toEqual({ code: EXIT_OK, out: '0 errors, 0 warnings in 1 template.\n', err: '' });
    // The library's own acknowledgements (recorded in the assembly) are what make it pass: the same
    // template checked as a plain file reports them.
    const plain = checkTemplates(templateFiles([app.outdir]).files, { awsSolutions: true });
    expect(plain.findings.map((f) => f.ruleId)).toEqual(['AwsSolutions-EC23', 'AwsSolutions-S1']);
  });

  test('StatelessService on Fargate Spot above an on-demand base (with its fallback twin and handler): 0 errors', () => {
    const app = checkedApp(['AwsSolutions'], () => [new CloudNativeChecks(), new CostChecks()]);
    const stack = new Stack(app, 'Spot', { env: { account: '123456789012', region: 'us-east-1' } });
    new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx'), capacity: ServiceCapacity.spotAboveOnDemandBase(), desiredCount: 9 });
    expect(synthFindings(app).findings).toEqual([]);
    expect(runCli(['check', app.outdir, '--aws-solutions'])).toEqual({ code: EXIT_OK, out: '0 errors, 0 warnings in 1 template.\n', err: '' });
  });

  // The examples' cloud assemblies, when `npx projen examples` has written them (CI runs it first).
  const EXAMPLES = path.join(__dirname, '../../out/examples');
  const assemblies = fs.existsSync(EXAMPLES)
    ? fs.readdirSync(EXAMPLES).map((e) => path.join(EXAMPLES, e, 'cdk.out')).filter((d) => fs.existsSync(path.join(d, 'manifest.json')))
    : [];
  if (assemblies.length === 0) console.warn(`examples test skipped: no cloud assembly in ${EXAMPLES} (run \`npx projen examples\` first)`);
  (assemblies.length > 0 ? test.each(assemblies) : test.skip.each(['none']))('example %s: 0 errors with --aws-solutions', (dir) => {
    const r = runCli(['check', dir, '--aws-solutions']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^0 errors, \d+ warnings? in \d+ templates?\.\n$/m);
    expect(r.code).toBe(EXIT_OK);
  });
});
