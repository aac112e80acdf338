import { App, Annotations as CoreAnnotations, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { build, envStack, IMAGE, importedVpc } from './fixtures';
import { ServiceCapacity, StatelessService, StatelessServiceProps } from '../../src';
import { PatternValidationError } from '../../src/core/errors';

function attempt(props: Partial<StatelessServiceProps>, stack?: ReturnType<typeof envStack>) {
  return () => new StatelessService(stack ?? envStack(), 'Web', { image: IMAGE, ...props });
}

describe('StatelessService rejects bad input with the prop and the fix', () => {
  const cases: Array<[string, Partial<StatelessServiceProps>, RegExp]> = [
    ['cpu that Fargate does not offer', { cpu: 300 }, /cpu: 300 is not a Fargate CPU value\. Fix: use one of 256, 512, 1024/],
    ['memory that does not fit the cpu', { cpu: 256, memoryLimitMiB: 4096 }, /cpu and memoryLimitMiB: 4096 MiB is not a Fargate memory value for 256 CPU units\. Fix: with cpu 256 use memoryLimitMiB 512, 1024 or 2048/],
    ['memory off the 1 GiB steps of 2 vCPU', { cpu: 2048, memoryLimitMiB: 5000 }, /memoryLimitMiB 4096 to 16384 in steps of 1024/],
    ['fractional memory', { memoryLimitMiB: 1024.5 }, /memoryLimitMiB: must be a whole number/],
    ['container port 0', { containerPort: 0 }, /containerPort: is 0, outside the allowed range between 1 and 65535/],
    ['container port above 65535', { containerPort: 70000 }, /containerPort: is 70000.*Fix: set containerPort between 1 and 65535/],
    ['minHealthyTasks 0', { minHealthyTasks: 0 }, /minHealthyTasks: is 0, outside the allowed range of at least 1/],
    ['desired count below the zone-loss floor', { desiredCount: 2 }, /desiredCount: 2 tasks over 3 zones keep only 1 after a zone is lost, below minHealthyTasks 2.*Fix: set desiredCount to at least 3/],
    ['desired count 0', { desiredCount: 0 }, /desiredCount: is 0, outside the allowed range of at least 1/],
    ['max capacity below the desired count', { desiredCount: 6, maxCapacity: 4 }, /maxCapacity: 4 is below the desired count \(the autoscaling minimum\) 6\. Fix: set maxCapacity to at least 6/],
    ['drain as long as the stop timeout', { deregistrationDelay: Duration.seconds(60), stopTimeout: Duration.seconds(60) }, /deregistrationDelay and stopTimeout: the drain \(60 s\) is not shorter than the stop timeout \(60 s\).*Fix: make deregistrationDelay shorter than stopTimeout/],
    ['drain at the 300 s target-group default', { deregistrationDelay: Duration.seconds(300) }, /deregistrationDelay and stopTimeout: the drain \(300 s\)/],
    ['stop timeout above 120 s', { stopTimeout: Duration.seconds(150) }, /stopTimeout: is 150 s; Fargate allows 2-120 s.*Fix: set stopTimeout between 2 and 120 seconds/],
    ['drain above 3600 s', { deregistrationDelay: Duration.seconds(4000) }, /deregistrationDelay: is 4000 s; target groups allow 0-3600 s/],
    ['secret-looking environment key', { environment: { DB_PASSWORD: 'hunter2' } }, /environment: DB_PASSWORD looks like a secret.*Fix: pass it in `secrets` with ecs\.Secret\.fromSecretsManager/],
    ['several secret-looking keys (camelCase too)', { environment: { stripeApiKey: 'x', GITHUB_TOKEN: 'y' } }, /environment: GITHUB_TOKEN, stripeApiKey look like a secret/],
    ['CPU target out of range', { targetCpuUtilizationPercent: 95 }, /targetCpuUtilizationPercent: is 95, outside the allowed range between 10 and 90/],
    ['requestsPerTarget 0', { requestsPerTarget: 0 }, /requestsPerTarget: is 0, outside the allowed range of at least 1/],
    ['relative health check path', { healthCheckPath: 'health' }, /healthCheckPath: "health" is not an absolute path\. Fix: set healthCheckPath to a path starting with "\/"/],
    ['health check interval above 300 s', { healthCheckInterval: Duration.seconds(600) }, /healthCheckInterval: is 600 s; ALB health checks run every 5-300 s/],
    ['grace period above an hour', { healthCheckGracePeriod: Duration.hours(2) }, /healthCheckGracePeriod: is 7200 s/],
    ['maxAzs 1 for the VPC it creates', { maxAzs: 1 }, /maxAzs: is 1, outside the allowed range of at least 2/],
    ['spot with ARM64 tasks', { capacity: ServiceCapacity.spotAboveOnDemandBase(), cpuArchitecture: ecs.CpuArchitecture.ARM64 }, /capacity and cpuArchitecture: Fargate Spot runs X86_64 tasks only/],
    ['spot weight 0', { capacity: ServiceCapacity.spotAboveOnDemandBase({ spotWeight: 0 }) }, /capacity\.spotWeight: is 0, outside the allowed range between 1 and 1000/],
    ['negative on-demand weight', { capacity: ServiceCapacity.spotAboveOnDemandBase({ onDemandWeight: -1 }) }, /capacity\.onDemandWeight: is -1/],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    expect(attempt(props)).toThrow(PatternValidationError);
    expect(attempt(props)).toThrow(message);
  });

  test('a key set in both environment and secrets', () => {
    const stack = envStack();
    const p = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'P', { parameterName: '/x' });
    expect(attempt({ environment: { DATABASE: 'a' }, secrets: { DATABASE: ecs.Secret.fromSsmParameter(p) } }, stack))
      .toThrow(/environment and secrets: DATABASE set in both.*Fix: remove the key from `environment`/);
  });

  test('both vpc and cluster given, in different VPCs', () => {
    const stack = envStack();
    const a = importedVpc(stack, 3, 'A');
    const b = importedVpc(stack, 3, 'B');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: b });
    expect(attempt({ vpc: a, cluster }, stack)).toThrow(/vpc and cluster: the cluster is in a different VPC than `vpc`\. Fix: pass only `cluster`/);
  });

  test('domainName without a zone or certificate', () => {
    expect(attempt({ domainName: 'api.example.com' })).toThrow(/domainName: is set without domainZone or certificate.*Fix: also pass domainZone/);
  });

  test('domainZone without domainName', () => {
    const stack = envStack();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Z', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    expect(attempt({ domainZone: zone }, stack)).toThrow(/domainZone: is set without domainName/);
  });

  test('task subnets in a single zone', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    expect(attempt({ vpc, taskSubnets: { subnets: [vpc.privateSubnets[0]] } }, stack))
      .toThrow(/taskSubnets: the task subnets span 1 zone; a zone failure would take the whole service down/);
  });

  test('public task subnets', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    expect(attempt({ vpc, taskSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, stack))
      .toThrow(/taskSubnets: selects public subnets; tasks would need public IPs/);
  });

  test('several problems are reported together, one line each', () => {
    const fn = attempt({ cpu: 300, containerPort: 0, environment: { API_KEY: 'x' } });
    expect(fn).toThrow(/\[Stack\/Web\] 3 problems with the props:\n  - cpu: .*\n  - containerPort: .*\n  - environment: API_KEY/);
  });

  test('names that only point at a secret are fine', () => {
    expect(attempt({ environment: { PASSWORD_FILE: '/run/secrets/db', TOKEN_URL: 'https://x', SECRET_ARN: 'arn:x' } })).not.toThrow();
  });

  test('an HTTPS service with a certificate is not warned about', () => {
    const stack = envStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/x');
    build({ certificate }, stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-cloud-native-patterns:HttpOnly'))).toHaveLength(0);
  });
});

describe('StatelessService warnings for legitimate but risky choices', () => {
  test('requireZoneLossHeadroom: false turns the shortfall into a tagged warning', () => {
    const { stack, template } = build({ desiredCount: 2, requireZoneLossHeadroom: false });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 2 });
    Annotations.fromStack(stack).hasWarning('/Stack/Web',
      Match.stringLikeRegexp('desiredCount 2 tasks over 3 zones keep only 1 after a zone is lost.*\\[ack: cdk-cloud-native-patterns:ZoneLossShortfall\\]'));
  });

  test('logs kept forever', () => {
    const { stack } = build({ logRetention: logs.RetentionDays.INFINITE });
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('INFINITE.*\\[ack: cdk-cloud-native-patterns:LogsKeptForever\\]'));
  });

  test('HTTP only', () => {
    const { stack } = build();
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('\\[ack: cdk-cloud-native-patterns:HttpOnly\\]'));
  });

  test('spot on an imported cluster', () => {
    const stack = envStack();
    const vpc = importedVpc(stack, 3);
    const cluster = ecs.Cluster.fromClusterAttributes(stack, 'C', { clusterName: 'shared', vpc, securityGroups: [] });
    build({ cluster, capacity: ServiceCapacity.spotAboveOnDemandBase() }, stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Web', Match.stringLikeRegexp('FARGATE_SPOT capacity providers.*\\[ack: cdk-cloud-native-patterns:ImportedClusterCapacityProviders\\]'));
  });

  test('no region on the stack: access logs cannot be configured', () => {
    const stack = new Stack(new App(), 'NoEnv');
    const s = new StatelessService(stack, 'Web', { image: IMAGE });
    expect(s.accessLogsBucket).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/NoEnv/Web', Match.stringLikeRegexp('\\[ack: cdk-cloud-native-patterns:AccessLogsNeedRegion\\]'));
  });

  test('warnings can be acknowledged', () => {
    const stack = envStack();
    const s = new StatelessService(stack, 'Web', { image: IMAGE });
    CoreAnnotations.of(s).acknowledgeWarning('cdk-cloud-native-patterns:HttpOnly', 'TLS terminates at CloudFront in front of this service');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('HttpOnly'))).toHaveLength(0);
  });
});
