/**
 * Added synth time of the CloudNative and CloudNativeCost packs.
 *
 * 1. A 50-service app: 5 stacks x 10 StatelessService (each stack shares one VPC and cluster, as
 *    an app would), synthesized without and with both packs registered on the plugin path.
 * 2. The whole cfn corpus (shared/cfn-corpus): every loadable template in its own stack of one app,
 *    synthesized without and with both packs.
 * Each configuration runs RUNS times on a fresh app (construction + synth, as `cdk synth` does);
 * the median is reported. Also reported: the packs' own time (validateScope) on the same trees.
 *
 * Run: npx projen bench:packs (writes bench/packs-results.md). BENCH_RUNS overrides the run count.
 */
import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { loadTemplate, templateFiles } from '../src/cli/load';
import { CloudNativeChecks, CostChecks } from '../src/nag';
import { StatelessService } from '../src/stateless-service';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CORPUS = path.join(__dirname, '../../shared/cfn-corpus');
const OUT = path.join(__dirname, 'packs-results.md');

type Build = (app: App) => void;

function newApp(withPacks: boolean): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-bench-')) });
  if (withPacks) Validations.of(app).addPlugins(...([new CloudNativeChecks(app), new CostChecks(app)] as IPolicyValidationPlugin[]));
  return app;
}

function fiftyServices(app: App): void {
  for (let s = 0; s < 5; s++) {
    const stack = new Stack(app, `Services${s}`, { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 3,
      natGateways: 3,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    for (let i = 0; i < 10; i++) {
      new StatelessService(stack, `Service${i}`, { image: ecs.ContainerImage.fromRegistry('nginx'), cluster });
    }
  }
}

/**
 * The corpus templates that load and synthesize on their own (preprocessor syntax such as
 * `Rain::Embed` loads but cannot be synthesized). Computed once by the parent, outside the timings.
 */
function synthesizableCorpus(): string[] {
  return templateFiles([CORPUS]).files.filter((file) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-bench-probe-')) });
    try {
      return loadTemplate(app, file, 'Probe').stack !== undefined && (app.synth(), true);
    } catch {
      return false;
    } finally {
      fs.rmSync(app.outdir, { recursive: true, force: true });
    }
  });
}

function corpus(app: App): void {
  const files: string[] = JSON.parse(fs.readFileSync(process.env.BENCH_CORPUS_FILES!, 'utf-8'));
  files.forEach((file, i) => loadTemplate(app, file, `T${i}`));
}

type AppName = 'services' | 'corpus';
type Mode = 'without' | 'with' | 'packs';
const BUILDS: { [name in AppName]: Build } = { services: fiftyServices, corpus };

/**
 * One measurement, in this (fresh) process: construction + synth of a new app without or with
 * both packs on the plugin path, or the packs' own `validateScope` time right after synthesis.
 * A fresh process per measurement is what `cdk synth` is, and keeps GC debt of one run out of
 * the next.
 */
function measureOnce(name: AppName, mode: Mode): { ms: number; resources: number; failed: boolean } {
  const build = BUILDS[name];
  const app = newApp(mode === 'with');
  const t0 = process.hrtime.bigint();
  build(app);
  const resources = app.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length;
  let failed = false;
  let t1 = t0;
  if (mode === 'packs') {
    // As a plugin, the packs run right after synthesis wrote the templates: measure them there.
    app.synth();
    t1 = process.hrtime.bigint();
    new CloudNativeChecks().validateScope(app);
    new CostChecks().validateScope(app);
  } else {
    try {
      app.synth();
    } catch {
      // The packs report findings on the corpus, which fails synthesis after validation ran.
      failed = true;
    }
  }
  const ms = Number(process.hrtime.bigint() - t1) / 1e6;
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { ms, resources, failed };
}

function child(name: AppName, mode: Mode): { ms: number; resources: number; failed: boolean } {
  const runner = __filename.endsWith('.ts') ? [require.resolve('ts-node/dist/bin.js'), '--transpile-only', __filename] : [__filename];
  const out = execFileSync(process.execPath, [...runner, '--one', name, mode], {
    encoding: 'utf-8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Row {
  readonly name: string;
  readonly resources: number;
  readonly without: number;
  readonly withPacks: number;
  readonly packs: number;
  readonly failedWith: boolean;
  readonly spread: string;
}

function measure(label: string, name: AppName): Row {
  const without: number[] = [];
  const withPacks: number[] = [];
  const packs: number[] = [];
  let failedWith = false;
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const a = child(name, 'without');
    const b = child(name, 'with');
    const c = child(name, 'packs');
    resources = a.resources;
    without.push(a.ms);
    withPacks.push(b.ms);
    packs.push(c.ms);
    failedWith = failedWith || b.failed;
    process.stderr.write(`${label} run ${i + 1}/${RUNS}: ${a.ms.toFixed(0)} ms without, ${b.ms.toFixed(0)} ms with packs, packs alone ${c.ms.toFixed(0)} ms\n`);
  }
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  return {
    name: label,
    resources,
    without: median(without),
    withPacks: median(withPacks),
    packs: median(packs),
    failedWith,
    spread: `without ${range(without)} ms, with ${range(withPacks)} ms, packs alone ${range(packs)} ms`,
  };
}

function main(): void {
  const corpusFiles = synthesizableCorpus();
  const listFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-bench-list-')), 'corpus.json');
  fs.writeFileSync(listFile, JSON.stringify(corpusFiles));
  process.env.BENCH_CORPUS_FILES = listFile;
  const rows = [measure('50 services (5 stacks x 10 StatelessService)', 'services'), measure(`cfn corpus (${corpusFiles.length} templates that load and synthesize)`, 'corpus')];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  let nproc = String(os.cpus().length);
  try {
    nproc = execSync('nproc', { encoding: 'utf-8' }).trim();
  } catch {
    // keep os.cpus()
  }
  const lines = [
    '# Rule pack benchmark',
    '',
    '<!-- Generated by bench/packs.ts (npx projen bench:packs). -->',
    '',
    `Machine: nproc ${nproc}, ${cpu}, Node ${process.version}, ${os.platform()} ${os.arch()}; shared with other jobs while measured.`,
    `Runs: ${RUNS} per configuration (median), each in a fresh Node process (as \`cdk synth\` is): build the app, then synthesize it.`,
    '',
    '| app | CfnResources | synth without packs (ms) | synth with both packs (ms) | added (ms) | added (%) | packs alone, validateScope (ms) | packs alone (%) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const added = r.withPacks - r.without;
    lines.push(`| ${r.name} | ${r.resources} | ${r.without.toFixed(0)} | ${r.withPacks.toFixed(0)} | ${added.toFixed(0)} | ${(100 * added / r.without).toFixed(1)} % | ${r.packs.toFixed(0)} | ${(100 * r.packs / r.without).toFixed(1)} % |`);
  }
  lines.push(
    '',
    'Target: the packs add at most 10 % to the app\'s synth time.',
    '',
    'Notes:',
    '- "synth" is construction plus `app.synth()`, what `cdk synth` spends in the app (module loading excluded). "added" is',
    '  the difference of the medians, so it also carries the noise of a shared 2-core machine; "packs alone" times',
    '  `validateScope` of both packs on the same tree right after its synthesis (where the plugin path runs them), which',
    '  is what the packs cost without the noise.',
    ...rows.map((r) => `- Spread (${r.name}): ${r.spread}.`),
    `- With the packs, synthesis of the corpus app ${rows[1].failedWith ? 'fails after validation (the corpus has error findings), as intended' : 'succeeds'}; the time is measured to that point.`,
    '',
  );
  fs.writeFileSync(OUT, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

if (require.main === module) {
  const one = process.argv.indexOf('--one');
  if (one >= 0) {
    process.stdout.write(`${JSON.stringify(measureOnce(process.argv[one + 1] as AppName, process.argv[one + 2] as Mode))}\n`);
  } else {
    main();
  }
}
export { fiftyServices, corpus };
