import { Duration, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  ActivePassiveRegionPair, AuroraGlobalEngine, DecisionDataStore, Failover, FailureDomain, LoadBalancedObjective, ResiliencePolicy, StandbyMode, TopologyDecision,
} from '../../src';
import { acknowledgeLogGroupChoices, acknowledgeRegionalServices } from '../shared/acknowledgements';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * The web shop of region-pair-dns with Application Recovery Controller routing controls instead of
 * DNS health checks: a hot standby in us-west-2, an ARC cluster, control panel, one routing control
 * per region and an "at least one region On" safety rule in a third stack (Shop-recovery-control,
 * us-west-2, ARC's control plane) that also holds the RECOVERY_CONTROL health checks and both
 * failover records, and the orders in an Aurora PostgreSQL global database (writer in us-east-1,
 * secondary in us-west-2). Failover is a routing control state change: nothing moves by itself.
 *
 *   npx projen examples region-pair-arc
 */
const STANDBY_ENV = { account: EXAMPLE_ENV.account, region: 'us-west-2' };
const app = checkedApp();
// Zones of the standby region, so synthesis makes no AWS call.
app.node.setContext(`availability-zones:account=${STANDBY_ENV.account}:region=${STANDBY_ENV.region}`, ['us-west-2a', 'us-west-2b', 'us-west-2c']);

const pair = new ActivePassiveRegionPair(app, 'Shop', {
  primary: EXAMPLE_ENV,
  standby: STANDBY_ENV,
  hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
  recordName: 'shop.example.com',
  workloadName: 'shop',
  standbyMode: StandbyMode.hotStandby(),
  // No automatedBy: an on-call engineer decides (assumed 5 minutes). The pair warns
  // (ManualFailover), and the report does not count the region as survived: "survives" means
  // without a person acting.
  failover: Failover.recoveryController({ decisionTime: Duration.minutes(5) }),
  // The shop's orders in an Aurora PostgreSQL global database: the writer cluster (2 instances) in
  // us-east-1, a secondary cluster in us-west-2 (hot standby: 2 instances, ready to be promoted).
  aurora: {
    globalClusterIdentifier: 'shop-orders',
    engine: AuroraGlobalEngine.POSTGRESQL,
    engineVersion: '17.5',
    gbWrittenPerMonth: 10,
  },
  serviceProps: {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    scratchPaths: ['/var/cache/nginx', '/var/run'],
    slos: [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })],
    reportAssumptions: { internetEgressGbPerMonth: 100 },
  },
});

// Fails synthesis when the pair no longer survives a task, a zone or a bad deployment within 10
// minutes. FailureDomain.REGION is deliberately absent: with a person in the failover path it is not
// survived (the report says so); add it once failover.automatedBy names a real automation.
new ResiliencePolicy(app, 'Policy', {
  mustSurvive: [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT],
  rto: Duration.minutes(10),
});

acknowledgeRegionalServices([pair.primaryService!, pair.standbyService!]);
acknowledgeLogGroupChoices(pair);
Validations.of(pair.recoveryControl!.automationRole!).acknowledge({
  id: 'NIST.800.53.R5-IAMNoInlinePolicy',
  reason: 'The ARC automation role\'s inline policy is scoped to the two routing controls, the cluster and the standby\'s service, and lives and dies with the role.',
});

// The global database: deliberate choices of this example, each stated.
const db = pair.auroraCluster!;
const dbInstances = [...db.node.findAll().filter((c) => c instanceof rds.CfnDBInstance), ...pair.standbyStack.node.findAll().filter((c) => c instanceof rds.CfnDBInstance)];
for (const instance of dbInstances) {
  Validations.of(instance).acknowledge(
    { id: 'NIST.800.53.R5-RDSEnhancedMonitoringEnabled', reason: 'OS-level Enhanced Monitoring is billed as CloudWatch Logs per instance and needs a monitoring role; the shop watches the instances with the standard RDS CloudWatch metrics.' },
    { id: 'cdk-validator-cfnguard::rds_instance_enhanced_monitoring_enabled_check', reason: 'OS-level Enhanced Monitoring is billed as CloudWatch Logs per instance and needs a monitoring role; the shop watches the instances with the standard RDS CloudWatch metrics.' },
    { id: 'NIST.800.53.R5-RDSInBackupPlan', reason: 'Aurora automated backups (7 days, point-in-time restore) and the global database\'s secondary region are the recovery; no separate AWS Backup plan.' },
  );
}
Validations.of(db.node.findChild('SecurityGroup')).acknowledge(
  { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: 'The only ingress is the database port (5432) from the primary service\'s security group, not from an address range; the rule cannot read the port, a token.' },
  { id: 'NIST.800.53.R5-EC2RestrictedSSH', reason: 'The only ingress is the database port (5432) from the primary service\'s security group; no SSH; the rule cannot read the port, a token.' },
);
Validations.of(db.node.findChild('Secret')).acknowledge(
  { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: 'Not rotated in this example: rotation adds a rotation function in the primary VPC, and the services read the replicated secret at start; add pair.auroraCluster.addRotationSingleUser() where the organisation requires rotation.' },
  { id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey', reason: 'The master secret is encrypted with the AWS managed key of Secrets Manager, which the replica in us-west-2 also uses; the database storage has its own customer managed key per region.' },
);
for (const stack of [pair.primaryStack, pair.standbyStack]) {
  Validations.of(stack.node.findChild('DatabaseKey')).acknowledge({
    id: 'cdk-validator-cfnguard::kms_create_grant_aws_service_check',
    reason: 'CDK\'s default key policy delegates the key to IAM in this account (kms:* for the account root); IAM policies, not the key policy, scope who may create grants (RDS creates its grants for the cluster).',
  });
}

// What the hot standby with manual ARC failover buys at $5,000 an hour, against the cheaper modes
// and automatic DNS failover (compare region-pair-dns): Aurora data (10 GB written a month = 10,485,760
// writes of 1 KB), failover by a person flipping the routing controls.
new TopologyDecision(app, 'TopologyDecision', {
  workload: pair,
  workloadName: 'shop',
  region: EXAMPLE_ENV.region,
  standbyRegion: STANDBY_ENV.region,
  revenuePerHourUsd: 5000,
  dataLossUsdPerWrite: 0.5,
  compute: { tasks: 3, vcpu: 0.5, memoryGb: 1 },
  traffic: { requestsPerMonth: 100_000_000, internetGbPerMonth: 100, writesPerMonth: 10_485_760, averageItemKb: 1, dataSizeGb: 20 },
  dataStore: DecisionDataStore.AURORA,
  recovery: { failoverWithArc: true },
});

app.synth();
