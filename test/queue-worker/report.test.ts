import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IMAGE } from './fixtures';
import { QueueWorkerService, QueueWorkerServiceProps, ServiceCapacity } from '../../src';

function reportOf(props: Partial<QueueWorkerServiceProps> = {}, withVpc?: (s: Stack) => ec2.IVpc) {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'worker-report-')) });
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const worker = new QueueWorkerService(stack, 'Worker', { image: IMAGE, ...(withVpc ? { vpc: withVpc(stack) } : {}), ...props });
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
  const md = fs.readFileSync(path.join(app.outdir, 'cloud-native-report.md'), 'utf-8');
  return { worker, json, md, workload: json.workloads.find((w: { pattern: string }) => w.pattern === 'QueueWorkerService') };
}

describe('the profile QueueWorkerService records', () => {
  const { workload, md } = reportOf();

  test('is the QueueWorkerService pattern over 3 zones', () => {
    expect(workload).toMatchObject({ name: 'Stack/Worker', pattern: 'QueueWorkerService', zones: 3 });
    expect(md).toContain('QueueWorkerService');
  });

  test('failure domains: a task or spot reclaim, a zone and a bad deployment are survived with their arithmetic; a region is not', () => {
    const byDomain = Object.fromEntries(workload.failureDomains.map((d: { domain: string }) => [d.domain, d]));
    expect(byDomain.instance).toMatchObject({ survives: true, recoverySeconds: 210 + 60 });
    expect(byDomain.instance.how).toContain('no message is lost while it is retained (14 days) and the dead-letter queue keeps what fails 5 times (14 days)');
    expect(byDomain.instance.how).toContain('kills the container stopTimeout 120 s later: a message that takes longer than 120 s to finish is cut and retried (each cut counts one of 5 receives');
    expect(byDomain.zone).toMatchObject({ survives: true, recoverySeconds: 210 + 60 + 60 });
    expect(byDomain['bad-deployment']).toMatchObject({ survives: true, recoverySeconds: 300 + 60 });
    expect(byDomain['bad-deployment'].how).toContain('A release that fails only some messages is NOT rolled back');
    expect(byDomain.region).toMatchObject({ survives: false });
    expect(workload.rto).toEqual({
      seconds: 360,
      arithmetic: 'max(instance 270 s, zone 330 s, bad-deployment 360 s) = 360 s; from zero tasks a new message also waits the scale-from-zero alarm 60 s + a task start 60 s',
    });
  });

  test('the RPO of the worker itself is 0 s, the data it writes is not modelled', () => {
    expect(workload.rpo.seconds).toBeNull();
    expect(workload.rpo.arithmetic).toMatch(/^not modelled: what the worker writes lives in backing stores[\s\S]*0 s, SQS stores an accepted message redundantly/);
  });

  test('cost at the typical count: ceil(1,000,000 x 10 s / 2,628,000 s) = 4 spot tasks, and SQS requests priced', () => {
    const line = (item: string) => workload.monthlyCostUsd.lines.find((l: { item: string }) => l.item === item);
    // 4 x 0.5 vCPU x 730 h x 0.3 x $0.04048 = $17.73; 4 x 1 GB x 730 h x 0.3 x $0.004445 = $3.89.
    expect(line('Fargate Spot vCPU').usd).toBe(17.73);
    expect(line('Fargate Spot memory').usd).toBe(3.89);
    // (1,000,000 x 3 + 4 x 131,400) / 1,000,000 = 3.5256 million x $0.40 = $1.41.
    expect(line('SQS standard requests')).toEqual({
      item: 'SQS standard requests',
      arithmetic: '(1000000 messages (assumed) x 3 requests (send, receive, delete; unbatched, each under 64 KB) + 4 polling tasks x 131400 empty 20 s long polls (an upper bound: a queue never empty has fewer)) / 1,000,000 = 3.5256 million requests (the free tier of 1 million a month is not applied) x $0.4/million requests = $1.41',
      usd: 1.41,
    });
    expect(line('Fargate x86 vCPU')).toBeUndefined();
  });

  test('cost at the minimum (0), the maximum (10 on spot), while the fallback runs and all on demand at the maximum', () => {
    type Scenario = { name: string; monthlyUsd: number; differenceUsd: number | null };
    const scenarios = workload.costScenarios.map((s: Scenario) => [s.name, s.monthlyUsd, s.differenceUsd]);
    const typical = 'typical, 4 tasks (ceil(1000000 messages (assumed) x 10 s / 2628000 s) = 4 busy tasks)';
    expect(scenarios).toEqual([
      [typical, 21.62, null],
      ['at the minimum, 0 tasks (scaled to zero: no Fargate cost)', 0, -21.62],
      // 10 x 0.5 x 730 x 0.3 x $0.04048 = $44.33 + 10 x 1 x 730 x 0.3 x $0.004445 = $9.73
      ['at the maximum, 10 tasks (base 0 on demand, the other 10 - 0 = 10 on spot)', 54.06, 32.44],
      // 4 on demand: $59.10 + $12.98
      ['while the fallback runs: Fargate Spot cannot place tasks, so the on-demand twin runs them (4 on demand)', 72.08, 50.46],
      // 10 on demand: $147.75 + $32.45
      ['all on demand at the maximum, 10 tasks', 180.2, 126.14],
    ]);
  });

  test('a FIFO queue is priced at the FIFO rate', () => {
    const fifo = reportOf({ fifo: true, capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandBase: 1 }) }).workload;
    const line = fifo.monthlyCostUsd.lines.find((l: { item: string }) => l.item === 'SQS FIFO requests');
    expect(line.arithmetic).toMatch(/x \$0\.5\/million requests = \$1\.76$/);
  });

  test('stated assumptions change the numbers: 2 typical tasks, 30 s start, 50 % spot discount', () => {
    const w = reportOf({
      reportAssumptions: { typicalTasks: 2, taskStartSeconds: 30, spotDiscountPercent: 50 },
      averageProcessingTime: Duration.seconds(20),
    }).workload;
    expect(w.costScenarios[0].name).toBe('typical, 2 tasks (2 tasks (reportAssumptions.typicalTasks))');
    // 2 x 0.5 x 730 x 0.5 x $0.04048 = $14.78
    expect(w.monthlyCostUsd.lines.find((l: { item: string }) => l.item === 'Fargate Spot vCPU').usd).toBe(14.78);
    expect(w.failureDomains[0].recoverySeconds).toBe(210 + 30);
  });

  test('zone survival is not claimed in a VPC the library did not create', () => {
    const w = reportOf({}, (s) => ec2.Vpc.fromVpcAttributes(s, 'Imported', {
      vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'],
    })).workload;
    const zone = w.failureDomains.find((d: { domain: string }) => d.domain === 'zone');
    expect(zone.survives).toBe(false);
    expect(zone.how).toContain('egress (NAT, VPC endpoints for SQS, ECR, Logs) is not modelled');
  });
});
