import { RuleDefinition } from './rule';
import { AutoScalingSingleAZRule } from './rules/autoscaling/AutoScalingSingleAZ';
import { AutoScalingSpotAllocationRule } from './rules/autoscaling/AutoScalingSpotAllocation';
import { AutoScalingSpotDiversityRule } from './rules/autoscaling/AutoScalingSpotDiversity';
import { AutoScalingSpotOnDemandBaseRule } from './rules/autoscaling/AutoScalingSpotOnDemandBase';
import { AutoScalingSpotRebalanceRule } from './rules/autoscaling/AutoScalingSpotRebalance';
import { StatefulRetainPolicyRule } from './rules/cloudformation/StatefulRetainPolicy';
import { DynamoDBPointInTimeRecoveryRule } from './rules/dynamodb/DynamoDBPointInTimeRecovery';
import { EBSVolumeGP2Rule } from './rules/ec2/EBSVolumeGP2';
import { ECRLifecyclePolicyRule } from './rules/ecr/ECRLifecyclePolicy';
import { ECSContainerPlainSecretsRule } from './rules/ecs/ECSContainerPlainSecrets';
import { ECSContainerWritableRootFilesystemRule } from './rules/ecs/ECSContainerWritableRootFilesystem';
import { ECSServiceCircuitBreakerRule } from './rules/ecs/ECSServiceCircuitBreaker';
import { ECSServiceSingleAZRule } from './rules/ecs/ECSServiceSingleAZ';
import { ECSServiceSingleTaskRule } from './rules/ecs/ECSServiceSingleTask';
import { ECSSpotOnlyCapacityRule } from './rules/ecs/ECSSpotOnlyCapacity';
import { ECSTaskHostVolumesRule } from './rules/ecs/ECSTaskHostVolumes';
import { ElastiCacheAutomaticFailoverRule } from './rules/elasticache/ElastiCacheAutomaticFailover';
import { ELBDeregistrationDelayRule } from './rules/elb/ELBDeregistrationDelay';
import { ELBStickySessionsRule } from './rules/elb/ELBStickySessions';
import { LogGroupRetentionRule } from './rules/logs/LogGroupRetention';
import { RDSBackupRetentionRule } from './rules/rds/RDSBackupRetention';
import { RDSMultiAZRule } from './rules/rds/RDSMultiAZ';
import { Route53FailoverHealthCheckRule } from './rules/route53/Route53FailoverHealthCheck';
import { Route53FailoverPairRule } from './rules/route53/Route53FailoverPair';
import { Route53HealthCheckedTTLRule } from './rules/route53/Route53HealthCheckedTTL';
import { Route53LatencyHealthCheckRule } from './rules/route53/Route53LatencyHealthCheck';
import { Route53LatencyRegionSetRule } from './rules/route53/Route53LatencyRegionSet';
import { SQSQueueDeadLetterQueueRule } from './rules/sqs/SQSQueueDeadLetterQueue';
import { VPCNATWithoutGatewayEndpointsRule } from './rules/vpc/VPCNATWithoutGatewayEndpoints';
import { VPCPublicIPv4OnLaunchRule } from './rules/vpc/VPCPublicIPv4OnLaunch';

/** Pack names: finding ids are `<packName>-<RuleName>` (never `::`, see cdk-nag #2351). */
export const CLOUD_NATIVE_PACK = 'CloudNative';
export const COST_PACK = 'CloudNativeCost';

/** The CloudNative pack's rules, grouped as the pack applies them. */
export const CLOUD_NATIVE_RULES = {
  statelessness: [ELBStickySessionsRule, ECSTaskHostVolumesRule, ECSContainerWritableRootFilesystemRule, ECSContainerPlainSecretsRule],
  rollout: [ECSServiceCircuitBreakerRule, ELBDeregistrationDelayRule],
  zones: [ECSServiceSingleTaskRule, ECSServiceSingleAZRule, AutoScalingSingleAZRule],
  spot: [
    AutoScalingSpotDiversityRule, AutoScalingSpotAllocationRule, AutoScalingSpotRebalanceRule, AutoScalingSpotOnDemandBaseRule,
    ECSSpotOnlyCapacityRule,
  ],
  dataProtection: [
    RDSMultiAZRule, RDSBackupRetentionRule, DynamoDBPointInTimeRecoveryRule, ElastiCacheAutomaticFailoverRule, StatefulRetainPolicyRule,
  ],
  queues: [SQSQueueDeadLetterQueueRule],
  failover: [
    Route53FailoverHealthCheckRule, Route53FailoverPairRule, Route53HealthCheckedTTLRule, Route53LatencyHealthCheckRule, Route53LatencyRegionSetRule,
  ],
} as const;

/** The CloudNativeCost pack's rules. */
export const COST_RULES = {
  network: [VPCNATWithoutGatewayEndpointsRule, VPCPublicIPv4OnLaunchRule],
  storage: [LogGroupRetentionRule, ECRLifecyclePolicyRule, EBSVolumeGP2Rule],
} as const;

/** Every rule of a pack, in the order the pack applies them. */
export function packRules(pack: string): RuleDefinition[] {
  const groups: { readonly [group: string]: readonly RuleDefinition[] } =
    pack === CLOUD_NATIVE_PACK ? CLOUD_NATIVE_RULES : pack === COST_PACK ? COST_RULES : {};
  return Object.values(groups).flat();
}

/** The finding id of a rule in a pack. */
export function ruleId(pack: string, rule: RuleDefinition): string {
  return `${pack}-${rule.rule.name}`;
}
