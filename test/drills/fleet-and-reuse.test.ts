import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AVAILABILITY, envStack, IMAGE, serviceWithDrills, ZONES } from './fixtures';
import { DrillKind, EgressAwareVpc, FailureDomain, ServiceDrills, SpotFleetWithFallback, StatelessService, WorkloadProfile } from '../../src';

const STOP = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:workers-below-floor';

function fleet(drills: object, props: object = {}, stack = envStack()) {
  const vpc = new EgressAwareVpc(stack, 'Vpc', { maxAzs: 3 });
  const stop = cloudwatch.Alarm.fromAlarmArn(stack, 'Stop', STOP);
  const f = new SpotFleetWithFallback(stack, 'Fleet', { vpc, minCapacity: 2, maxCapacity: 6, onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0, drills: { stopAlarms: [stop], ...drills }, ...props });
  return { stack, fleet: f, template: Template.fromStack(stack) };
}

describe('SpotFleetWithFallback drills', () => {
  test('spot reclaim: aws:ec2:send-spot-instance-interruptions on one running spot instance of the group, 2-minute notice', () => {
    const { template, fleet: f } = fleet({ experiments: [DrillKind.SPOT_RECLAIM] });
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: Match.objectEquals({
        SpotInstances: {
          ResourceType: 'aws:ec2:spot-instance',
          ResourceTags: { 'aws:autoscaling:groupName': { Ref: 'FleetGroupASGF037160E' } },
          Filters: [{ Path: 'State.Name', Values: ['running'] }],
          SelectionMode: 'COUNT(1)',
        },
      }),
      Actions: Match.objectEquals({
        InterruptSpotInstances: {
          ActionId: 'aws:ec2:send-spot-instance-interruptions',
          Description: 'Sends the 2-minute spot interruption notice, then interrupts',
          Parameters: { durationBeforeInterruption: 'PT2M' },
          Targets: { SpotInstances: 'SpotInstances' },
        },
      }),
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: STOP }],
    });
    expect(f.drills!.drillProfiles[0].costPerRun.quantity).toBe(2);
    expect(f.drills!.drillProfiles[0].expectedOutcome).toMatch(/^SLO held: the instance gets a rebalance recommendation and then the interruption notice 2 min before it is interrupted; it is drained and Auto Scaling replaces it, back at full capacity within/);
  });

  test('the spot reclaim role may interrupt only instances tagged with the group', () => {
    const { template } = fleet({ experiments: [DrillKind.SPOT_RECLAIM] });
    const policy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([k]) => k.startsWith('FleetDrillsSpotReclaimPolicy'))![1] as any;
    expect(policy.Properties.PolicyDocument.Statement.slice(0, 2)).toEqual([
      {
        Action: 'ec2:SendSpotInstanceInterruptions',
        Condition: { StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': { Ref: 'FleetGroupASGF037160E' } } },
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:instance/*']] },
      },
      { Action: ['ec2:DescribeInstances', 'tag:GetResources'], Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('defaults: spot reclaim and zone disruption of the fleet\'s subnets; an on-demand-only fleet has no spot drill and asking for one is an error', () => {
    expect(fleet({}).fleet.drills!.kinds).toEqual([DrillKind.SPOT_RECLAIM, DrillKind.ZONE_DISRUPTION]);
    expect(fleet({}, { onDemandPercentageAboveBaseCapacity: 100 }).fleet.drills!.kinds).toEqual([DrillKind.ZONE_DISRUPTION]);
    expect(() => fleet({ experiments: [DrillKind.SPOT_RECLAIM] }, { onDemandPercentageAboveBaseCapacity: 100 }))
      .toThrow(/the spot reclaim drill: the workload runs no spot capacity: .*SpotFleetWithFallback with onDemandPercentageAboveBaseCapacity below 100 adds it/);
  });

  test('the fleet has no SLO: drills without stop alarms are an error', () => {
    const stack = envStack();
    const vpc = new EgressAwareVpc(stack, 'Vpc', { maxAzs: 3 });
    expect(() => new SpotFleetWithFallback(stack, 'Fleet', { vpc, minCapacity: 2, maxCapacity: 4, drills: {} }))
      .toThrow(/\[Stack\/Fleet\/Drills\] drills\.stopAlarms: is empty/);
  });

  test('spot settings out of range: count above the FIS quota of 5, a delay outside 2-15 minutes', () => {
    expect(() => fleet({ spotInstanceCount: 6, spotInterruptionDelay: Duration.minutes(1) }))
      .toThrow(/drills\.spotInterruptionDelay: is 1 minutes, outside the allowed range between 2 and 15 minutes[\s\S]*drills\.spotInstanceCount: is 6, outside the allowed range between 1 and 5/);
  });
});

const PROFILE: WorkloadProfile = {
  name: 'workers',
  pattern: 'QueueWorkerService',
  zones: 3,
  failureDomains: [
    { domain: FailureDomain.INSTANCE, survives: true, how: 'another worker takes the message after its visibility timeout', recovery: { seconds: 120, arithmetic: 'visibility timeout 120 s' } },
    { domain: FailureDomain.ZONE, survives: false, how: 'the workers run in one zone' },
  ],
  rto: { seconds: 120, arithmetic: 'visibility timeout 120 s' },
  costDrivers: [],
};

describe('ServiceDrills on its own: any ECS service with a profile (how QueueWorkerService uses it)', () => {
  function workers(drills: Partial<ConstructorParameters<typeof ServiceDrills>[2]> = {}) {
    const stack = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const td = new ecs.FargateTaskDefinition(stack, 'Task');
    td.addContainer('w', { image: ecs.ContainerImage.fromRegistry('busybox') });
    const service = new ecs.FargateService(stack, 'Workers', { cluster, taskDefinition: td, desiredCount: 4 });
    const stop = cloudwatch.Alarm.fromAlarmArn(stack, 'Stop', STOP);
    const d = new ServiceDrills(stack, 'Drills', { profile: PROFILE, service, subnets: vpc.privateSubnets, stopAlarms: [stop], taskCount: 4, ...drills });
    return { stack, drills: d, template: Template.fromStack(stack) };
  }

  test('task churn only: the zone domain is not survived, so no zone drill by default', () => {
    const { drills, template } = workers();
    expect(drills.kinds).toEqual([DrillKind.TASK_CHURN]);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: { ServiceTasks: { ResourceType: 'aws:ecs:task', SelectionMode: 'PERCENT(34)', Parameters: { cluster: { Ref: Match.stringLikeRegexp('^Cluster') } } } },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: STOP }],
    });
    expect(drills.drillProfiles[0].claim).toBe('survives instance: another worker takes the message after its visibility timeout');
    expect(drills.drillProfiles[0].expectedOutcome).toMatch(/back at full capacity within 120 s, the modelled instance recovery \(visibility timeout 120 s\)$/);
  });

  test('asking for the zone drill names the domain, the workload and its pattern', () => {
    expect(() => workers({ experiments: [DrillKind.ZONE_DISRUPTION] }))
      .toThrow(/the zone disruption drill tests the zone failure domain, which workers \(QueueWorkerService\) does not survive: the workers run in one zone/);
  });

  test('a profile that is not one is an error', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => new ServiceDrills(stack, 'D', { profile: 'x' as never })).toThrow(/profile: must be the workload's profile \(WorkloadProfile\), got 'x'/);
  });
});

describe('zonal shift and cross-zone load balancing', () => {
  test('a Network Load Balancer with cross-zone on and a target group with it off: ARC cannot enable zonal shift', () => {
    const stack = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, crossZoneEnabled: true });
    const tg = new elbv2.NetworkTargetGroup(stack, 'Tg', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    tg.setAttribute('load_balancing.cross_zone.enabled', 'false');
    const profile: WorkloadProfile = { ...PROFILE, failureDomains: [...PROFILE.failureDomains.slice(0, 1), { domain: FailureDomain.ZONE, survives: true, how: 'spread' }] };
    expect(() => new ServiceDrills(stack, 'Drills', { profile, loadBalancer: nlb, targetGroups: [tg], zonalAutoshift: true, stopAlarms: [cloudwatch.Alarm.fromAlarmArn(stack, 'Stop', STOP)] }))
      .toThrow(/loadBalancer and targetGroups: target group Stack\/Tg turns cross-zone load balancing off \(load_balancing.cross_zone.enabled false\) on a Network Load Balancer that has it on.*Fix: set the target group's load_balancing.cross_zone.enabled to use_load_balancer_configuration/);
  });

  test('an Application Load Balancer supports zonal shift with cross-zone on or off: a target group with it off is accepted', () => {
    const stack = envStack();
    const service = new StatelessService(stack, 'Web', { image: IMAGE, slos: [AVAILABILITY], drills: { zonalAutoshift: true } });
    // Set after the drills: checked again at synthesis.
    service.targetGroup.setAttribute('load_balancing.cross_zone.enabled', 'false');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }]),
    });
  });
});

describe('the report lists each drill with its command and cost per run', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'drills-report-')) });
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  stack.node.setContext('availability-zones:account=123456789012:region=us-east-1', ZONES);
  new StatelessService(stack, 'Plain', { image: IMAGE, workloadName: 'plain' });
  serviceWithDrills({}, { workloadName: 'web' }, stack);
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'cloud-native-report.json'), 'utf-8'));
  const md = fs.readFileSync(path.join(app.outdir, 'cloud-native-report.md'), 'utf-8');
  const web = json.workloads.find((w: any) => w.name === 'web');

  test('JSON: the drills, each priced per run with the FIS price, not in the monthly total', () => {
    expect(web.drills.map((d: any) => [d.name, d.domain, d.recoverySeconds, d.costPerRun])).toEqual([
      ['task churn', 'instance', 100, {
        item: 'AWS FIS action-minutes per run',
        arithmetic: '1 action-minute (1 action; stop-task ends within seconds, billed rounded to the nearest minute: counted as 1 (assumed); AWS FIS pricing https://aws.amazon.com/fis/pricing/) x $0.1/action-minute = $0.10',
        usd: 0.1,
      }],
      ['zone disruption', 'zone', 100, {
        item: 'AWS FIS action-minutes per run',
        arithmetic: '10 action-minutes (1 action x 10 min; AWS FIS pricing https://aws.amazon.com/fis/pricing/) x $0.1/action-minute = $1.00',
        usd: 1,
      }],
    ]);
    expect(web.monthlyCostUsd.lines.map((l: any) => l.item)).not.toContain('AWS FIS action-minutes per run');
    expect(web.drills[0].command).toMatch(/^aws fis start-experiment --region us-east-1 --experiment-template-id \$\(aws cloudformation describe-stacks --region us-east-1 --stack-name Stack --query "Stacks\[0\]\.Outputs\[\?OutputKey=='WebDrillsTaskChurnExperimentTemplateId[0-9A-F]{8}'\]\.OutputValue" --output text\)$/);
  });

  test('Markdown: a failure drills table with the command and the per-run arithmetic', () => {
    expect(md).toContain('Failure drills of web (AWS FIS experiments; each run priced on its own, not in the total):');
    expect(md).toContain('| Drill | Tests | Expected outcome | Stops on | Start it | Per run |');
    expect(md).toMatch(/\| zone disruption \(aws:network:disrupt-connectivity, scope all, duration PT10M, .*\) \| survives zone: .* \| `aws fis start-experiment --region us-east-1 .*` \| 10 action-minutes .* = \$1\.00 \|/);
  });

  test('a workload without drills has no drills field (the report JSON of other workloads is unchanged)', () => {
    const plain = json.workloads.find((w: any) => w.name === 'plain');
    expect(plain).toBeDefined();
    expect(Object.keys(plain)).not.toContain('drills');
  });
});
