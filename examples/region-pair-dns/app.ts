import { Duration, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ActivePassiveRegionPair, DecisionDataStore, Failover, FailureDomain, LoadBalancedObjective, ResiliencePolicy, StandbyMode, TopologyDecision } from '../../src';
import { acknowledgeLogGroupChoices, acknowledgeRegionalServices } from '../shared/acknowledgements';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * A web shop in us-east-1 with a warm standby in us-west-2: one stack per region, DNS failover on
 * Route 53 health checks (each stack owns its failover record), a DynamoDB global table replicated
 * to the standby, an S3 bucket replicated to a bucket in the standby with Replication Time Control
 * (deploy Shop-standby first: S3 rejects a replication destination that does not exist yet), SSM Automation documents that drill the failover and fail back, and a runbook
 * beside the report. A ResiliencePolicy fails synthesis if the pair stops surviving a region.
 *
 *   npx projen examples region-pair-dns
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
  standbyMode: StandbyMode.warmStandby({ capacityPercent: 50 }),
  failover: Failover.dnsHealthCheck({ interval: Duration.seconds(10), failureThreshold: 3 }),
  table: { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, writesPerMonth: 5_000_000, averageItemKb: 1 },
  // Product images: shop-images-<account>-us-east-1 replicated to shop-images-<account>-us-west-2.
  bucket: { bucketNamePrefix: 'shop-images', kmsEncrypted: true, gbWrittenPerMonth: 50 },
  serviceProps: {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    scratchPaths: ['/var/cache/nginx', '/var/run'],
    slos: [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })],
    reportAssumptions: { internetEgressGbPerMonth: 100 },
  },
});

// Fails synthesis when the pair no longer survives a region, a zone, a task or a bad deployment
// within 10 minutes, or the RPO passes 15 minutes (the bucket's: S3 RTC replicates 99.99 % of
// objects within 15 minutes; the table's is about 1 s).
new ResiliencePolicy(app, 'Policy', {
  mustSurvive: [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT, FailureDomain.REGION],
  rto: Duration.minutes(10),
  rpo: Duration.minutes(15),
});

acknowledgeRegionalServices([pair.primaryService!, pair.standbyService!]);
acknowledgeLogGroupChoices(pair);
for (const bucket of [pair.bucket!, pair.standbyBucket!]) {
  Validations.of(bucket).acknowledge(
    { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'Server access logs need a log bucket per region; CloudTrail S3 data events are this organisation\'s record of object access.' },
    { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'The standby bucket is the replica of the primary\'s (S3 RTC); replicating it again is not needed.' },
    // aws-cdk-lib 2.262.0 let the access-log bucket's acknowledgements of these three cfn-guard rules
    // cover every bucket of the app; 2.276.0 scopes them to the bucket they were made on (found by
    // scripts/latest-cdk.sh), so the pair's buckets state their own reasons.
    { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: 'Server access logs need a log bucket per region; CloudTrail S3 data events are this organisation\'s record of object access.' },
    { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'Versioning and the standby replica protect the objects; object lock would keep noncurrent versions past their 90-day expiry.' },
    { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', reason: 'Nothing consumes this bucket\'s object events; replication is watched through its RTC metrics.' },
  );
}
for (const stack of [pair.primaryStack, pair.standbyStack]) {
  Validations.of(stack.node.findChild('BucketKey')).acknowledge({
    id: 'cdk-validator-cfnguard::kms_create_grant_aws_service_check',
    reason: 'CDK\'s default key policy delegates the key to IAM in this account (kms:* for the account root); IAM policies, not the key policy, scope who may create grants.',
  });
}
Validations.of(pair.primaryStack.node.findChild('BucketReplicationPolicy')).acknowledge({
  id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: 'The replication role\'s policy names the two buckets and the standby key alias only; it belongs to that role alone.',
});

// Is the warm standby the right topology for $5,000 an hour? The decision models every candidate
// with the pair's own failover arithmetic, checks them against the policy above (it must survive a
// region in 10 min), and marks the pair's warm standby as current. Data: the orders table (the
// bucket's 15-min RTC bound is the pair's RPO, not modelled in the decision's single store).
new TopologyDecision(app, 'TopologyDecision', {
  workload: pair,
  workloadName: 'shop',
  region: EXAMPLE_ENV.region,
  standbyRegion: STANDBY_ENV.region,
  revenuePerHourUsd: 5000,
  dataLossUsdPerWrite: 0.5,
  compute: { tasks: 3, vcpu: 0.5, memoryGb: 1 },
  traffic: { requestsPerMonth: 100_000_000, internetGbPerMonth: 100, writesPerMonth: 5_000_000, averageItemKb: 1, dataSizeGb: 20 },
  dataStore: DecisionDataStore.DYNAMODB,
  // The regional service's SLO alarm rolls a bad deployment back in 380 s (its report entry).
  failures: { badDeployment: { recoverySeconds: 380 } },
  // Assumed: a share of an engineer's time for multi-writer conflict handling, were the shop active-active.
  recovery: { activeActiveExtraUsdPerMonth: 1000 },
});

app.synth();
