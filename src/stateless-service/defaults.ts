import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Opinionated defaults of StatelessService, as plain data, apart from the wiring.
 * Each value is asserted by a test and stated in the props' TSDoc.
 */
export const STATELESS_SERVICE_DEFAULTS = {
  cpu: 512,
  memoryLimitMiB: 1024,
  containerPort: 80,
  /** Tasks the load needs while one zone is down. */
  minHealthyTasks: 2,
  /** Zones of a VPC the service creates. */
  maxAzs: 3,
  /**
   * Connection draining on the target group: well under the default 300 s so deployments move,
   * and under Fargate Spot's 120 s (a spot task is stopped 120 s after its warning).
   */
  deregistrationDelay: Duration.seconds(30),
  /** SIGTERM to SIGKILL, after the drain: a 30 + 60 = 90 s shutdown; at most Fargate's 120 s. */
  stopTimeout: Duration.seconds(60),
  healthCheckPath: '/',
  healthCheckInterval: Duration.seconds(10),
  healthCheckTimeout: Duration.seconds(5),
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 2,
  healthCheckGracePeriod: Duration.seconds(60),
  healthyHttpCodes: '200-399',
  minHealthyPercent: 100,
  maxHealthyPercent: 200,
  targetCpuUtilizationPercent: 50,
  /** Autoscaling ceiling, as a multiple of the desired count. */
  maxCapacityMultiplier: 3,
  scaleInCooldown: Duration.seconds(300),
  scaleOutCooldown: Duration.seconds(60),
  logRetention: logs.RetentionDays.ONE_MONTH,
  /** Fargate Spot weights above the on-demand base (minHealthyTasks): every task above it on spot. */
  spotWeight: 1,
  onDemandWeight: 0,
  idleTimeout: Duration.seconds(60),
} as const;
