import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { parseArgs, UsageError } from '../../src/cli/args';
import { EXIT_OK, EXIT_USAGE, run } from '../../src/cli/run';
import { PatternValidationError } from '../../src/core/errors';
import { Topology, TopologyDecision } from '../../src/decision';
import { FailureDomain, Profiles, ResiliencePolicy } from '../../src/report';

const FIXTURE = path.join(__dirname, 'fixtures', 'web.json');
const INPUT = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

function outdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-decision-'));
}

function record(scope: Construct, id: string, pattern: string): Construct {
  const c = new Construct(scope, id);
  Profiles.record(c, {
    name: id,
    pattern,
    failureDomains: [{ domain: FailureDomain.ZONE, survives: true, how: 'spread' }],
    rto: { seconds: 20, arithmetic: '20 s' },
    costDrivers: [],
  });
  return c;
}

describe('TopologyDecision in an app', () => {
  test('the report writes topology-decision.json and .md and a section of its own', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'S', { env: { region: 'us-east-1' } });
    const web = record(stack, 'web', 'StatelessService');
    new ResiliencePolicy(app, 'Policy', { rto: Duration.minutes(15) });
    const d = new TopologyDecision(stack, 'Decision', { ...INPUT, policy: undefined, workload: web });
    // The policy over the workload supplies the targets; its pattern marks the current topology.
    expect(d.result.policy).toBe('RTO <= 900 s, surviving instance, zone, bad-deployment without a person acting');
    expect(d.result.candidates.find((c) => c.current)!.topology).toBe(Topology.SINGLE_REGION_MULTI_AZ);
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(dir, TopologyDecision.JSON_FILE), 'utf8'));
    expect(json).toHaveLength(1);
    expect(json[0].recommendation.topology).toBe('PILOT_LIGHT');
    expect(json[0].recommendation.nextUpBreakEvenRevenuePerHourUsd).toBe(2350.49);
    const md = fs.readFileSync(path.join(dir, TopologyDecision.MARKDOWN_FILE), 'utf8');
    expect(md).toMatch(/^# Topology decision: web\n/);
    expect(md).toContain('| single region, multi-AZ (current) | yes |');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'cloud-native-report.json'), 'utf8'));
    expect(report.topologyDecisions[0].workloadName).toBe('web');
    expect(report.workloads.map((w: { name: string }) => w.name)).toEqual(['web']);
    const reportMd = fs.readFileSync(path.join(dir, 'cloud-native-report.md'), 'utf8');
    expect(reportMd).toMatch(/^# Cloud-native report/);
    expect(reportMd).toContain('\n## Topology decision: web\n');
    expect(reportMd).toContain('\n### Sensitivity\n');
  });
  test('two decisions share the files; a given ResiliencePolicy sets the targets', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    const stack = new Stack(app, 'S');
    const policy = new ResiliencePolicy(stack, 'P', { rto: Duration.minutes(15), mustSurvive: [FailureDomain.REGION] });
    const a = new TopologyDecision(stack, 'A', { ...INPUT, policy: undefined, resiliencePolicy: policy });
    expect(a.result.candidates.find((c) => c.topology === Topology.SINGLE_REGION_MULTI_AZ)!.meetsPolicy).toBe(false);
    new TopologyDecision(stack, 'B', { ...INPUT, workloadName: 'api', currentTopology: Topology.HOT_STANDBY });
    expect(TopologyDecision.policyTargets(policy)).toEqual({ rtoSeconds: 900, rpoSeconds: undefined, mustSurvive: [FailureDomain.REGION] });
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(dir, TopologyDecision.JSON_FILE), 'utf8'));
    expect(json.map((x: { workloadName: string }) => x.workloadName)).toEqual(['web', 'api']);
  });
  test('a region pair\'s standby mode marks the current topology', () => {
    const app = new App();
    const pair = record(app, 'pair', 'ActivePassiveRegionPair');
    Object.defineProperty(pair, 'standbyMode', { value: { kind: 'WARM' } });
    const d = new TopologyDecision(new Stack(app, 'S'), 'D', { ...INPUT, workload: pair });
    expect(d.result.candidates.find((c) => c.current)!.topology).toBe(Topology.WARM_STANDBY);
  });
  test('the workload\'s profile replaces the default zones and in-region recovery times the input leaves unset', () => {
    const app = new App();
    const c = new Construct(app, 'svc');
    Profiles.record(c, {
      name: 'svc',
      pattern: 'StatelessService',
      zones: 2,
      rto: { seconds: 380, arithmetic: '380 s' },
      costDrivers: [],
      failureDomains: [
        { domain: FailureDomain.INSTANCE, survives: true, how: 'replaced', recovery: { seconds: 40, arithmetic: '40 s' } },
        { domain: FailureDomain.BAD_DEPLOYMENT, survives: true, how: 'rolled back', recovery: { seconds: 380, arithmetic: '380 s' } },
      ],
    });
    const d = new TopologyDecision(new Stack(app, 'S'), 'D', { ...INPUT, compute: { tasks: 6 }, workload: c, failures: { ...INPUT.failures, task: { recoverySeconds: 25 } } });
    const single = d.result.candidates.find((x) => x.topology === Topology.SINGLE_REGION_MULTI_AZ)!;
    const rto = Object.fromEntries(single.domains.map((x) => [x.domain, x.rtoSeconds]));
    expect(rto).toEqual({ 'instance': 25, 'zone': 20, 'bad-deployment': 380, 'region': undefined });
    expect(single.domains.find((x) => x.domain === FailureDomain.ZONE)!.affectedShare).toBe(0.5);
  });
  test('bad input is a PatternValidationError with the construct path and every field', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new TopologyDecision(stack, 'D', { ...INPUT, revenuePerHourUsd: -5, compute: { tasks: 0 } }))
      .toThrow(PatternValidationError);
    expect(() => new TopologyDecision(stack, 'E', { ...INPUT, revenuePerHourUsd: -5, compute: { tasks: 0 } }))
      .toThrow(/^\[S\/E\] 2 problems with the props:\n {2}- revenuePerHourUsd: is -5; it must be 0 or more\. Fix: .*\n {2}- compute\.tasks: is 0; it must be more than 0/);
    expect(() => new TopologyDecision(stack, 'F', undefined as never)).toThrow(/\[S\/F\] props: is undefined/);
  });
  test('it creates no CloudFormation resource', () => {
    const stack = new Stack(new App(), 'S');
    new TopologyDecision(stack, 'D', INPUT);
    expect(Template.fromStack(stack).toJSON().Resources ?? {}).toEqual({});
  });
  test('TopologyDecision.decide and toMarkdown work without an app', () => {
    const r = TopologyDecision.decide(INPUT);
    expect(r.recommendation.topology).toBe(Topology.PILOT_LIGHT);
    expect(TopologyDecision.toMarkdown(r)).toContain('**Recommendation: pilot light.**');
  });
});

describe('cdk-cloud-native-patterns decide', () => {
  const cli = (argv: string[]) => {
    let out = '';
    let err = '';
    const code = run(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
    return { code, out, err };
  };
  test('arguments', () => {
    expect(parseArgs(['decide', 'in.json', '--json', 'o.json', '--markdown=o.md'])).toEqual({ command: 'decide', input: 'in.json', json: 'o.json', markdown: 'o.md' });
    expect(() => parseArgs(['decide'])).toThrow(UsageError);
    expect(() => parseArgs(['decide', 'a.json', 'b.json'])).toThrow(/decide takes one input file, got 2/);
    expect(() => parseArgs(['decide', 'a.json', '--sarif', 'x'])).toThrow(/unknown option "--sarif"/);
    expect(() => parseArgs(['decide', 'a.json', '--json'])).toThrow(/--json needs a file name/);
  });
  test('prints the Markdown and writes the JSON and Markdown files', () => {
    const dir = outdir();
    const r = cli(['decide', FIXTURE, '--json', path.join(dir, 'd.json'), '--markdown', path.join(dir, 'd.md')]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^# Topology decision: web\n/);
    expect(r.out).toContain('- Next topology up: active-active pays for itself above $2350.49/h');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'd.json'), 'utf8')).recommendation.topology).toBe('PILOT_LIGHT');
    expect(fs.readFileSync(path.join(dir, 'd.md'), 'utf8')).toBe(r.out);
  });
  test('exit 2 with the reason for a missing file, bad JSON and bad input', () => {
    const dir = outdir();
    expect(cli(['decide', path.join(dir, 'nope.json')])).toEqual({ code: EXIT_USAGE, out: '', err: expect.stringMatching(/cannot read .*nope\.json/) });
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ nope');
    expect(cli(['decide', path.join(dir, 'bad.json')])).toEqual({ code: EXIT_USAGE, out: '', err: expect.stringMatching(/bad\.json is not JSON/) });
    fs.writeFileSync(path.join(dir, 'wrong.json'), JSON.stringify({ ...INPUT, region: 'atlantis', failures: { task: { perYear: -1 } } }));
    const wrong = cli(['decide', path.join(dir, 'wrong.json')]);
    expect(wrong.code).toBe(EXIT_USAGE);
    expect(wrong.err).toMatch(/wrong\.json: Topology decision input has 2 problems:\n {2}- region: 'atlantis' is not a known region code\. .*\n {2}- failures\.task\.perYear: is -1; it must be 0 or more/);
  });
  test('the usage text names the subcommand', () => {
    expect(cli(['--help']).out).toContain('cdk-cloud-native-patterns decide <input.json> [--json FILE] [--markdown FILE]');
  });
});
