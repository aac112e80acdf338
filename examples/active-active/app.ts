import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ActiveActiveRegions, DecisionDataStore, FailureDomain, LoadBalancedObjective, ResiliencePolicy, TopologyDecision } from '../../src';
import { acknowledgeLogGroupChoices, acknowledgeRegionalServices } from '../shared/acknowledgements';
import { checkedApp, EXAMPLE_ENV } from '../shared/checks';

/**
 * The web shop of examples/region-pair-dns (the same users: 2 tasks' worth) served from us-east-1
 * and us-west-2 at once: one stack per region, each carrying a share of 1 task and sized so the
 * other region absorbs its users when it is lost (ceil(1 x 2 / (2 - 1)) = 2 tasks per region, also
 * the zone-loss floor over 3 zones), a Route 53 latency alias record per region
 * with a CALCULATED health check over its endpoint and its SLO regional health alarm, and a
 * DynamoDB global table every region writes (multi-region eventual consistency: last writer wins).
 * The report prices the same users as an active-passive pair, hot and warm, beside it.
 *
 *   npx projen examples active-active
 */
const WEST_ENV = { account: EXAMPLE_ENV.account, region: 'us-west-2' };
const app = checkedApp();
// Zones of the second region, so synthesis makes no AWS call.
app.node.setContext(`availability-zones:account=${WEST_ENV.account}:region=${WEST_ENV.region}`, ['us-west-2a', 'us-west-2b', 'us-west-2c']);

const shop = new ActiveActiveRegions(app, 'Shop', {
  regions: [EXAMPLE_ENV, WEST_ENV],
  hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
  recordName: 'shop.example.com',
  workloadName: 'shop',
  healthCheck: { interval: Duration.seconds(10), failureThreshold: 3 },
  table: { tableName: 'shop-orders', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, writesPerMonth: 5_000_000, averageItemKb: 1 },
  serviceProps: {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
    scratchPaths: ['/var/cache/nginx', '/var/run'],
    // Each region's share of the users: the pair's primary needs 2 tasks for all of them.
    minHealthyTasks: 1,
    slos: [LoadBalancedObjective.availability({ targetPercent: 99.9, window: Duration.days(30) })],
    reportAssumptions: { internetEgressGbPerMonth: 100 },
  },
});

// Fails synthesis when the shop no longer survives a region, a zone, a task or a bad deployment
// within 10 minutes, or the RPO passes 1 minute (the table's: about 1 s).
new ResiliencePolicy(app, 'Policy', {
  mustSurvive: [FailureDomain.INSTANCE, FailureDomain.ZONE, FailureDomain.BAD_DEPLOYMENT, FailureDomain.REGION],
  rto: Duration.minutes(10),
  rpo: Duration.minutes(1),
});

// Is active-active worth it for these users (README, "Choosing a topology")? Every candidate priced for the same
// users (3 tasks in one region: all 2 tasks' worth, kept through a zone loss over 3 zones, as the pair's primary),
// checked against the policy above; the active-active candidate takes its region RTO and RPO from the shop's
// recorded profile, and its cost stands beside the profile's own active-active scenario.
new TopologyDecision(shop.stacks[0], 'TopologyDecision', {
  workload: shop,
  workloadName: 'shop',
  region: EXAMPLE_ENV.region,
  standbyRegion: WEST_ENV.region,
  revenuePerHourUsd: 1000,
  compute: { tasks: 3, vcpu: 0.5, memoryGb: 1 },
  traffic: { internetGbPerMonth: 200, writesPerMonth: 5_000_000, averageItemKb: 1 },
  dataStore: DecisionDataStore.DYNAMODB,
});

acknowledgeRegionalServices(shop.services);
acknowledgeLogGroupChoices(shop);

app.synth();
