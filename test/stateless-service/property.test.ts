import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { IMAGE, importedVpc } from './fixtures';
import { StatelessService } from '../../src';
import { PatternValidationError } from '../../src/core/errors';
import { fargateMemoryFor } from '../../src/core/fargate';
import { survivorsAfterZoneLoss } from '../../src/core/zones';

/**
 * Any numeric input either synthesizes a template that keeps the pattern's invariants, or throws
 * the library's PatternValidationError: never another exception.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

// Mostly unset or plausible, sometimes wild: both outcomes are reached often.
const maybe = <T>(plausible: fc.Arbitrary<T>, wild?: fc.Arbitrary<T>) => fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: plausible, weight: 3 },
  { arbitrary: wild ?? plausible, weight: 1 },
);
const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 70000 }),
  fc.constantFrom(0, 1, 2, 3, 4, 256, 512, 1024, 2048, 4096, 8192, 16384, 65535, 65536),
  fc.double({ min: -10, max: 100000, noNaN: false }),
);

const props = fc.record({
  zones: fc.integer({ min: 1, max: 4 }),
  cpu: maybe(fc.constantFrom(256, 512, 1024, 2048, 4096, 8192, 16384), anyNumber),
  memoryLimitMiB: maybe(fc.constantFrom(512, 1024, 2048, 4096, 8192, 16384, 30720, 61440), anyNumber),
  containerPort: maybe(fc.integer({ min: 1, max: 65535 }), anyNumber),
  minHealthyTasks: maybe(fc.integer({ min: 1, max: 12 }), anyNumber),
  desiredCount: maybe(fc.integer({ min: 1, max: 40 }), anyNumber),
  maxCapacity: maybe(fc.integer({ min: 1, max: 100 }), anyNumber),
  stopTimeoutS: maybe(fc.integer({ min: 2, max: 120 }), fc.integer({ min: 0, max: 200 })),
  drainS: maybe(fc.integer({ min: 0, max: 119 }), fc.integer({ min: 0, max: 4000 })),
  intervalS: maybe(fc.integer({ min: 5, max: 300 }), fc.integer({ min: 1, max: 400 })),
  targetCpu: maybe(fc.integer({ min: 10, max: 90 }), anyNumber),
  requestsPerTarget: maybe(fc.integer({ min: 1, max: 5000 }), anyNumber),
});

test(`numeric props: a valid template or a PatternValidationError (${RUNS} runs)`, () => {
  let built = 0;
  let rejected = 0;
  fc.assert(fc.property(props, (p) => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = importedVpc(stack, p.zones);
    let service: StatelessService;
    try {
      service = new StatelessService(stack, 'Web', {
        image: IMAGE,
        vpc,
        cpu: p.cpu,
        memoryLimitMiB: p.memoryLimitMiB,
        containerPort: p.containerPort,
        minHealthyTasks: p.minHealthyTasks,
        desiredCount: p.desiredCount,
        maxCapacity: p.maxCapacity,
        stopTimeout: p.stopTimeoutS === undefined ? undefined : Duration.seconds(p.stopTimeoutS),
        deregistrationDelay: p.drainS === undefined ? undefined : Duration.seconds(p.drainS),
        healthCheckInterval: p.intervalS === undefined ? undefined : Duration.seconds(p.intervalS),
        targetCpuUtilizationPercent: p.targetCpu,
        requestsPerTarget: p.requestsPerTarget,
      });
    } catch (e) {
      if (!(e instanceof PatternValidationError)) throw e;
      rejected++;
      return;
    }
    const template = Template.fromStack(stack).toJSON();
    built++;
    const res = Object.values(template.Resources) as Array<{ Type: string; Properties: any }>;
    const of = (type: string) => res.filter((r) => r.Type === type).map((r) => r.Properties);
    const [svc] = of('AWS::ECS::Service');
    const [td] = of('AWS::ECS::TaskDefinition');
    const [tg] = of('AWS::ElasticLoadBalancingV2::TargetGroup');
    const [scalable] = of('AWS::ApplicationAutoScaling::ScalableTarget');
    const container = td.ContainerDefinitions[0];
    const attr = (k: string) => tg.TargetGroupAttributes.find((a: any) => a.Key === k)?.Value;

    // Zones and zone-loss headroom.
    expect(p.zones).toBeGreaterThanOrEqual(2);
    expect(svc.NetworkConfiguration.AwsvpcConfiguration.Subnets).toHaveLength(p.zones);
    // Autoscaling owns the count: none in the template, the scaling minimum keeps the zone-loss headroom.
    expect(svc).not.toHaveProperty('DesiredCount');
    expect(survivorsAfterZoneLoss(scalable.MinCapacity, p.zones)).toBeGreaterThanOrEqual(p.minHealthyTasks ?? 2);
    // Rollout safety.
    expect(svc.DeploymentConfiguration).toMatchObject({
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
    });
    // Valid Fargate size.
    expect(fargateMemoryFor(Number(td.Cpu))).toContain(Number(td.Memory));
    // Statelessness.
    expect(td.Volumes).toBeUndefined();
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(attr('stickiness.enabled')).toBe('false');
    // Graceful shutdown: drain 0-3600 s, then a stop timeout of 2-120 s (they add up; no order between them).
    const drain = Number(attr('deregistration_delay.timeout_seconds'));
    expect(drain).toBeGreaterThanOrEqual(0);
    expect(drain).toBeLessThanOrEqual(3600);
    expect(container.StopTimeout).toBeGreaterThanOrEqual(2);
    expect(container.StopTimeout).toBeLessThanOrEqual(120);
    // Health check timeout shorter than the interval.
    expect(tg.HealthCheckTimeoutSeconds).toBeLessThan(tg.HealthCheckIntervalSeconds);
    // Ports and scaling bounds.
    expect(container.PortMappings[0].ContainerPort).toBeGreaterThanOrEqual(1);
    expect(container.PortMappings[0].ContainerPort).toBeLessThanOrEqual(65535);
    expect(scalable.MaxCapacity).toBeGreaterThanOrEqual(scalable.MinCapacity);
    expect(service.desiredCount).toBe(scalable.MinCapacity);
  }), { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 20261128) });
  // The generator reaches both outcomes often enough to mean something.
  expect(built).toBeGreaterThan(RUNS / 20);
  expect(rejected).toBeGreaterThan(RUNS / 4);
});
