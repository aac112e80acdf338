import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DrillSettings } from '../drills/settings';

/**
 * Prices and times the cloud-native report assumes for a SpotFleetWithFallback. The report's
 * embedded price table has no EC2 instance prices (they differ by type and region), so the fleet's
 * instance hours are priced with these, and each cost line says which were assumed.
 */
export interface FleetReportAssumptions {
  /**
   * The on-demand price of one instance hour, in US dollars. Spot instances are priced at this
   * less `spotDiscountPercent`. Set it to the list price of your instance types in your region.
   *
   * @default 0.096 - the m5.large Linux on-demand list price in us-east-1, an assumption
   */
  readonly onDemandHourlyUsd?: number;

  /**
   * How much less than on-demand a spot instance hour costs, in percent (0-100). Spot prices
   * float with supply and demand, so this is an assumption: set it from your spot price history.
   *
   * @default 70
   */
  readonly spotDiscountPercent?: number;

  /**
   * Instances running on average over a month (a whole number between minCapacity and
   * maxCapacity). They are split into on-demand and spot as the group does: the on-demand base,
   * then the on-demand percentage of the rest (rounded up), spot for the rest.
   *
   * @default - minCapacity
   */
  readonly averageInstances?: number;

  /**
   * Whole seconds from launching an instance to it taking work: launch, boot and, with
   * `cluster`, ECS agent registration. Measure yours: it is the replacement time in the report.
   *
   * @default 180
   */
  readonly instanceStartSeconds?: number;
}

/**
 * Props of SpotFleetWithFallback.
 */
export interface SpotFleetWithFallbackProps {
  /**
   * The VPC the instances run in.
   */
  readonly vpc: ec2.IVpc;

  /**
   * Subnets of the instances. They must span at least 2 zones.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * When given, the fleet becomes an ECS capacity provider of this cluster: ECS-optimized AMI,
   * managed scaling, managed termination protection, managed draining (on every Auto Scaling
   * termination, including Capacity Rebalancing) and spot instance draining by the ECS agent.
   *
   * @default - a plain Auto Scaling group, drained through a termination lifecycle hook
   */
  readonly cluster?: ecs.Cluster;

  /**
   * vCPUs of each instance. Instance types with exactly this many vCPUs are chosen from the
   * library's catalog of current-generation c, m and r families (2, 4, 8, 16 or 32).
   * Ignored when `instanceTypes` is given.
   *
   * @default 2
   */
  readonly vcpus?: number;

  /**
   * The least memory (MiB) each instance needs. Types with between this and twice this much
   * memory are chosen. Ignored when `instanceTypes` is given.
   *
   * @default 4096
   */
  readonly memoryMiB?: number;

  /**
   * CPU architecture of the instances (one AMI serves one architecture). When `machineImage` is
   * one of aws-cdk-lib's Amazon Linux or ECS-optimized images, its architecture is read from its
   * AWS public SSM parameter and must match the instance types.
   *
   * @default ec2.InstanceArchitecture.X86_64
   */
  readonly cpuArchitecture?: ec2.InstanceArchitecture;

  /**
   * An explicit list of instance types, instead of choosing them from `vcpus` and `memoryMiB`.
   * At least 3 types, all of one architecture; fewer than 6 types or 3 families is a tagged
   * warning (`cdk-cloud-native-patterns:FewSpotPools`). Types outside the library's catalog of
   * c, m and r types (GPU families such as g5 or p4d, burstable t types, larger sizes) are usable
   * when `reportAssumptions.onDemandHourlyUsd` states their price: the report has no price for
   * them otherwise, so without it they are an error.
   *
   * @default - chosen from `vcpus`, `memoryMiB` and `cpuArchitecture`
   */
  readonly instanceTypes?: ec2.InstanceType[];

  /**
   * The AMI of the instances. Its architecture must match the instance types.
   *
   * @default - the ECS-optimized Amazon Linux 2023 AMI with `cluster`, else the latest Amazon
   * Linux 2023 AMI (both resolved from SSM at deploy time)
   */
  readonly machineImage?: ec2.IMachineImage;

  /**
   * Commands run at instance start (appended to the user data).
   *
   * @default - none beyond the ECS agent configuration
   */
  readonly userDataCommands?: string[];

  /**
   * The least number of instances.
   *
   * @default 2
   */
  readonly minCapacity?: number;

  /**
   * The most instances.
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * Instances that are always on-demand: the floor that survives any spot shortage.
   * 0 is allowed only with some on-demand capacity above it (`onDemandPercentageAboveBaseCapacity`).
   *
   * @default 1
   */
  readonly onDemandBaseCapacity?: number;

  /**
   * Percentage (0-100) of the instances above the base that are on-demand. Auto Scaling's own
   * default is 100 (no spot); this construct sets it explicitly. The fallback raises it to 100
   * while spot capacity cannot be had.
   *
   * @default 0
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;

  /**
   * Whether instances get a public IP address (only useful in public subnets).
   *
   * @default false
   */
  readonly associatePublicIpAddress?: boolean;

  /**
   * Size of the encrypted gp3 root volume: a whole number of GiB, 1 to 16384 (gp3 limits).
   *
   * @default Size.gibibytes(30)
   */
  readonly rootVolumeSize?: Size;

  /**
   * With `cluster`: how long the ECS agent waits between SIGTERM and SIGKILL for containers that
   * set no stop timeout of their own (ECS_CONTAINER_STOP_TIMEOUT). At most 120 s: a spot instance
   * is reclaimed 2 minutes after its notice.
   *
   * @default Duration.seconds(90)
   */
  readonly containerStopTimeout?: Duration;

  /**
   * Without `cluster`: how long a terminating instance is held in the termination lifecycle hook
   * for its workload to finish (the workload may complete the hook earlier). 30 s to 2 hours.
   *
   * @default Duration.seconds(110)
   */
  readonly drainTimeout?: Duration;

  /**
   * How long after the last failed spot launch the fallback hands back to spot.
   * At least 5 minutes.
   *
   * @default Duration.minutes(15)
   */
  readonly handBackAfter?: Duration;

  /**
   * The fleet's name in the cloud-native report.
   *
   * @default - the construct path
   */
  readonly workloadName?: string;

  /**
   * The topic for Auto Scaling notifications (launch, terminate and their errors) and the fallback
   * alarm. For an encrypted topic, its key policy must let CloudWatch (cloudwatch.amazonaws.com)
   * and the Auto Scaling service-linked role use the key; the fleet does not change key policies.
   *
   * @default - a new topic (SSL enforced) with no subscription: subscribe to `notificationsTopic`,
   * or the alarm notifies no one
   */
  readonly notificationsTopic?: sns.ITopic;

  /**
   * Prices and times the cloud-native report assumes for the fleet.
   *
   * @default - $0.096 an on-demand instance hour (m5.large, us-east-1), 70 % spot discount,
   * minCapacity instances on average, 180 s instance start
   */
  readonly reportAssumptions?: FleetReportAssumptions;

  /**
   * Failure drills: AWS FIS experiments for the failure domains the fleet survives (spot reclaim
   * with spot instances, zone disruption of its subnets). The fleet has no SLO of its own: give
   * `drills.stopAlarms` from the work it runs (e.g. a backlog or running-task alarm). See the
   * README chapter "Failure drills".
   *
   * @default - no drills
   */
  readonly drills?: DrillSettings;
}
