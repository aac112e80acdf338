import { Duration } from 'aws-cdk-lib';

/**
 * Opinionated defaults of ActivePassiveRegionPair, as plain data apart from the wiring. Each value
 * is asserted by a test and stated in the props' TSDoc.
 */
export const REGION_PAIR_DEFAULTS = {
  /** Route 53 health check request interval: 10 s is the "fast" interval (an optional feature, billed). */
  healthCheckInterval: Duration.seconds(10),
  /** Consecutive failed checks before Route 53 marks the endpoint unhealthy (1-10). */
  failureThreshold: 3,
  /**
   * The TTL clients cache an answer for. Alias records to a load balancer have no TTL of their own:
   * Route 53 answers with the load balancer's fixed 60 s (Route 53 FAQ, "Do I need to adjust the
   * TTL of my records in order to use DNS Failover?").
   */
  ttl: Duration.seconds(60),
  /** Route 53 health checker regions: the API needs at least 3 (HealthCheckConfig.Regions). */
  healthCheckRegions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
  /** Warm standby share of the primary's task count. */
  warmCapacityPercent: 50,
  /**
   * Application Auto Scaling target tracking's scale-out alarm: 3 datapoints of 1 minute
   * (assumed: the alarm the service creates for a target tracking policy).
   */
  scaleOutAlarmSeconds: 180,
  /** Load balancer health check of StatelessService: passes before a new task takes traffic. */
  healthyThresholdCount: 2,
  /** StatelessService's load balancer health check interval, seconds. */
  targetHealthCheckIntervalSeconds: 10,
  /** Assumed seconds from placing a task to its container listening (the report's default). */
  taskStartSeconds: 60,
  /** StatelessService's CPU target (percent), which bounds how fast target tracking grows a saturated service. */
  targetCpuUtilizationPercent: 50,
} as const;

/**
 * Route 53 health check prices in US dollars a month, as dated, stated assumptions (Route 53
 * pricing page, https://aws.amazon.com/route53/pricing/, "Health checks"; not read at synth and
 * not confirmed in this library's price table). Override nothing here: the report labels them.
 */
export const ROUTE53_HEALTH_CHECK_PRICES = {
  asOf: '2026-12-01',
  /** Basic health check of an AWS endpoint (a load balancer), per month. */
  awsEndpointMonth: 0.5,
  /** Each optional feature (HTTPS, fast 10 s interval, string matching, latency) of an AWS endpoint check, per month. */
  optionalFeatureMonth: 1.0,
  /** A calculated or CloudWatch-metric health check (no endpoint), assumed billed like a basic AWS endpoint check. */
  nonEndpointMonth: 0.5,
} as const;
