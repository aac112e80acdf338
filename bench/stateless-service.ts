/**
 * Benchmark: construct + synth time and resource count of N StatelessServices against N
 * aws-cdk-lib ecs-patterns ApplicationLoadBalancedFargateServices, in the same run.
 * 10 services per stack (50 in one stack would pass CloudFormation's 500-resource limit), each
 * stack with one VPC and cluster shared by its services. Median of REPEATS runs per cell.
 *
 *   npx projen bench:service        (writes bench/stateless-service-results.md)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CloudFormationValidatePlugin, IPolicyValidationContext, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { StatelessService } from '../src';

const SIZES = [1, 10, 50];
const PER_STACK = 10;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

// aws-cdk-lib (2.262.0) runs its built-in CloudFormation Validate plugin (a WebAssembly rule engine)
// on every template at synth, for both sides; it takes most of the synth time and grows with template
// size. Time it separately, so the table shows the construct's own cost next to the total.
let cfnValidateMs = 0;
const originalValidate = CloudFormationValidatePlugin.prototype.validate;
CloudFormationValidatePlugin.prototype.validate = function (this: CloudFormationValidatePlugin, context: IPolicyValidationContext) {
  const t = process.hrtime.bigint();
  try {
    return originalValidate.call(this, context);
  } finally {
    cfnValidateMs += Number(process.hrtime.bigint() - t) / 1e6;
  }
};

type Kind = 'StatelessService' | 'ApplicationLoadBalancedFargateService';

function run(kind: Kind, n: number): { ms: number; resources: number; validateMs: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const started = process.hrtime.bigint();
  cfnValidateMs = 0;
  const app = new App({ outdir });
  for (let s = 0; s * PER_STACK < n; s++) {
    const stack = new Stack(app, `Stack${s}`, { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    for (let i = s * PER_STACK; i < Math.min(n, (s + 1) * PER_STACK); i++) {
      if (kind === 'StatelessService') {
        new StatelessService(stack, `Svc${i}`, { image, cluster });
      } else {
        new ecsPatterns.ApplicationLoadBalancedFargateService(stack, `Svc${i}`, { cluster, taskImageOptions: { image } });
      }
    }
  }
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const resources = assembly.stacks.reduce((sum, st) => sum + Object.keys(st.template.Resources ?? {}).length, 0);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { ms, resources, validateMs: cfnValidateMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main() {
  // Warm up module loading and JIT so the first measured cell is not penalised.
  run('StatelessService', 1);
  run('ApplicationLoadBalancedFargateService', 1);
  const rows: string[] = [];
  let worst = 0;
  let worstRest = 0;
  for (const n of SIZES) {
    const ours: number[] = [];
    const theirs: number[] = [];
    const oursRest: number[] = [];
    const theirsRest: number[] = [];
    let oursRes = 0;
    let theirsRes = 0;
    for (let r = 0; r < REPEATS; r++) {
      // Alternate the order so neither side always runs on a warmer heap.
      const a = r % 2 === 0 ? run('StatelessService', n) : undefined;
      const b = run('ApplicationLoadBalancedFargateService', n);
      const a2 = a ?? run('StatelessService', n);
      ours.push(a2.ms); theirs.push(b.ms); oursRest.push(a2.ms - a2.validateMs); theirsRest.push(b.ms - b.validateMs); oursRes = a2.resources; theirsRes = b.resources;
    }
    const ratio = median(ours) / median(theirs);
    worst = Math.max(worst, ratio);
    const restRatio = median(oursRest) / median(theirsRest);
    worstRest = Math.max(worstRest, restRatio);
    rows.push(`| ${n} | ${median(ours).toFixed(0)} | ${oursRes} | ${median(theirs).toFixed(0)} | ${theirsRes} | ${ratio.toFixed(2)} `
      + `| ${median(oursRest).toFixed(0)} | ${median(theirsRest).toFixed(0)} | ${restRatio.toFixed(2)} |`);
    console.log(rows[rows.length - 1]);
  }
  const text = [
    '# StatelessService benchmark',
    '',
    `Construct + synth time (median of ${REPEATS}) and resource count: N StatelessServices against N ecs-patterns`,
    '`ApplicationLoadBalancedFargateService`s with default props, 10 per stack, each stack with one shared VPC and cluster.',
    'Run with `npx projen bench:service`; target: time ratio <= 1.2 at every N.',
    '',
    `Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, 1-minute load average ${os.loadavg()[0].toFixed(1)} when it ended (above 1 on 2 cores, other jobs shared the machine and the numbers are noisy).`,
    '',
    '| N | StatelessService ms | resources | ecs-patterns ms | resources | time ratio | StatelessService ms without CFN Validate | ecs-patterns ms without it | ratio without it |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Worst ratio: ${worst.toFixed(2)} (target 1.2: ${worst <= 1.2 ? 'met' : 'NOT met'}); without aws-cdk-lib's built-in CloudFormation Validate plugin: ${worstRest.toFixed(2)}.`,
    '',
    'StatelessService creates more per service (an explicit target group, the autoscaling target and CPU policy; one shared',
    'access-log bucket and policy per stack), so resource counts differ; the ratio compares the time to build and synthesize',
    'each. aws-cdk-lib 2.262.0 runs its CloudFormation Validate plugin (WebAssembly rules) on every template at synth, for',
    'both sides; it is most of the synth time and grows with template size, so it carries the larger templates into the',
    'total ratio. The last three columns subtract its time (measured by wrapping its `validate`) from each run.',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(__dirname, 'stateless-service-results.md'), text);
  console.log(`worst ratio ${worst.toFixed(2)}`);
}

main();
