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

/** Options of failover on Application Recovery Controller (ARC) routing controls. */
export interface RecoveryControllerOptions {
  /**
   * Assumed time from the primary's failure to the decision that flips the routing controls (a
   * person paged by the SLO alarm who confirms and runs the failover command, or the automation in
   * `automatedBy`). ARC does not detect failures: nothing fails over until someone or something
   * updates the routing control states. The modelled recovery starts with this.
   *
   * @default Duration.minutes(5)
   */
  readonly decisionTime?: Duration;

  /**
   * What flips the routing controls without a person (e.g. "EventBridge rule on the SLO alarm runs
   * the failover automation"), stated in the report and runbook. Without it, failover is manual and
   * the pair says so: a tagged warning (`cdk-cloud-native-patterns:ManualFailover`; the seed rules
   * out manual failover in a business-critical path) and a report that never calls it automatic.
   *
   * @default - no automation: a person runs the failover command from the runbook
   */
  readonly automatedBy?: string;

  /**
   * The ARC cluster's, control panel's and routing controls' name prefix.
   *
   * @default - the pair's workloadName
   */
  readonly namePrefix?: string;
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
    return new Failover('DNS_HEALTH_CHECK', options ?? {}, undefined);
  }

  /**
   * Application Recovery Controller routing controls: an ARC cluster, a control panel, one routing
   * control per region and an assertion safety rule (at least one region on), with a
   * RECOVERY_CONTROL Route 53 health check on each region's failover record. They live in a third
   * stack, `<prefix>-recovery-control` in us-west-2 (ARC's control plane region), because a routing
   * control's ARN holds generated ids: the health checks and the failover records that use them
   * must be in the stack that creates the controls. Each regional stack keeps its endpoint health
   * checks and a plain alias record `<region>.<recordName>` (a deterministic name) that the failover
   * records alias. Failover is a routing control state change (data plane only, not CloudFormation):
   * nothing fails over by itself; the runbook and stack outputs have the commands.
   */
  public static recoveryController(options: RecoveryControllerOptions = {}): Failover {
    return new Failover('RECOVERY_CONTROLLER', {}, options ?? {});
  }

  /** The failover mechanism (`DNS_HEALTH_CHECK` or `RECOVERY_CONTROLLER`). */
  public readonly mechanism: string;
  /** The DNS options it was created with (empty for `RECOVERY_CONTROLLER`: the regional endpoint checks then use the defaults). */
  public readonly dnsOptions: DnsHealthCheckOptions;
  /** The ARC options, for `RECOVERY_CONTROLLER`; undefined otherwise. */
  public readonly recoveryControllerOptions?: RecoveryControllerOptions;

  private constructor(mechanism: string, options: DnsHealthCheckOptions, arc: RecoveryControllerOptions | undefined) {
    this.mechanism = mechanism;
    this.dnsOptions = options;
    this.recoveryControllerOptions = arc;
  }
}
