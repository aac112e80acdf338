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
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { loadTemplate, templateFiles } from '../src/cli/load';
import { CloudNativeChecks, CostChecks } from '../src/nag';
import { StatelessService } from '../src/stateless-service';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
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

function corpus(app: App): void {
  templateFiles([CORPUS]).files.forEach((file, i) => loadTemplate(app, file, `T${i}`));
}

interface Timing {
  readonly build: number;
  readonly synth: number;
  readonly failed: boolean;
}

function time(build: Build, withPacks: boolean): Timing {
  const app = newApp(withPacks);
  const t0 = process.hrtime.bigint();
  build(app);
  const t1 = process.hrtime.bigint();
  let failed = false;
  try {
    app.synth();
  } catch {
    // The packs report findings on the corpus, which fails synthesis after validation ran.
    failed = true;
  }
  const t2 = process.hrtime.bigint();
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return { build: Number(t1 - t0) / 1e6, synth: Number(t2 - t1) / 1e6, failed };
}

function packTime(build: Build): number {
  const app = newApp(false);
  build(app);
  const t0 = process.hrtime.bigint();
  new CloudNativeChecks().validateScope(app);
  new CostChecks().validateScope(app);
  return Number(process.hrtime.bigint() - t0) / 1e6;
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
}

function measure(name: string, build: Build): Row {
  const probe = newApp(false);
  build(probe);
  const resources = probe.node.findAll().filter((c) => (c as any).cfnResourceType !== undefined).length;
  // Warm up module loading and JIT once, then alternate the two configurations.
  time(build, false);
  time(build, true);
  const without: number[] = [];
  const withPacks: number[] = [];
  const packs: number[] = [];
  let failedWith = false;
  for (let i = 0; i < RUNS; i++) {
    const a = time(build, false);
    const b = time(build, true);
    without.push(a.build + a.synth);
    withPacks.push(b.build + b.synth);
    failedWith = failedWith || b.failed;
    packs.push(packTime(build));
    process.stderr.write(`${name} run ${i + 1}/${RUNS}: ${(a.build + a.synth).toFixed(0)} ms without, ${(b.build + b.synth).toFixed(0)} ms with packs\n`);
  }
  return { name, resources, without: median(without), withPacks: median(withPacks), packs: median(packs), failedWith };
}

function main(): void {
  const rows = [measure('50 services (5 stacks x 10 StatelessService)', fiftyServices), measure('cfn corpus (every loadable template)', corpus)];
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
    `Runs: ${RUNS} per configuration (median), after one warm-up run; each run builds a fresh app and synthesizes it.`,
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
    '- "synth" is construction plus `app.synth()`, what `cdk synth` spends in the app. "added" is the difference of the medians,',
    '  so it also carries noise from the shared machine; "packs alone" times `validateScope` of both packs on the same tree.',
    `- With the packs, synthesis of the corpus app ${rows[1].failedWith ? 'fails after validation (the corpus has error findings), as intended' : 'succeeds'}; the time is measured to that point.`,
    '',
  );
  fs.writeFileSync(OUT, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
}

if (require.main === module) main();
export { fiftyServices, corpus };
