import { Duration } from 'aws-cdk-lib';

/** Options of DNS failover on Route 53 health checks. */
export interface DnsHealthCheckOptions {
  /**
   * How often each Route 53 health checker probes each region's load balancer: 10 or 30 seconds
   * only (Route 53 API, HealthCheckConfig.RequestInterval; the CDK L2 accepts other values and the
   * API rejects them at deploy). 10 s is billed as an optional feature.
   *
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;

  /**
   * Consecutive failed checks before Route 53 considers the endpoint unhealthy (1-10,
   * HealthCheckConfig.FailureThreshold: "Valid values are integers between 1 and 10"). Detection
   * takes about interval x failureThreshold.
   *
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * How long resolvers cache an answer, at most 60 s (Route 53 recommends 60 s or less with health
   * checks, Route 53 FAQ). The records are aliases to the load balancers, which have no TTL of their
   * own ("If an alias record points to an AWS resource, you can't set the time to live (TTL); Route
   * 53 uses the default TTL for the resource", Developer Guide, "Choosing between alias and
   * non-alias records"; the FAQ states a fixed 60 s for ELB): Route 53 answers with 60 s, so the modelled recovery always counts 60 s and a
   * lower value is a tagged warning (`cdk-cloud-native-patterns:AliasTtlFixed`).
   *
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;

  /**
   * Regions the Route 53 health checkers probe from: at least 3 (Route 53 API Reference,
   * HealthCheckConfig.Regions, minimum 3 items). Route 53 considers an endpoint healthy while more
   * than 18 % of the checkers report it healthy (Developer Guide, "How Amazon Route 53 determines
   * whether a health check is healthy").
   *
   * @default ['us-east-1', 'eu-west-1', 'ap-southeast-1']
   */
  readonly regions?: string[];
}

/**
 * How a region pair moves traffic from the primary to the standby region.
 */
export class Failover {
  /**
   * DNS failover: each regional stack owns its own failover alias record (PRIMARY in the primary,
   * SECONDARY in the standby, `evaluateTargetHealth: true`) and a Route 53 health check on its load
   * balancer. When the primary's check fails, Route 53 answers with the standby's record by itself.
   */
  public static dnsHealthCheck(options: DnsHealthCheckOptions = {}): Failover {
    return new Failover('DNS_HEALTH_CHECK', options ?? {});
  }

  /** The failover mechanism (`DNS_HEALTH_CHECK`). */
  public readonly mechanism: string;
  /** The options it was created with. */
  public readonly dnsOptions: DnsHealthCheckOptions;

  private constructor(mechanism: string, options: DnsHealthCheckOptions) {
    this.mechanism = mechanism;
    this.dnsOptions = options;
  }
}
