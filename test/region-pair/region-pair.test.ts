import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { buildPair, newApp, pairProps, PRIMARY, STANDBY, ZONE } from './fixtures';
import { ActivePassiveRegionPair, Failover, IRegionalWorkloadBuilder, LoadBalancedObjective, RegionalWorkload, RegionContext, RegionRole, StandbyMode, StandbyModeKind } from '../../src';

function scalableTarget(t: Template) {
  const targets = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
  expect(targets).toHaveLength(1);
  return targets[0].Properties as { MinCapacity: number; MaxCapacity: number };
}

describe('stacks and environments', () => {
  const { app, pair, primary, standby } = buildPair();
  const assembly = app.synth();

  test('one stack per region, with deterministic names and the given environments', () => {
    expect(pair.primaryStack.stackName).toBe('Shop-primary');
    expect(pair.standbyStack.stackName).toBe('Shop-standby');
    expect([pair.primaryStack.region, pair.primaryStack.account]).toEqual(['us-east-1', '123456789012']);
    expect([pair.standbyStack.region, pair.standbyStack.account]).toEqual(['us-west-2', '123456789012']);
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['Shop-primary', 'Shop-standby']);
  });

  test('no stack depends on another: only on its own assets', () => {
    for (const s of assembly.stacks) {
      expect(s.dependencies.map((d) => d.id)).toEqual([`${s.id}.assets`]);
    }
  });

  test('no template references another region: no imports, stack outputs, exports or cross-region custom resources', () => {
    for (const t of [primary, standby]) {
      const text = JSON.stringify(t.toJSON());
      expect(text).not.toMatch(/Fn::ImportValue|Fn::GetStackOutput|Custom::CrossRegion|ExportsWriter|ExportsReader|CrossRegionExport/);
      const outputs = t.toJSON().Outputs ?? {};
      for (const o of Object.values(outputs) as Array<{ Export?: unknown }>) expect(o.Export).toBeUndefined();
    }
  });

  test('the zone is read from its attributes in each stack: the records name it literally', () => {
    for (const t of [primary, standby]) {
      t.hasResourceProperties('AWS::Route53::RecordSet', { HostedZoneId: ZONE.hostedZoneId, Name: 'shop.example.com.', Type: 'A' });
    }
  });

  test('a DNS-validated certificate per region, so each load balancer serves HTTPS', () => {
    for (const t of [primary, standby]) {
      t.resourceCountIs('AWS::CertificateManager::Certificate', 1);
      t.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'shop.example.com',
        ValidationMethod: 'DNS',
        DomainValidationOptions: [{ DomainName: 'shop.example.com', HostedZoneId: ZONE.hostedZoneId }],
      });
      t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    }
  });

  test('inside a Stage, the stage name leads the stack names', () => {
    const a = new App();
    const stage = new Stage(a, 'Prod');
    const p = new ActivePassiveRegionPair(stage, 'Shop', pairProps());
    expect([p.primaryStack.stackName, p.standbyStack.stackName]).toEqual(['Prod-Shop-primary', 'Prod-Shop-standby']);
  });

  test('stackNamePrefix names the stacks', () => {
    const p = new ActivePassiveRegionPair(newApp(), 'Shop', pairProps({ stackNamePrefix: 'Store' }));
    expect([p.primaryStack.stackName, p.standbyStack.stackName]).toEqual(['Store-primary', 'Store-standby']);
  });
});

describe('failover records and health checks (defaults)', () => {
  const { pair, primary, standby } = buildPair();

  test('each stack owns its own failover alias record: PRIMARY and SECONDARY, evaluating target health', () => {
    const expectRecord = (t: Template, role: string, setIdentifier: string, check: string) => {
      t.resourceCountIs('AWS::Route53::RecordSet', 1);
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Failover: role,
        SetIdentifier: setIdentifier,
        HealthCheckId: { Ref: check },
        AliasTarget: Match.objectLike({ EvaluateTargetHealth: true, DNSName: Match.objectLike({ 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceLoadBalancer'), 'DNSName'] }]] }) }),
      });
    };
    expectRecord(primary, 'PRIMARY', 'Shop-primary-us-east-1', primary.getResourceId('AWS::Route53::HealthCheck'));
    expectRecord(standby, 'SECONDARY', 'Shop-standby-us-west-2', standby.getResourceId('AWS::Route53::HealthCheck'));
    expect(pair.primaryHealthCheck).toBe(pair.primaryEndpointHealthCheck);
  });

  test('each health check probes its own load balancer over HTTPS every 10 s, 3 failures, from 3 regions', () => {
    for (const t of [primary, standby]) {
      t.resourceCountIs('AWS::Route53::HealthCheck', 1);
      t.hasResourceProperties('AWS::Route53::HealthCheck', {
        HealthCheckConfig: {
          Type: 'HTTPS',
          Port: 443,
          ResourcePath: '/',
          RequestInterval: 10,
          FailureThreshold: 3,
          EnableSNI: true,
          Regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
          FullyQualifiedDomainName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ServiceLoadBalancer'), 'DNSName'] },
          Inverted: false,
          MeasureLatency: false,
        },
      });
    }
  });

  test('the primary outputs its health check ID (no export) for the automation', () => {
    primary.hasOutput('PrimaryHealthCheckId', { Value: { Ref: primary.getResourceId('AWS::Route53::HealthCheck') } });
  });

  test('without a certificate the health checks use HTTP on 80', () => {
    const { primary: p } = buildPair({ certificate: false });
    p.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTP', Port: 80 }) });
    p.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('interval 30 s, threshold 2 and other checker regions are applied', () => {
    const { primary: p } = buildPair({ failover: Failover.dnsHealthCheck({ interval: Duration.seconds(30), failureThreshold: 2, regions: ['us-west-1', 'us-west-2', 'eu-west-1', 'sa-east-1'] }) });
    p.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ RequestInterval: 30, FailureThreshold: 2, Regions: ['us-west-1', 'us-west-2', 'eu-west-1', 'sa-east-1'] }) });
  });

  test('a TTL under 60 s is a tagged warning: alias records answer with the load balancer\'s 60 s', () => {
    const { pair: p } = buildPair({ failover: Failover.dnsHealthCheck({ ttl: Duration.seconds(30) }) });
    // On the primary record, inside the primary stack, so `cdk synth` prints it (the pair is in no stack).
    Annotations.fromStack(p.primaryStack).hasWarning(`/${p.primaryRecord.node.path}`, Match.stringLikeRegexp('^failover.ttl is 30 s.*fixed TTL of 60 s.*\\[ack: cdk-cloud-native-patterns:AliasTtlFixed\\]$'));
    expect(p.node.metadata.filter((m) => m.type === 'aws:cdk:warning')).toEqual([]);
    expect(p.regionRecovery.arithmetic).toContain('DNS 60 s');
  });
});

describe('standby modes set the standby\'s task count (the scaling minimum; no DesiredCount)', () => {
  test.each([
    ['warm 50 % (default)', undefined, 2, StandbyModeKind.WARM],
    ['hot', StandbyMode.hotStandby(), 3, StandbyModeKind.HOT],
    ['warm 34 %', StandbyMode.warmStandby({ capacityPercent: 34 }), 2, StandbyModeKind.WARM],
    ['warm 10 %', StandbyMode.warmStandby({ capacityPercent: 10 }), 1, StandbyModeKind.WARM],
    ['pilot light', StandbyMode.pilotLight(), 1, StandbyModeKind.PILOT_LIGHT],
  ])('%s', (_name, mode, standbyTasks, kind) => {
    const { pair, primary, standby } = buildPair(mode ? { standbyMode: mode } : {});
    expect(pair.standbyMode.kind).toBe(kind);
    expect(scalableTarget(primary)).toMatchObject({ MinCapacity: 3, MaxCapacity: 9 });
    expect(scalableTarget(standby)).toMatchObject({ MinCapacity: standbyTasks, MaxCapacity: 9 });
    expect([pair.primaryTasks, pair.standbyTasks]).toEqual([3, standbyTasks]);
    for (const t of [primary, standby]) {
      for (const svc of Object.values(t.findResources('AWS::ECS::Service'))) expect(svc.Properties.DesiredCount).toBeUndefined();
    }
  });

  test('a standby below the zone-loss floor says so with the service\'s tagged warning', () => {
    const { pair } = buildPair({ standbyMode: StandbyMode.pilotLight() });
    Annotations.fromStack(pair.standbyStack).hasWarning('/Shop/Standby/Service', Match.stringLikeRegexp('cdk-cloud-native-patterns:ZoneLossShortfall'));
    Annotations.fromStack(pair.primaryStack).hasNoWarning('/Shop/Primary/Service', Match.stringLikeRegexp('ZoneLossShortfall'));
  });

  test('the primary\'s own desiredCount and maxCapacity size both regions', () => {
    const { primary, standby } = buildPair({ serviceProps: { image: ecs.ContainerImage.fromRegistry('nginx'), desiredCount: 6, maxCapacity: 12, scratchPaths: ['/var/cache/nginx', '/var/run'] } });
    expect(scalableTarget(primary)).toMatchObject({ MinCapacity: 6, MaxCapacity: 12 });
    expect(scalableTarget(standby)).toMatchObject({ MinCapacity: 3, MaxCapacity: 12 });
  });
});

/** A workload of the user's own, built by the callback: an ALB and a Fargate service. */
class OwnWorkload implements IRegionalWorkloadBuilder {
  public readonly seen: RegionContext[] = [];
  constructor(private readonly withAlarm = false) {}
  public buildRegion(scope: Construct, region: RegionContext): RegionalWorkload {
    this.seen.push(region);
    const vpc = new ec2.Vpc(scope, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(scope, 'Cluster', { vpc });
    const task = new ecs.FargateTaskDefinition(scope, 'Task');
    task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 80 }] });
    const service = new ecs.FargateService(scope, 'Service', { cluster, taskDefinition: task });
    const lb = new elbv2.ApplicationLoadBalancer(scope, 'Lb', { vpc, internetFacing: true });
    lb.addListener('Http', { port: 80 }).addTargets('App', { port: 80, targets: [service] });
    const scaling = service.autoScaleTaskCount({ minCapacity: 4, maxCapacity: 10 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 50 });
    const alarm = this.withAlarm
      ? new cloudwatch.Alarm(scope, 'Users', { metric: lb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), threshold: 10, evaluationPeriods: 1 })
      : undefined;
    return { loadBalancer: lb, service, scaling, taskCount: 4, maxTaskCount: 10, healthCheckPath: '/healthz', healthAlarms: alarm ? [alarm] : undefined };
  }
}

describe('a workload built by the callback', () => {
  test('built once per region with its context; the standby\'s scaling minimum is set by the mode', () => {
    const builder = new OwnWorkload();
    const pair = new ActivePassiveRegionPair(newApp(), 'Own', { ...pairProps(), serviceProps: undefined, workloadBuilder: builder, certificate: false, standbyMode: StandbyMode.warmStandby({ capacityPercent: 25 }) });
    expect(builder.seen.map((c) => [c.role, c.region, c.account, c.stack.stackName, c.recordName])).toEqual([
      [RegionRole.PRIMARY, 'us-east-1', '123456789012', 'Own-primary', 'shop.example.com'],
      [RegionRole.STANDBY, 'us-west-2', '123456789012', 'Own-standby', 'shop.example.com'],
    ]);
    expect(scalableTarget(Template.fromStack(pair.primaryStack))).toMatchObject({ MinCapacity: 4, MaxCapacity: 10 });
    expect(scalableTarget(Template.fromStack(pair.standbyStack))).toMatchObject({ MinCapacity: 1, MaxCapacity: 10 });
    Template.fromStack(pair.primaryStack).hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTP', ResourcePath: '/healthz' }) });
    expect(pair.standbyModeCosts).toEqual([]);
    expect(pair.primaryService).toBeUndefined();
  });

  test('with health alarms, the PRIMARY record uses a CALCULATED check over the endpoint and a CloudWatch alarm check', () => {
    const pair = new ActivePassiveRegionPair(newApp(), 'Own', { ...pairProps(), serviceProps: undefined, workloadBuilder: new OwnWorkload(true), certificate: false });
    const t = Template.fromStack(pair.primaryStack);
    t.resourceCountIs('AWS::Route53::HealthCheck', 3);
    t.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'CLOUDWATCH_METRIC',
        AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp('^WorkloadUsers') }, Region: 'us-east-1' },
        InsufficientDataHealthStatus: 'LastKnownStatus',
        Inverted: false,
      },
    });
    const calculated = Object.entries(t.findResources('AWS::Route53::HealthCheck')).find(([, r]) => r.Properties.HealthCheckConfig.Type === 'CALCULATED')!;
    expect(calculated[1].Properties.HealthCheckConfig).toMatchObject({ HealthThreshold: 2 });
    expect(calculated[1].Properties.HealthCheckConfig.ChildHealthChecks).toHaveLength(2);
    t.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'PRIMARY', HealthCheckId: { Ref: calculated[0] } });
    // The standby keeps its endpoint check only.
    Template.fromStack(pair.standbyStack).resourceCountIs('AWS::Route53::HealthCheck', 1);
  });
});

describe('a StatelessService pair with SLOs', () => {
  const SLO_PROPS = { image: ecs.ContainerImage.fromRegistry('nginx'), scratchPaths: ['/var/cache/nginx', '/var/run'], slos: [LoadBalancedObjective.availability({ targetPercent: 99.9 })] };

  test('an availability SLO turns on the regional health alarm in both regions; the PRIMARY record uses a CALCULATED check over the endpoint and that alarm', () => {
    const { pair, primary, standby } = buildPair({ serviceProps: SLO_PROPS });
    const alarm = pair.primaryService!.slos!.regionalHealthAlarms;
    expect(alarm).toHaveLength(1);
    expect(pair.standbyService!.slos!.regionalHealthAlarms).toHaveLength(1);
    primary.resourceCountIs('AWS::Route53::HealthCheck', 3);
    const checks = primary.findResources('AWS::Route53::HealthCheck');
    const byType = (type: string) => Object.entries(checks).filter(([, r]) => r.Properties.HealthCheckConfig.Type === type);
    const [endpointId] = byType('HTTPS')[0];
    const [metricId, metric] = byType('CLOUDWATCH_METRIC')[0];
    const [calculatedId, calculated] = byType('CALCULATED')[0];
    const alarmLogicalId = pair.primaryStack.getLogicalId(alarm[0].node.defaultChild as cloudwatch.CfnAlarm);
    expect(metric.Properties.HealthCheckConfig).toMatchObject({
      AlarmIdentifier: { Name: { Ref: alarmLogicalId }, Region: 'us-east-1' },
      InsufficientDataHealthStatus: 'LastKnownStatus',
    });
    primary.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('-regional-health$') });
    expect(calculated.Properties.HealthCheckConfig).toMatchObject({ HealthThreshold: 2 });
    expect(calculated.Properties.HealthCheckConfig.ChildHealthChecks).toEqual([{ Ref: endpointId }, { Ref: metricId }]);
    primary.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'PRIMARY', HealthCheckId: { Ref: calculatedId } });
    standby.resourceCountIs('AWS::Route53::HealthCheck', 1);
  });

  test('sloRegionalHealthSignal: false by the user is kept: the primary uses the endpoint check alone', () => {
    const { pair, primary } = buildPair({ serviceProps: { ...SLO_PROPS, sloRegionalHealthSignal: false } });
    expect(pair.primaryService!.slos!.regionalHealthAlarms).toEqual([]);
    primary.resourceCountIs('AWS::Route53::HealthCheck', 1);
    expect(pair.primaryHealthCheck).toBe(pair.primaryEndpointHealthCheck);
  });

  test('without SLOs the primary uses the endpoint check alone', () => {
    const { pair, primary } = buildPair();
    expect(pair.primaryService!.slos).toBeUndefined();
    primary.resourceCountIs('AWS::Route53::HealthCheck', 1);
    primary.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS' }) });
    primary.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'PRIMARY', HealthCheckId: { Ref: pair.primaryStack.getLogicalId(pair.primaryEndpointHealthCheck.node.defaultChild as route53.CfnHealthCheck) } });
  });
});

describe('the drill', () => {
  const { app, pair, standby, primary } = buildPair();
  const assembly = app.synth();
  const docs = standby.findResources('AWS::SSM::Document');

  test('the failover and fail-back documents live in the standby stack only, with deterministic names', () => {
    primary.resourceCountIs('AWS::SSM::Document', 0);
    expect(Object.values(docs).map((d) => [d.Properties.Name, d.Properties.DocumentType, d.Properties.Content.schemaVersion]).sort()).toEqual([
      ['Shop-fail-back', 'Automation', '0.3'],
      ['Shop-failover', 'Automation', '0.3'],
    ]);
  });

  test('failover scales the standby to the primary\'s count, waits for the tasks, then inverts the primary\'s health check', () => {
    const failover = Object.values(docs).find((d) => d.Properties.Name === 'Shop-failover')!.Properties.Content;
    expect(failover.mainSteps.map((s: { name: string; action: string }) => `${s.name} ${s.action}`)).toEqual([
      'ScaleUpStandby aws:executeAwsApi', 'WaitForStandbyTasks aws:executeScript', 'ShiftDns aws:branch', 'InvertPrimaryHealthCheck aws:executeAwsApi', 'Done aws:sleep',
    ]);
    expect(failover.mainSteps[0].inputs).toMatchObject({ Service: 'application-autoscaling', Api: 'RegisterScalableTarget', ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', MinCapacity: 3, MaxCapacity: 9 });
    expect(failover.mainSteps[1].inputs.InputPayload.wanted).toBe(3);
    expect(failover.mainSteps[3].inputs).toEqual({ Service: 'route53', Api: 'UpdateHealthCheck', HealthCheckId: '{{ PrimaryHealthCheckId }}', Inverted: true });
    expect(failover.mainSteps[2].inputs.Choices[0]).toEqual({ NextStep: 'InvertPrimaryHealthCheck', Not: { Variable: '{{ PrimaryHealthCheckId }}', StringEquals: 'none' } });
    expect(failover.parameters.PrimaryHealthCheckId.default).toBe('none');
  });

  test('fail-back restores the check, waits detection + TTL (3 x 10 s + 60 s), then returns the standby to its 2 tasks', () => {
    const back = Object.values(docs).find((d) => d.Properties.Name === 'Shop-fail-back')!.Properties.Content;
    expect(back.mainSteps.map((s: { name: string }) => s.name)).toEqual(['RestorePrimaryHealthCheck', 'WaitForDnsToMoveBack', 'ScaleDownStandby']);
    expect(back.mainSteps[0].inputs.Inverted).toBe(false);
    expect(back.mainSteps[1].inputs.Duration).toBe('PT90S');
    expect(back.mainSteps[2].inputs).toMatchObject({ MinCapacity: 2, MaxCapacity: 9 });
  });

  test('the runbook is written beside the report with the exact commands, the modelled RTO and the fail-back', () => {
    const files = fs.readdirSync(assembly.directory);
    expect(files).toEqual(expect.arrayContaining(['cloud-native-report.md', 'Shop-runbook.md']));
    const text = fs.readFileSync(path.join(assembly.directory, pair.runbookFileName), 'utf8');
    expect(text).toContain('aws ssm start-automation-execution --region us-west-2 --document-name Shop-failover --parameters PrimaryHealthCheckId=$HC');
    expect(text).toContain('aws ssm start-automation-execution --region us-west-2 --document-name Shop-fail-back --parameters PrimaryHealthCheckId=$HC');
    expect(text).toContain("aws cloudformation describe-stacks --region us-east-1 --stack-name Shop-primary --query \"Stacks[0].Outputs[?OutputKey=='PrimaryHealthCheckId'].OutputValue\" --output text");
    expect(text).toContain('- Region loss, automatic (no person): 350 s = detection 3 x 10 s = 30 s');
    expect(text).toContain('- Drill or planned failover with the automation below: 170 s');
    expect(text).toContain('| pilot light | 1 | $18.02 |');
    expect(text).toContain('RPO: not modelled');
    expect(text).toContain('## Deployment order');
  });
});

test('the environments given are used as they are (both accounts may differ)', () => {
  const p = new ActivePassiveRegionPair(newApp(), 'Other', pairProps({ standby: { ...STANDBY, account: '210987654321' }, primary: PRIMARY }));
  expect(p.standbyStack.account).toBe('210987654321');
});
