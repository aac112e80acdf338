import { Duration, Lazy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AVAILABILITY, envStack, IMAGE, importedVpc, LATENCY, serviceWithDrills } from './fixtures';
import { DrillKind, ServiceCapacity, StatelessService } from '../../src';

const DEPLOYMENT_ALARM = { 'Fn::GetAtt': ['WebSlosavailabilityfastburnshort0B850ED4', 'Arn'] };
const PARTITION = { Ref: 'AWS::Partition' };
const arn = (...rest: unknown[]) => ({ 'Fn::Join': ['', ['arn:', PARTITION, ...rest]] });

describe('StatelessService drills with default settings', () => {
  const { template, service } = serviceWithDrills({});

  test('one experiment template per drill the profile supports: task churn and zone disruption', () => {
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 2);
    expect(service.drills!.kinds).toEqual([DrillKind.TASK_CHURN, DrillKind.ZONE_DISRUPTION]);
  });

  test('task churn: aws:ecs:stop-task on one zone\'s share (34 %) of the service\'s tasks, stopped by the SLO deployment alarm, logged', () => {
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Description: 'Stack/Web: instance churn, stops 34 % of the service\'s tasks (aws:ecs:stop-task); stops on the SLO alarms',
      RoleArn: { 'Fn::GetAtt': ['WebDrillsTaskChurnRole4C73C2E5', 'Arn'] },
      Targets: Match.objectEquals({
        ServiceTasks: {
          ResourceType: 'aws:ecs:task',
          Parameters: { cluster: { Ref: 'WebCluster20B6B362' }, service: { 'Fn::GetAtt': ['WebServiceD04B5F3E', 'Name'] } },
          SelectionMode: 'PERCENT(34)',
        },
      }),
      Actions: Match.objectEquals({
        StopTasks: { ActionId: 'aws:ecs:stop-task', Description: 'Stops a share of the service\'s tasks', Targets: { Tasks: 'ServiceTasks' } },
      }),
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: DEPLOYMENT_ALARM }],
      LogConfiguration: { LogSchemaVersion: 2, CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': ['WebDrillsExperimentLogs520EDEF3', 'Arn'] } } },
      ExperimentOptions: { AccountTargeting: 'single-account', EmptyTargetResolutionMode: 'fail' },
      Tags: { Name: 'Stack/Web-task-churn' },
    });
  });

  test('zone disruption: aws:network:disrupt-connectivity, scope all, 10 minutes, on the task subnet of the first zone only', () => {
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Description: 'Stack/Web: zone disruption, cuts off the workload\'s subnets in us-east-1a for 10 min (aws:network:disrupt-connectivity); stops on the SLO alarms',
      Targets: Match.objectEquals({
        ZoneSubnets: {
          ResourceType: 'aws:ec2:subnet',
          ResourceArns: [arn(':ec2:us-east-1:123456789012:subnet/', { Ref: 'WebVpcPrivateSubnet1Subnet9F8BAF20' })],
          SelectionMode: 'ALL',
        },
      }),
      Actions: Match.objectEquals({
        DisruptZone: {
          ActionId: 'aws:network:disrupt-connectivity',
          Description: 'Denies all traffic in and out of the workload\'s subnets in us-east-1a',
          Parameters: { scope: 'all', duration: 'PT10M' },
          Targets: { Subnets: 'ZoneSubnets' },
        },
      }),
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: DEPLOYMENT_ALARM }],
    });
  });

  test('each experiment role is trusted by FIS for this account only', () => {
    for (const id of ['WebDrillsTaskChurnRole4C73C2E5', 'WebDrillsZoneDisruptionRoleD75F0B8A']) {
      expect(template.toJSON().Resources[id].Properties.AssumeRolePolicyDocument).toEqual({
        Statement: [{
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
        }],
        Version: '2012-10-17',
      });
    }
  });

  test('the task churn role may stop and describe only tasks of the service\'s cluster', () => {
    expect(template.toJSON().Resources.WebDrillsTaskChurnPolicy47C38889.Properties.PolicyDocument.Statement).toEqual([
      {
        Action: ['ecs:StopTask', 'ecs:DescribeTasks'],
        Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': ['WebCluster20B6B362', 'Arn'] } } },
        Effect: 'Allow',
        Resource: arn(':ecs:us-east-1:123456789012:task/', { Ref: 'WebCluster20B6B362' }, '/*'),
      },
      { Action: 'ecs:ListTasks', Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': ['WebCluster20B6B362', 'Arn'] } } }, Effect: 'Allow', Resource: '*' },
      { Action: 'tag:GetResources', Effect: 'Allow', Resource: '*' },
      { Action: ['logs:CreateLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy'], Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('the zone disruption role changes only FIS-tagged network ACLs, in the VPC, associated with the drilled subnet', () => {
    const acls = arn(':ec2:us-east-1:123456789012:network-acl/*');
    expect(template.toJSON().Resources.WebDrillsZoneDisruptionPolicy36A084F0.Properties.PolicyDocument.Statement).toEqual([
      { Action: 'ec2:CreateNetworkAcl', Effect: 'Allow', Resource: arn(':ec2:us-east-1:123456789012:vpc/', { Ref: 'WebVpcC228DE21' }) },
      { Action: ['ec2:CreateNetworkAcl', 'ec2:CreateTags'], Condition: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } }, Effect: 'Allow', Resource: acls },
      { Action: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], Condition: { StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } }, Effect: 'Allow', Resource: acls },
      {
        Action: 'ec2:ReplaceNetworkAclAssociation',
        Effect: 'Allow',
        Resource: [arn(':ec2:us-east-1:123456789012:subnet/', { Ref: 'WebVpcPrivateSubnet1Subnet9F8BAF20' }), acls],
      },
      {
        Action: ['ec2:DescribeManagedPrefixLists', 'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries'],
        Effect: 'Allow',
        Resource: '*',
      },
      { Action: ['logs:CreateLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy'], Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('the experiments log to a log group kept a year and retained on delete', () => {
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toContain('WebDrillsExperimentLogs520EDEF3');
  });

  test('the stack outputs each template id', () => {
    template.hasOutput('WebDrillsTaskChurnExperimentTemplateIdD5EC2CC1', { Value: { Ref: 'WebDrillsTaskChurnExperiment0E2AFC27' } });
    template.hasOutput('WebDrillsZoneDisruptionExperimentTemplateId02D28F84', { Value: { Ref: 'WebDrillsZoneDisruptionExperiment90A760C1' } });
  });

  test('the load balancer\'s ARC zonal shift integration is on; no zonal autoshift unless asked', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'zonal_shift.config.enabled', Value: 'true' }]),
    });
    template.resourceCountIs('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', 0);
  });

  test('the drills as the report lists them: claim, expected outcome with the modelled recovery, command, cost per run', () => {
    const [churn, zone] = service.drills!.drillProfiles;
    expect(churn).toEqual({
      name: 'task churn',
      domain: 'instance',
      claim: expect.stringMatching(/^survives instance: the load balancer stops routing to a failed task/),
      action: 'aws:ecs:stop-task on PERCENT(34) of the running tasks of the service (target aws:ecs:task by cluster and service); at the minimum of 3 tasks that is floor(3 x 34 / 100) = 1',
      expectedOutcome: 'SLO held (no stop alarm fires): the load balancer drains the stopped tasks and the others serve; ECS starts replacements, back at full capacity within 100 s, '
        + 'the modelled instance recovery (detection 2 x 10 s = 20 s + task start 60 s (assumed) + healthy 2 x 10 s = 20 s = 100 s)',
      recoverySeconds: 100,
      command: 'aws fis start-experiment --region us-east-1 --experiment-template-id $(aws cloudformation describe-stacks --region us-east-1 --stack-name Stack '
        + '--query "Stacks[0].Outputs[?OutputKey==\'WebDrillsTaskChurnExperimentTemplateIdD5EC2CC1\'].OutputValue" --output text)',
      stopConditions: ['Stack-Web-Slos-availability-9425738E-fast-burn-short'],
      costPerRun: {
        item: 'AWS FIS action-minutes per run',
        priceItem: 'FIS_ACTION_MINUTE',
        quantity: 1,
        quantityArithmetic: '1 action-minute (1 action; stop-task ends within seconds, billed rounded to the nearest minute: counted as 1 (assumed); AWS FIS pricing https://aws.amazon.com/fis/pricing/)',
      },
    });
    expect(zone.name).toBe('zone disruption');
    expect(zone.domain).toBe('zone');
    expect(zone.claim).toBe('survives zone: 3 tasks over 3 zones: losing the fullest zone (ceil(3 / 3) = 1 tasks) leaves 2 >= 2 needed; ECS replaces the lost tasks in the other zones');
    expect(zone.expectedOutcome).toMatch(/^SLO held: the tasks in us-east-1a lose all traffic in and out; .* back at full capacity within 100 s, the modelled zone recovery .*Not modelled: replacements ECS places in us-east-1a cannot start until the disruption ends after 10 min$/);
    expect(zone.costPerRun.quantity).toBe(10);
    expect(zone.costPerRun.quantityArithmetic).toBe('10 action-minutes (1 action x 10 min; AWS FIS pricing https://aws.amazon.com/fis/pricing/)');
  });
});

describe('StatelessService without drills', () => {
  test('no experiment; the zonal shift integration is on all the same (StatelessService zonalShift, default true)', () => {
    const stack = envStack();
    new StatelessService(stack, 'Web', { image: IMAGE });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'zonal_shift.config.enabled', Value: 'true' }]),
    });
  });

  test('zonalShift and drills.zonalShift: drills repeat the service\'s setting; disagreeing, or not booleans (JavaScript), are errors naming both', () => {
    const stack = envStack();
    const off = new StatelessService(stack, 'Off', { image: IMAGE, zonalShift: false, slos: [AVAILABILITY], drills: { experiments: [DrillKind.TASK_CHURN] } });
    expect(off.drills!.zonalShiftEnabled).toBe(false);
    expect(() => new StatelessService(envStack(), 'Web', { image: IMAGE, zonalShift: true, slos: [AVAILABILITY], drills: { zonalShift: false } }))
      .toThrow(/zonalShift and drills\.zonalShift: disagree \(true and false\)\. Fix: set zonalShift only/);
    expect(() => new StatelessService(envStack(), 'Web', { image: IMAGE, zonalShift: 'yes' as never }))
      .toThrow(/zonalShift: must be a boolean, got/);
  });
});

describe('Fargate Spot: the spot reclaim drill stops the FARGATE_SPOT tasks', () => {
  const { template, service } = serviceWithDrills({}, { capacity: ServiceCapacity.spotAboveOnDemandBase() });

  test('by default with task churn and zone disruption', () => {
    expect(service.drills!.kinds).toEqual([DrillKind.TASK_CHURN, DrillKind.SPOT_RECLAIM, DrillKind.ZONE_DISRUPTION]);
  });

  test('aws:ecs:stop-task on ALL the service\'s tasks filtered on CapacityProviderName FARGATE_SPOT', () => {
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Tags: { Name: 'Stack/Web-spot-reclaim' },
      Targets: Match.objectEquals({
        ServiceTasks: {
          ResourceType: 'aws:ecs:task',
          Parameters: { cluster: { Ref: 'WebCluster20B6B362' }, service: { 'Fn::GetAtt': ['WebServiceD04B5F3E', 'Name'] } },
          Filters: [{ Path: 'CapacityProviderName', Values: ['FARGATE_SPOT'] }],
          SelectionMode: 'ALL',
        },
      }),
      Actions: Match.objectEquals({
        StopTasks: { ActionId: 'aws:ecs:stop-task', Description: 'Stops the service\'s FARGATE_SPOT tasks', Targets: { Tasks: 'ServiceTasks' } },
      }),
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: DEPLOYMENT_ALARM }],
    });
  });

  test('the expected outcome states what a stop-task does not rehearse (the 2-minute warning)', () => {
    const spot = service.drills!.drillProfiles.find((d) => d.name === 'spot reclaim')!;
    expect(spot.expectedOutcome).toMatch(/the on-demand base keeps serving .*Unlike a real reclaim, StopTask sends no 2-minute warning/);
  });
});

describe('zonal shift drill and zonal autoshift', () => {
  test('the zonal shift drill: aws:arc:start-zonal-autoshift away from the first zone on the load balancer, 10 minutes', () => {
    const { template } = serviceWithDrills({ experiments: [DrillKind.ZONAL_SHIFT] });
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: Match.objectEquals({
        LoadBalancer: { ResourceType: 'aws:arc:zonal-shift-managed-resource', ResourceArns: [{ Ref: 'WebLoadBalancer8E8983B1' }], SelectionMode: 'ALL' },
      }),
      Actions: Match.objectEquals({
        ShiftAwayFromZone: {
          ActionId: 'aws:arc:start-zonal-autoshift',
          Description: 'Shifts the load balancer\'s traffic away from us-east-1a',
          Parameters: { availabilityZoneIdentifier: 'us-east-1a', duration: 'PT10M', managedResourceTypes: 'ALB', zonalAutoshiftStatus: 'ANY' },
          Targets: { ManagedResources: 'LoadBalancer' },
        },
      }),
    });
    const policy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([k]) => k.startsWith('WebDrillsZonalShiftPolicy'))![1] as { Properties: { PolicyDocument: { Statement: unknown[] } } };
    expect(policy.Properties.PolicyDocument.Statement.slice(0, 2)).toEqual([
      { Action: ['arc-zonal-shift:StartZonalShift', 'arc-zonal-shift:GetManagedResource'], Effect: 'Allow', Resource: { Ref: 'WebLoadBalancer8E8983B1' } },
      {
        Action: ['arc-zonal-shift:UpdateZonalShift', 'arc-zonal-shift:CancelZonalShift', 'arc-zonal-shift:ListManagedResources', 'autoscaling:DescribeTags', 'tag:GetResources'],
        Effect: 'Allow',
        Resource: '*',
      },
    ]);
  });

  test('zonal autoshift with one SLO: practice runs end on the deployment alarm, with the blocked windows and dates', () => {
    const { template } = serviceWithDrills({
      zonalAutoshift: true,
      practiceRunBlockedWindows: ['MON:09:00-MON:11:00'],
      practiceRunBlockedDates: ['2026-12-24'],
    });
    template.hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', Match.objectEquals({
      ResourceIdentifier: { Ref: 'WebLoadBalancer8E8983B1' },
      ZonalAutoshiftStatus: 'ENABLED',
      PracticeRunConfiguration: {
        OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: DEPLOYMENT_ALARM }],
        BlockedWindows: ['Mon:09:00-Mon:11:00'],
        BlockedDates: ['2026-12-24'],
      },
    }));
    // One stop alarm is the outcome alarm itself: the drills add no composite.
    expect(Object.keys(template.findResources('AWS::CloudWatch::CompositeAlarm')).filter((k) => k.startsWith('WebDrills'))).toEqual([]);
  });

  test('zonal autoshift with two SLOs: ARC takes one outcome alarm, so a composite of both deployment alarms', () => {
    const { template } = serviceWithDrills({ zonalAutoshift: true }, { slos: [AVAILABILITY, LATENCY] });
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmRule: {
        'Fn::Join': ['', [
          '(ALARM("', { 'Fn::GetAtt': ['WebSlosavailabilityfastburnshort0B850ED4', 'Arn'] },
          '") OR ALARM("', { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebSloslatencyfastburnshort'), 'Arn'] }, '"))',
        ]],
      },
      ActionsEnabled: false,
    });
    template.hasResourceProperties('AWS::ARCZonalShift::ZonalAutoshiftConfiguration', {
      PracticeRunConfiguration: { OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebDrillsPracticeRunOutcomeAlarm'), 'Arn'] } }] },
    });
  });

  test('zonalShift: false leaves the integration off and creates no zonal shift', () => {
    const { template } = serviceWithDrills({ zonalShift: false });
    const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as { Properties: { LoadBalancerAttributes: Array<{ Key: string }> } };
    expect(lb.Properties.LoadBalancerAttributes.map((a) => a.Key)).not.toContain('zonal_shift.config.enabled');
  });
});

describe('settings', () => {
  test('taskChurnPercent, duration and zone are honoured', () => {
    const { template, service } = serviceWithDrills({ taskChurnPercent: 50, duration: Duration.minutes(5), zone: 'us-east-1b' }, { minHealthyTasks: 2, desiredCount: 4 });
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', { Targets: { ServiceTasks: { SelectionMode: 'PERCENT(50)' } } });
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: { ZoneSubnets: { ResourceArns: [arn(':ec2:us-east-1:123456789012:subnet/', { Ref: 'WebVpcPrivateSubnet2SubnetB899A2E1' })] } },
      Actions: { DisruptZone: { Parameters: { scope: 'all', duration: 'PT5M' } } },
    });
    expect(service.drills!.drillProfiles[1].costPerRun.quantity).toBe(5);
  });

  test('explicit stop alarms replace the SLO alarms', () => {
    const stack = envStack();
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Mine', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:mine');
    const { template } = serviceWithDrills({ stopAlarms: [alarm] }, {}, stack);
    template.allResourcesProperties('AWS::FIS::ExperimentTemplate', {
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:mine' }],
    });
  });

  test('allowWithoutStopAlarms: stop condition none, with a tagged warning', () => {
    const stack = envStack();
    new StatelessService(stack, 'Web', { image: IMAGE, drills: { allowWithoutStopAlarms: true } });
    const t = Template.fromStack(stack);
    t.allResourcesProperties('AWS::FIS::ExperimentTemplate', { StopConditions: [{ Source: 'none' }] });
    Annotations.fromStack(stack).hasWarning('/Stack/Web/Drills', Match.stringLikeRegexp('^the drills of Stack/Web have no stop condition .*\\[ack: cdk-cloud-native-patterns:DrillWithoutStopCondition\\]$'));
  });
});

describe('warnings', () => {
  test('a share above the default FIS quota of 5 tasks per stop-task target is a tagged warning', () => {
    const { stack } = serviceWithDrills({}, { desiredCount: 18 });
    Annotations.fromStack(stack).hasWarning('/Stack/Web/Drills', Match.stringLikeRegexp(
      '^the task churn drill stops 6 tasks at the minimum count; the default FIS quota is 5 tasks.*\\[ack: cdk-cloud-native-patterns:DrillAboveFisQuota\\]$'));
  });

  test('no drill at all (nothing survived that a drill tests) is a tagged warning, and needs no stop alarm', () => {
    const stack = envStack();
    new StatelessService(stack, 'Web', { image: IMAGE, vpc: importedVpc(stack), desiredCount: 1, requireZoneLossHeadroom: false, drills: {} });
    Template.fromStack(stack).resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    Annotations.fromStack(stack).hasWarning('/Stack/Web/Drills', Match.stringLikeRegexp('^no failure drill was created for Stack/Web.*\\[ack: cdk-cloud-native-patterns:NoDrill\\]$'));
  });
});

describe('bad input', () => {
  const web = (drills: unknown, extra: object = {}) => () => new StatelessService(envStack(), 'Web', { image: IMAGE, drills: drills as never, ...extra });

  test('drills without SLO alarms are an error naming the opt-out', () => {
    expect(web({})).toThrow(/drills\.stopAlarms: is empty: an experiment without a stop condition can cause the outage it tests\. Fix: declare SLOs .*allowWithoutStopAlarms: true/);
  });

  test('zonal autoshift without alarms is an error even with the opt-out (ARC needs an outcome alarm)', () => {
    expect(web({ zonalAutoshift: true, allowWithoutStopAlarms: true })).toThrow(/drills\.stopAlarms: is empty, but zonal autoshift practice runs need an outcome alarm/);
  });

  test('a drill for a failure domain the workload does not survive names the domain and what adds it', () => {
    const stack = envStack();
    expect(() => new StatelessService(stack, 'Web', {
      image: IMAGE, vpc: importedVpc(stack), slos: [AVAILABILITY], drills: { experiments: [DrillKind.ZONE_DISRUPTION] },
    })).toThrow(/the zone disruption drill tests the zone failure domain, which Stack\/Web \(StatelessService\) does not survive: .*EgressAwareVpc.*Fix: spread the workload over 2 or more zones with zone-loss headroom in an EgressAwareVpc/);
    expect(web({ experiments: [DrillKind.REGION] }, { slos: [AVAILABILITY] }))
      .toThrow(/the region loss drill tests the region failure domain, which Stack\/Web \(StatelessService\) does not survive: single region.*Fix: ActivePassiveRegionPair adds the region failure domain/);
  });

  test('spot reclaim on an on-demand service names what adds spot capacity', () => {
    expect(web({ experiments: [DrillKind.SPOT_RECLAIM] }, { slos: [AVAILABILITY] }))
      .toThrow(/the spot reclaim drill: the workload runs no spot capacity: ServiceCapacity\.spotAboveOnDemandBase\(\) \(Fargate Spot\)/);
  });

  test('zonal autoshift with the zonal shift integration off, and the zonal shift drill without it', () => {
    expect(web({ zonalAutoshift: true, zonalShift: false, experiments: [DrillKind.ZONAL_SHIFT] }, { slos: [AVAILABILITY] })).toThrow(
      /2 problems.*zonal autoshift is on but zonal shift is off.*the zonal shift drill needs the load balancer's zonal shift integration/s);
  });

  test('more than 5 stop alarms, a share that stops no task or too many, bad windows and dates, a foreign zone: all at once', () => {
    const stack = envStack();
    const alarms = [1, 2, 3, 4, 5, 6].map((i) => cloudwatch.Alarm.fromAlarmArn(stack, `A${i}`, `arn:aws:cloudwatch:us-east-1:123456789012:alarm:a${i}`));
    expect(() => new StatelessService(stack, 'Web', {
      image: IMAGE,
      drills: {
        stopAlarms: alarms,
        taskChurnPercent: 10,
        practiceRunBlockedWindows: ['MON:09:00-TUE:11:00', 'mon 9-11'],
        practiceRunBlockedDates: ['24.12.2026'],
        zone: 'eu-west-1a',
        duration: Duration.seconds(90),
      },
    })).toThrow(new RegExp([
      'drills\\.stopAlarms: has 6 alarms; an FIS experiment template takes at most 5 stop conditions\\. Fix: combine them in a cloudwatch\\.CompositeAlarm',
      'drills\\.duration: is 1 minute 30 seconds, not a whole number of minutes',
      'drills\\.taskChurnPercent: 10 % of the minimum of 3 tasks is floor\\(3 x 10 / 100\\) = 0 tasks, and FIS fails an experiment that selects none\\. Fix: set taskChurnPercent to at least 34',
      'practiceRunBlockedWindows: "MON:09:00-TUE:11:00", "mon 9-11" are not in the UTC format Day:HH:MM-Day:HH:MM on one day',
      'practiceRunBlockedDates: "24.12.2026" is not in the UTC format YYYY-MM-DD',
      'drills\\.zone: \'eu-west-1a\' is not a zone of the workload \\(us-east-1a, us-east-1b, us-east-1c\\)',
    ].join('[\\s\\S]*')));
  });

  test('a share that leaves fewer tasks than the load needs', () => {
    expect(web({ taskChurnPercent: 70 }, { slos: [AVAILABILITY] }))
      .toThrow(/stopping floor\(3 x 70 \/ 100\) = 2 of 3 tasks leaves 1, below the 2 the load needs\. Fix: set taskChurnPercent to at most 33/);
  });

  test('drills need the report model: a token count that keeps the service from being modelled is an error', () => {
    expect(web({}, { slos: [AVAILABILITY], desiredCount: Lazy.number({ produce: () => 3 }) }))
      .toThrow(/drills: needs the report model of the workload, which token values prevent \(see the ReportNeedsConcreteValues warning\)\. Fix: pass concrete cpu, memoryLimitMiB/);
  });

  test('from JavaScript: wrong types are errors, not TypeErrors', () => {
    expect(web(5)).toThrow(/drills: must be DrillSettings, got 5/);
    expect(web({ stopAlarms: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:x'] }))
      .toThrow(/drills\.stopAlarms: holds 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:x', not CloudWatch alarms/);
    expect(web({ experiments: 'task-churn', stopAlarms: 'alarm' }, { slos: [AVAILABILITY] }))
      .toThrow(/drills\.experiments: must be an array of DrillKind, got 'task-churn'[\s\S]*drills\.stopAlarms: must be an array of CloudWatch alarms/);
    expect(web({ experiments: ['chaos'] }, { slos: [AVAILABILITY] }))
      .toThrow(/drills\.experiments: is 'chaos', not one of the allowed values\. Fix: set drills\.experiments to one of: DrillKind\.TASK_CHURN, DrillKind\.SPOT_RECLAIM/);
  });
});
