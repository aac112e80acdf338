/**
 * How the packs' time grows with the size of a stack, beside AwsSolutions.
 *
 * Each real template below (from shared/cfn-corpus) is replicated k times into ONE template (logical
 * ids suffixed, every Ref / Fn::GetAtt / Fn::Sub / DependsOn / Condition-free reference rewritten to
 * the copy, parameters and conditions shared), so the stack has 36, 360 and 1,440 resources. It is
 * loaded with CfnInclude into one stack, and each pack is timed two ways:
 * - `validateScope(stack)`: the direct call (tests, the command line), which resolves the resources;
 * - the plugin path, `validate(context)` right after `app.synth()` with the context aws-cdk-lib
 *   gives plugins (the templates just written, the app construct): what `cdk synth` runs.
 * Each pack is timed on its first call (setup included, what one synth pays) and as the median of
 * the next WARMUP calls (the JIT still compiling the hot code: a pack whose first call is short is
 * still warming up there, one whose first call is long has warmed up in it), in a fresh Node
 * process per (template, size, pack, way), so no pack inherits another's warm caches and GC debt.
 * The steady state is measured beside AwsSolutions in one process per (template, size, way): each
 * pack warmed up the same way, then RUNS rounds that call each pack once (the order rotating), so
 * the three are timed under the same conditions of a machine shared with other jobs.
 *
 * Run: npx ts-node --transpile-only bench/packs-scaling.ts   (writes bench/packs-scaling-results.md)
 * BENCH_RUNS overrides the number of steady-state calls (default 15), BENCH_WARMUP the warm-up calls
 * (default 5). For a quick look at one case:
 *   npx ts-node --transpile-only bench/packs-scaling.ts --one <template> <size> <AwsSolutions|CloudNative|CloudNativeCost> <scope|plugin>
 *   npx ts-node --transpile-only bench/packs-scaling.ts --steady <template> <size> <scope|plugin>
 * print that one measurement (JSON: first and warm-up of one pack; steady state of the three) and write nothing.
 */
import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { loadTemplate } from '../src/cli/load';
import { CloudNativeChecks, CostChecks } from '../src/nag';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** Calls after the first that warm the JIT before the steady state is measured (their median is reported too). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const CORPUS = path.join(__dirname, '../../shared/cfn-corpus');
const OUT = path.join(__dirname, 'packs-scaling-results.md');
const SIZES = [36, 360, 1440];

/** Templates whose resource count divides 36, so every size is exact. */
const TEMPLATES: { readonly file: string; readonly what: string }[] = [
  { file: 'ECS/EC2LaunchType/services/public-service.json', what: 'ECS service behind an ALB listener rule (task definition, service, target group, listener rule)' },
  { file: 'AutoScaling/AutoScalingMultiAZWithNotifications.json', what: 'Auto Scaling group behind an ALB with scaling alarms' },
  { file: 'EKS/template.json', what: 'VPC with 3 NAT gateways and 6 subnets, EKS cluster and node group' },
];

type PackName = 'AwsSolutions' | 'CloudNative' | 'CloudNativeCost';
const PACKS: PackName[] = ['AwsSolutions', 'CloudNative', 'CloudNativeCost'];

interface Pack {
  validateScope(scope: IConstruct): PolicyValidationPluginReport;
  validate(context: IPolicyValidationContext): PolicyValidationPluginReport;
}

type Way = 'scope' | 'plugin';
const WAYS: Way[] = ['scope', 'plugin'];

function newPack(name: PackName): Pack {
  switch (name) {
    case 'AwsSolutions': return new AwsSolutionsChecks();
    case 'CloudNative': return new CloudNativeChecks();
    case 'CloudNativeCost': return new CostChecks();
  }
}

type Json = unknown;

/** Rewrites references to the template's own resources so they point at copy `suffix`. */
function rewrite(value: Json, ids: Set<string>, suffix: string): Json {
  const rename = (id: string) => (ids.has(id) ? `${id}${suffix}` : id);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, ids, suffix));
  if (typeof value !== 'object' || value === null) return value;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'Ref' && typeof v === 'string') out[k] = rename(v);
    else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') out[k] = [rename(v[0]), ...v.slice(1).map((x) => rewrite(x, ids, suffix))];
    else if (k === 'Fn::GetAtt' && typeof v === 'string') out[k] = [rename(v.split('.')[0]), ...v.split('.').slice(1)].join('.');
    else if (k === 'Fn::Sub') out[k] = rewriteSub(v, ids, suffix);
    else out[k] = rewrite(v, ids, suffix);
  }
  return out;
}

function rewriteSub(v: Json, ids: Set<string>, suffix: string): Json {
  const text = (s: string) => s.replace(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g, (m, id: string, attr = '') => (ids.has(id) ? `\${${id}${suffix}${attr}}` : m));
  if (typeof v === 'string') return text(v);
  if (Array.isArray(v) && typeof v[0] === 'string') {
    const vars = (v[1] ?? {}) as { [k: string]: Json };
    const local = new Set(Object.keys(vars));
    const t = v[0].replace(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g, (m, id: string, attr = '') => (ids.has(id) && !local.has(id) ? `\${${id}${suffix}${attr}}` : m));
    return [t, rewrite(vars, ids, suffix)];
  }
  return rewrite(v, ids, suffix);
}

/** The template with its resources (and outputs, without exports) copied `copies` times. */
export function replicate(template: { [k: string]: Json }, copies: number): { [k: string]: Json } {
  const resources = template.Resources as { [id: string]: { [k: string]: Json } };
  const outputs = (template.Outputs ?? {}) as { [id: string]: { [k: string]: Json } };
  const ids = new Set(Object.keys(resources));
  const outResources: { [id: string]: Json } = {};
  const outOutputs: { [id: string]: Json } = {};
  for (let k = 0; k < copies; k++) {
    const suffix = k === 0 ? '' : `R${k}`;
    for (const [id, r] of Object.entries(resources)) {
      const copy = rewrite(r, ids, suffix) as { [k: string]: Json };
      if (typeof copy.DependsOn === 'string') copy.DependsOn = ids.has(copy.DependsOn) ? `${copy.DependsOn}${suffix}` : copy.DependsOn;
      if (Array.isArray(copy.DependsOn)) copy.DependsOn = copy.DependsOn.map((d) => (typeof d === 'string' && ids.has(d) ? `${d}${suffix}` : d));
      outResources[`${id}${suffix}`] = copy;
    }
    for (const [id, o] of Object.entries(outputs)) {
      const { Export: _export, ...rest } = rewrite(o, ids, suffix) as { [k: string]: Json };
      outOutputs[`${id}${suffix}`] = rest;
    }
  }
  return { ...template, Resources: outResources, Outputs: outOutputs };
}

interface Measurement {
  readonly resources: number;
  /** Wall-clock ms. */
  readonly first: number;
  /** Median of the WARMUP calls after the first. */
  readonly warmup: number;
  /** CPU ms of this process (user + system): less sensitive than wall time to other jobs on the machine. */
  readonly firstCpu: number;
  readonly findings: number;
}

/** A pack's steady state, from `measureSteady`. */
interface Steady {
  /** Median wall-clock ms. */
  readonly steady: number;
  /** Median CPU ms of the process during the call. */
  readonly steadyCpu: number;
}

/** The replicated template loaded into one stack (synthesized for the plugin path), and how to call a pack on it. */
function setUp(file: string, size: number, way: Way) {
  const template = JSON.parse(fs.readFileSync(path.join(CORPUS, file), 'utf-8'));
  const per = Object.keys(template.Resources).length;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-scaling-'));
  const tmp = path.join(dir, 'replicated.json');
  fs.writeFileSync(tmp, JSON.stringify(replicate(template, Math.round(size / per))));
  // One stack past CloudFormation's 500-resource limit is the point of the bench: lift synth's check.
  const app = new App({ outdir: dir, context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  const loaded = loadTemplate(app, tmp, 'Replicated');
  if (!loaded.stack) throw new Error(`${file} x${size / per}: ${loaded.error}`);
  const resources = loaded.stack.node.findAll().filter((c) => (c as { cfnResourceType?: string }).cfnResourceType !== undefined).length;
  let context: IPolicyValidationContext | undefined;
  if (way === 'plugin') {
    const assembly = app.synth();
    context = {
      templatePaths: assembly.stacks.map((st) => st.templateFullPath),
      stackTemplates: assembly.stacks.map((st) => ({ stackConstructPath: loaded.stack!.node.path, templatePath: st.templateFullPath })),
      accountId: undefined,
      region: undefined,
      appConstruct: app,
    };
  }
  const time = (packName: PackName) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const pack = newPack(packName);
    const report = context ? pack.validate(context) : pack.validateScope(loaded.stack!);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    return { ms, cpu: (c.user + c.system) / 1000, findings: report.violations.length };
  };
  return { resources, time, cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** One (template, size, pack, way) in this fresh process: its first call and warm-up. */
function measureOnce(file: string, size: number, packName: PackName, way: Way): Measurement {
  const { resources, time, cleanUp } = setUp(file, size, way);
  const first = time(packName);
  const warmup: number[] = [];
  for (let i = 0; i < WARMUP; i++) warmup.push(time(packName).ms);
  cleanUp();
  return { resources, first: first.ms, warmup: warmup.length > 0 ? median(warmup) : NaN, firstCpu: first.cpu, findings: first.findings };
}

/**
 * The steady state of the three packs on one (template, size, way), in one process: each pack is
 * warmed up (its first call and WARMUP more), then RUNS rounds call each pack once, the order
 * rotating every round, so all three are timed under the same conditions of a shared machine.
 */
function measureSteady(file: string, size: number, way: Way): { [p in PackName]: Steady } {
  const { time, cleanUp } = setUp(file, size, way);
  for (const p of PACKS) for (let i = 0; i <= WARMUP; i++) time(p);
  const samples = new Map<PackName, { ms: number; cpu: number }[]>(PACKS.map((p) => [p, []]));
  for (let round = 0; round < RUNS; round++) {
    for (let k = 0; k < PACKS.length; k++) {
      const p = PACKS[(round + k) % PACKS.length];
      samples.get(p)!.push(time(p));
    }
  }
  cleanUp();
  const out = {} as { [p in PackName]: Steady };
  for (const p of PACKS) {
    const xs = samples.get(p)!;
    out[p] = { steady: median(xs.map((x) => x.ms)), steadyCpu: median(xs.map((x) => x.cpu)) };
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function child(file: string, size: number, pack: PackName, way: Way): Measurement {
  return JSON.parse(run(['--one', file, String(size), pack, way]));
}

function childSteady(file: string, size: number, way: Way): { [p in PackName]: Steady } {
  return JSON.parse(run(['--steady', file, String(size), way]));
}

/** This script in a fresh Node process with `args`: its last line of output. */
function run(args: string[]): string {
  const runner = __filename.endsWith('.ts') ? [require.resolve('ts-node/dist/bin.js'), '--transpile-only', __filename] : [__filename];
  // Synthesis of a 1,440-resource stack prints a CloudFormation-validation warning per resource:
  // the child's stderr is kept out of the bench output (execFileSync throws with it on failure).
  const out = execFileSync(process.execPath, [...runner, ...args], {
    encoding: 'utf-8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.trim().split('\n').pop()!;
}

function main(): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let nproc = String(os.cpus().length);
  try {
    nproc = execSync('nproc', { encoding: 'utf-8' }).trim();
  } catch {
    // keep os.cpus()
  }
  const loadBefore = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const lines = [
    '# Rule packs: time against stack size',
    '',
    '<!-- Generated by bench/packs-scaling.ts (npx ts-node --transpile-only bench/packs-scaling.ts). -->',
    '',
    `Machine: nproc ${nproc}, ${cpu}, Node ${process.version}, ${os.platform()} ${os.arch()}; shared with other jobs while measured`,
    `(load average 1 / 5 / 15 min at the start: ${loadBefore}; at the end: LOAD_AFTER).`,
    `Each row: one real template of shared/cfn-corpus replicated into one stack of 36, 360 and 1,440 resources (CfnInclude),`,
    `then \`validateScope(stack)\` of one pack in a fresh Node process: the first call (setup included, what one synth pays)`,
    `and the median of the next ${WARMUP} calls (warm-up: the JIT is still compiling the hot code; a pack whose first call is`,
    `long has warmed up during it). The steady state is measured beside AwsSolutions in one process: the three packs warmed`,
    `up alike, then ${RUNS} rounds calling each pack once (order rotating), the median per pack, so all three are timed under`,
    `the same load of a shared machine. Times in ms of wall-clock time; the last column gives the steady state in CPU time`,
    `of the process too (user + system, GC and compiler threads included).`,
    '',
    'Target: each of our packs at most AwsSolutions\' time at every size, and linear growth (x10 resources: about x10 time).',
    '',
  ];
  const verdicts: { [w in Way]: boolean } = { scope: true, plugin: true };
  const title: { [w in Way]: string } = { scope: 'validateScope(stack), direct', plugin: 'plugin path: validate(context) after synth' };
  for (const t of TEMPLATES) {
    lines.push(`## ${t.file}`, '', `${t.what}.`, '');
    for (const way of WAYS) {
      lines.push(
        `### ${title[way]}`, '',
        '| resources | AwsSolutions first / warm-up / steady | CloudNative first / warm-up / steady | CloudNativeCost first / warm-up / steady | ours <= AwsSolutions: first, steady (warm-up) | steady CPU ms: AwsSolutions / CloudNative / CloudNativeCost |',
        '|---|---|---|---|---|---|',
      );
      const rows: { [size: number]: { [p in PackName]: Measurement & Steady } } = {};
      for (const size of SIZES) {
        const alone = {} as { [p in PackName]: Measurement };
        for (const p of PACKS) alone[p] = child(t.file, size, p, way);
        const steady = childSteady(t.file, size, way);
        const m = {} as { [p in PackName]: Measurement & Steady };
        for (const p of PACKS) {
          m[p] = { ...alone[p], ...steady[p] };
          process.stderr.write(`${t.file} ${size} ${p} ${way}: first ${m[p].first.toFixed(1)} ms, warm-up ${m[p].warmup.toFixed(1)} ms, steady ${m[p].steady.toFixed(1)} ms (CPU ${m[p].steadyCpu.toFixed(1)} ms)\n`);
        }
        rows[size] = m;
        const ours = ['CloudNative', 'CloudNativeCost'] as PackName[];
        const firstOk = ours.every((p) => m[p].first <= m.AwsSolutions.first);
        const steadyOk = ours.every((p) => m[p].steady <= m.AwsSolutions.steady);
        const warmupOk = ours.every((p) => m[p].warmup <= m.AwsSolutions.warmup);
        verdicts[way] = verdicts[way] && firstOk && steadyOk;
        const yes = (b: boolean) => (b ? 'yes' : 'no');
        const cell = (x: Measurement & Steady) => `${x.first.toFixed(1)} / ${x.warmup.toFixed(1)} / ${x.steady.toFixed(1)}`;
        const cpuCell = PACKS.map((p) => m[p].steadyCpu.toFixed(1)).join(' / ');
        lines.push(`| ${m.AwsSolutions.resources} | ${cell(m.AwsSolutions)} | ${cell(m.CloudNative)} | ${cell(m.CloudNativeCost)} | ${yes(firstOk)}, ${yes(steadyOk)} (${yes(warmupOk)}) | ${cpuCell} |`);
      }
      const growth = (p: PackName) => `${p} x${(rows[360][p].steady / rows[36][p].steady).toFixed(1)} then x${(rows[1440][p].steady / rows[360][p].steady).toFixed(1)}`;
      lines.push('', `Steady-state growth 36 -> 360 -> 1,440 resources (x10 then x4 resources): ${PACKS.map(growth).join('; ')}.`, '');
    }
  }
  for (const way of WAYS) {
    lines.push(`Verdict, ${title[way]}: ${verdicts[way] ? 'each of our packs is at or under AwsSolutions at every size, on the first call and in the steady state.' : 'NOT every row meets the target (see the column "ours <= AwsSolutions").'}`, '');
  }
  lines.push(
    'Notes:',
    '- Before this bench the packs grew quadratically: on the ECS template at 360 resources CloudNative took 20.2 s on its',
    '  first call and 26.3 s steady (AwsSolutions 0.50 s / 0.09 s), because the per-resource details were computed outside',
    '  the run cache and every target group scanned and re-resolved the whole stack. Now every cross-resource rule builds',
    '  its index once per stack (`perStack` in src/nag/cfn.ts) or once per app (`perApp`, the failover pairs).',
    '- validateScope used to resolve each resource it read whole (`Stack.resolve(node._toCloudFormation())`, about 0.1 ms',
    '  each). `rendered()` (src/nag/cfn.ts) reads a resource\'s properties one top-level property at a time, on first read.',
    '  At the previous measurement each property read cost a Stack.resolve and the L1 `renderProperties` with its',
    '  validator (about 80 us a property on the ECS template), and CloudNative was slower than AwsSolutions there: at',
    '  1,440 resources 322.7 ms first / 112.1 ms steady against 382.3 / 70.0 (median of 9 calls right after the first).',
    '  Three changes since: each token of a stack is resolved once per run (`resolveValue`: CfnInclude makes one token per',
    '  referenced parameter or resource, used by every copy); a value whose shape (keys, nesting, leaf types) was rendered',
    '  twice is filled into the output learnt for that shape instead of rendered again (checked against the renderer',
    '  when learnt; test/nag/read-path.test.ts holds every property of the corpus to what synthesis writes); and the packs',
    '  call a rule only for the resource types it names (`resourceTypes`, checked by test/nag/resource-types.test.ts).',
    '  And ELBDeregistrationDelay reads a service\'s `Cluster` only when the stack declares a default capacity strategy or',
    '  a fleet that could join it (on this template every cluster is an Fn::ImportValue, unique to each copy). What is',
    '  left on the ECS template is mostly Stack.resolve of the tokens unique to each copy (each service\'s target group',
    '  Ref) and of the logical ids.',
    '- Warm-up: AwsSolutions\' first call takes 200-400 ms, during which the JIT compiles its hot code and aws-cdk-lib\'s',
    '  resolver; ours takes tens of ms, so the calls after it still run partly unoptimized code. The warm-up column shows',
    '  those calls; the steady state is measured after them, for every pack alike.',
    '- Steady-state times of a few ms at 36 resources are dominated by fixed costs and by the noise of a shared machine.',
    '',
  );
  const loadAfter = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const text = lines.join('\n').replace('LOAD_AFTER', loadAfter);
  fs.writeFileSync(OUT, text);
  process.stdout.write(text);
}

if (require.main === module) {
  const one = process.argv.indexOf('--one');
  const steady = process.argv.indexOf('--steady');
  if (one >= 0) {
    process.stdout.write(`${JSON.stringify(measureOnce(process.argv[one + 1], Number(process.argv[one + 2]), process.argv[one + 3] as PackName, process.argv[one + 4] as Way))}\n`);
  } else if (steady >= 0) {
    process.stdout.write(`${JSON.stringify(measureSteady(process.argv[steady + 1], Number(process.argv[steady + 2]), process.argv[steady + 3] as Way))}\n`);
  } else {
    main();
  }
}
