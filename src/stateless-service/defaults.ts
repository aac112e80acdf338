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
  /** Connection draining on the target group: well under the default 300 s so deployments move. */
  deregistrationDelay: Duration.seconds(30),
  /** SIGTERM to SIGKILL; above the drain, within Fargate Spot's 120 s warning. */
  stopTimeout: Duration.seconds(60),
  maxStopTimeoutSeconds: 120,
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
  /** Fargate Spot weight relative to the on-demand weight of 1, above the on-demand base. */
  spotWeight: 3,
  onDemandWeight: 1,
  idleTimeout: Duration.seconds(60),
} as const;
