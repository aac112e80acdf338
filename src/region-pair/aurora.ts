import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AuroraGlobalEngine, PairAuroraOptions } from './aurora-options';
import { StandbyModeKind } from './standby-mode';
import { acknowledgeExpectedWildcards } from '../core/acknowledge';
import { PropValidator, nonEmptyString, oneOf, requireDefined } from '../core/validation';
import { formatNumber } from '../report/decimal';
import { CostDriver, CostDrivers } from '../report/price-table';
import { HOURS_PER_MONTH } from '../report/prices';
import { TimeEstimate } from '../report/profile';

/** Defaults and stated assumptions of the pair's Aurora global database. */
export const AURORA_DEFAULTS = {
  instanceClass: 'db.r6g.large',
  primaryInstances: 2,
  /** Assumed: db.r6g.large on-demand, us-east-1 (Aurora pricing page; unconfirmed, not in the embedded table). */
  instanceHourlyUsd: 0.26,
  /** Assumed: Aurora global database replicated write I/O, per million (Aurora pricing page; unconfirmed). */
  replicatedWriteIoUsdPerMillion: 0.2,
  /** Assumed seconds of a managed failover / switchover of the global database (Aurora User Guide: typically about a minute). */
  promotionSeconds: 60,
  /** Assumed seconds to add a DB instance to a headless secondary before it can be promoted. */
  headlessInstanceSeconds: 600,
  backupRetentionDays: 7,
} as const;

/**
 * Regions the Aurora User Guide ("Supported Regions and DB engines for Aurora global databases",
 * Aurora MySQL table) lists as "Not available" for Aurora MySQL global databases. The Aurora
 * PostgreSQL table is not encoded (not checked at synth).
 */
const MYSQL_GLOBAL_UNAVAILABLE: { [region: string]: string } = {
  'ap-southeast-6': 'Asia Pacific (New Zealand)',
  'ap-east-2': 'Asia Pacific (Taipei)',
  'ap-southeast-7': 'Asia Pacific (Thailand)',
};

const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/**
 * Whether the Aurora User Guide lists the version as without global database support: Aurora
 * MySQL version 3 from 3.01.0 and version 2 from 2.07.0 in the US regions (and 2.07.x or later
 * elsewhere, not encoded per region); version 1 is not in the table. Returns the reason, or
 * undefined when supported or not known.
 */
export function unsupportedGlobalVersion(engine: AuroraGlobalEngine, version: string): string | undefined {
  if (engine !== AuroraGlobalEngine.MYSQL) return undefined;
  const m = /^(?:5\.7|8\.0|5\.6\.10a|5\.6)\.mysql_aurora\.(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (v[0] === 1) return 'Aurora MySQL version 1 is not among the global database versions (the table lists version 3 from 3.01.0 and version 2 from 2.07.0)';
  if (v[0] === 2 && compare(v, [2, 7, 0]) < 0) return `Aurora MySQL ${v.join('.')} is below 2.07.0, the first version 2 with global database support`;
  if (v[0] === 3 && compare(v, [3, 1, 0]) < 0) return `Aurora MySQL ${v.join('.')} is below 3.01.0, the first version 3 with global database support`;
  return undefined;
}

/** The standby's instance count by mode when not given. */
export function defaultStandbyInstances(o: PairAuroraOptions, mode: StandbyModeKind): number {
  if (o.standbyInstances !== undefined) return o.standbyInstances;
  if (mode === StandbyModeKind.PILOT_LIGHT) return 0;
  if (mode === StandbyModeKind.WARM) return 1;
  return o.primaryInstances ?? AURORA_DEFAULTS.primaryInstances;
}

/** Checks the Aurora options (all problems reported together by the caller's validator). */
export function validatePairAurora(
  v: PropValidator, o: PairAuroraOptions, mode: StandbyModeKind, hasService: boolean, primaryRegion?: string, standbyRegion?: string,
): void {
  if (requireDefined(v, 'aurora.globalClusterIdentifier', o.globalClusterIdentifier, "set aurora.globalClusterIdentifier, e.g. 'shop-db'")
    && nonEmptyString(v, 'aurora.globalClusterIdentifier', o.globalClusterIdentifier, "set aurora.globalClusterIdentifier, e.g. 'shop-db'")
    && !Token.isUnresolved(o.globalClusterIdentifier)) {
    const id = o.globalClusterIdentifier;
    v.require(/^[A-Za-z](?:[A-Za-z0-9]|-(?!-))*$/.test(id) && !id.endsWith('-'), 'aurora.globalClusterIdentifier',
      `'${id}' is not an RDS identifier (letters, digits and single hyphens, starting with a letter, not ending with a hyphen)`, "set aurora.globalClusterIdentifier, e.g. 'shop-db'");
    const longest = Math.max(primaryRegion?.length ?? 0, standbyRegion?.length ?? 0);
    v.require(id.length + 1 + longest <= 63, 'aurora.globalClusterIdentifier', `'${id}' makes cluster identifiers of ${id.length + 1 + longest} characters (<id>-<region>); RDS allows 63`,
      `shorten aurora.globalClusterIdentifier to at most ${62 - longest} characters`);
  }
  const engines = Object.values(AuroraGlobalEngine);
  if (requireDefined(v, 'aurora.engine', o.engine, 'set aurora.engine to AuroraGlobalEngine.POSTGRESQL or AuroraGlobalEngine.MYSQL')) {
    oneOf(v, 'aurora.engine', o.engine, engines, ['AuroraGlobalEngine.POSTGRESQL', 'AuroraGlobalEngine.MYSQL']);
  }
  if (requireDefined(v, 'aurora.engineVersion', o.engineVersion, "set aurora.engineVersion, e.g. '17.5' (Aurora PostgreSQL) or '8.0.mysql_aurora.3.08.0' (Aurora MySQL)")
    && nonEmptyString(v, 'aurora.engineVersion', o.engineVersion, "set aurora.engineVersion, e.g. '17.5'")
    && engines.includes(o.engine)) {
    const why = unsupportedGlobalVersion(o.engine, o.engineVersion);
    if (why) {
      v.fail('aurora.engineVersion', `'${o.engineVersion}' has no Aurora global database support: ${why} (Aurora User Guide, "Supported Regions and DB engines for Aurora global databases")`,
        "choose a supported version, e.g. '8.0.mysql_aurora.3.08.0'");
    }
    if (o.engine === AuroraGlobalEngine.MYSQL) {
      for (const [role, region] of [['primary', primaryRegion], ['standby', standbyRegion]] as const) {
        const name = region ? MYSQL_GLOBAL_UNAVAILABLE[region] : undefined;
        if (name) {
          v.fail(`${role}.region`, `is ${region} (${name}), where Aurora MySQL global databases are not available (Aurora User Guide, "Supported Regions and DB engines for Aurora global databases")`,
            `choose another ${role} region for aurora, or leave aurora out`);
        }
      }
    }
  }
  const cls = o.instanceClass ?? AURORA_DEFAULTS.instanceClass;
  if (nonEmptyString(v, 'aurora.instanceClass', cls, "set aurora.instanceClass, e.g. 'db.r6g.large'") && !Token.isUnresolved(cls)) {
    v.require(/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(cls), 'aurora.instanceClass', `'${cls}' is not a DB instance class`, "set aurora.instanceClass, e.g. 'db.r6g.large'");
  }
  v.number('aurora.primaryInstances', o.primaryInstances, { integer: true, min: 1, max: 16 });
  v.number('aurora.standbyInstances', o.standbyInstances, { integer: true, min: 0, max: 16 });
  v.number('aurora.instanceHourlyUsd', o.instanceHourlyUsd, { min: 0 });
  v.number('aurora.replicatedWriteIoMillionsPerMonth', o.replicatedWriteIoMillionsPerMonth, { min: 0 });
  v.number('aurora.gbWrittenPerMonth', o.gbWrittenPerMonth, { min: 0 });
  if (o.standbyInstances === 0 && mode !== StandbyModeKind.PILOT_LIGHT) {
    v.fail('aurora.standbyInstances', `is 0 (a headless secondary) with a ${mode === StandbyModeKind.WARM ? 'warm' : 'hot'} standby, which keeps compute running to take over at once`,
      'give the standby at least 1 instance, or use StandbyMode.pilotLight()');
  }
  if (!hasService) {
    v.fail('aurora', 'needs serviceProps: the clusters go in each region\'s StatelessService VPC, reachable from its service only',
      'give serviceProps instead of workloadBuilder, or build the database in your workloadBuilder');
  }
}

/** What the global database of a pair is. */
export interface PairAurora {
  readonly cluster: rds.DatabaseCluster;
  readonly globalCluster: rds.CfnGlobalCluster;
  readonly secondary: rds.CfnDBCluster;
  readonly secondaryInstances: rds.CfnDBInstance[];
  readonly secretName: string;
  readonly standbySecret: secretsmanager.ISecret;
  readonly primaryClusterId: string;
  readonly standbyClusterId: string;
  readonly standbyInstances: number;
}

/** Where each region's database goes: the StatelessService's VPC, private subnets, and its service. */
export interface AuroraRegion {
  readonly stack: Stack;
  readonly vpc: ec2.IVpc;
  readonly service: ec2.IConnectable;
  readonly taskRole: iam.IRole;
}

const PORT: { [engine: string]: number } = { [AuroraGlobalEngine.POSTGRESQL]: 5432, [AuroraGlobalEngine.MYSQL]: 3306 };
const LOGS: { [engine: string]: string[] } = { [AuroraGlobalEngine.POSTGRESQL]: ['postgresql'], [AuroraGlobalEngine.MYSQL]: ['audit', 'error', 'slowquery'] };

/**
 * The global database: the writer cluster (rds.DatabaseCluster) and the `CfnGlobalCluster` made
 * from it in the primary, and the secondary `CfnDBCluster` joining it by `globalClusterIdentifier`
 * in the standby, with no master user name nor password (a secondary takes the primary's: RDS
 * rejects them, "Cannot specify user name for cross region replication cluster"; aws-cdk #29880,
 * #22212, #20391: the L2 cannot create a secondary, hence the L1). Each region encrypts with its
 * own KMS key (keys are regional); both clusters have deletion protection and are snapshotted on
 * delete. The credentials secret is replicated to the standby under the same name.
 *
 * Deployment order: the secondary joins an existing global database, so the primary stack must be
 * deployed before the standby stack first creates the secondary.
 */
export function pairAurora(primary: AuroraRegion, standby: AuroraRegion, o: PairAuroraOptions, standbyInstances: number): PairAurora {
  const gid = o.globalClusterIdentifier;
  const pStack = primary.stack;
  const sStack = standby.stack;
  const primaryClusterId = `${gid}-${pStack.region}`;
  const standbyClusterId = `${gid}-${sStack.region}`;
  const secretName = `${gid}/credentials`;
  const port = PORT[o.engine];
  const logs = LOGS[o.engine];
  const cls = o.instanceClass ?? AURORA_DEFAULTS.instanceClass;
  const instanceType = new ec2.InstanceType(cls.replace(/^db\./, ''));
  const key = (stack: Stack) => new kms.Key(stack, 'DatabaseKey', {
    alias: `alias/${gid}-database`,
    enableKeyRotation: true,
    description: `Encrypts the Aurora cluster ${stack === pStack ? primaryClusterId : standbyClusterId} (a key per region: a cross-region secondary needs a key of its own region)`,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const privateSubnets = (vpc: ec2.IVpc): ec2.SubnetSelection => ({
    subnets: vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets,
  });
  const engine = o.engine === AuroraGlobalEngine.POSTGRESQL
    ? rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(o.engineVersion, o.engineVersion.split('.')[0]) })
    : rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.of(o.engineVersion, o.engineVersion.startsWith('5.7') ? '5.7' : '8.0') });
  const instanceProps = { instanceType, publiclyAccessible: false, enablePerformanceInsights: false };
  const primaryCount = o.primaryInstances ?? AURORA_DEFAULTS.primaryInstances;
  const cluster = new rds.DatabaseCluster(pStack, 'Database', {
    clusterIdentifier: primaryClusterId,
    engine,
    credentials: rds.Credentials.fromGeneratedSecret('dbadmin', { secretName, replicaRegions: [{ region: sStack.region }] }),
    writer: rds.ClusterInstance.provisioned('Writer', instanceProps),
    readers: Array.from({ length: primaryCount - 1 }, (_, i) => rds.ClusterInstance.provisioned(`Reader${i + 1}`, instanceProps)),
    vpc: primary.vpc,
    vpcSubnets: privateSubnets(primary.vpc),
    port,
    storageEncrypted: true,
    storageEncryptionKey: key(pStack),
    deletionProtection: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    iamAuthentication: true,
    backup: { retention: Duration.days(AURORA_DEFAULTS.backupRetentionDays) },
    cloudwatchLogsExports: logs,
  });
  cluster.connections.allowDefaultPortFrom(primary.service, 'from the primary region service');
  const globalCluster = new rds.CfnGlobalCluster(pStack, 'GlobalDatabase', {
    globalClusterIdentifier: gid,
    sourceDbClusterIdentifier: cluster.clusterArn,
    deletionProtection: true,
  });
  cluster.secret?.grantRead(primary.taskRole);

  const standbyKey = key(sStack);
  const subnetGroup = new rds.SubnetGroup(sStack, 'DatabaseSubnets', {
    vpc: standby.vpc,
    vpcSubnets: privateSubnets(standby.vpc),
    description: `Private subnets of the Aurora secondary ${standbyClusterId}`,
  });
  const sg = new ec2.SecurityGroup(sStack, 'DatabaseSecurityGroup', {
    vpc: standby.vpc,
    description: `Aurora secondary ${standbyClusterId}: from the standby region service only`,
    allowAllOutbound: false,
  });
  sg.connections.allowFrom(standby.service, ec2.Port.tcp(port), 'from the standby region service');
  const secondary = new rds.CfnDBCluster(sStack, 'SecondaryDatabase', {
    dbClusterIdentifier: standbyClusterId,
    globalClusterIdentifier: gid,
    engine: o.engine,
    engineVersion: o.engineVersion,
    port,
    storageEncrypted: true,
    kmsKeyId: standbyKey.keyArn,
    dbSubnetGroupName: subnetGroup.subnetGroupName,
    vpcSecurityGroupIds: [sg.securityGroupId],
    deletionProtection: true,
    enableIamDatabaseAuthentication: true,
    backupRetentionPeriod: AURORA_DEFAULTS.backupRetentionDays,
    // As the primary's L2 cluster does: the snapshot taken on delete keeps the cluster's tags.
    copyTagsToSnapshot: true,
    enableCloudwatchLogsExports: logs,
  });
  secondary.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
  const secondaryInstances = Array.from({ length: standbyInstances }, (_, i) => {
    const inst = new rds.CfnDBInstance(sStack, `SecondaryInstance${i + 1}`, {
      dbClusterIdentifier: secondary.ref,
      dbInstanceClass: cls,
      engine: o.engine,
      publiclyAccessible: false,
    });
    return inst;
  });
  const standbySecret = secretsmanager.Secret.fromSecretNameV2(sStack, 'DatabaseSecret', secretName);
  standbySecret.grantRead(standby.taskRole);
  acknowledgeExpectedWildcards(standby.taskRole, [{
    finding: new RegExp(`^Resource::arn:<AWS::Partition>:secretsmanager:${sStack.region}:${sStack.account}:secret:${gid.replace(/-/g, '\\-')}/credentials-\\?\\?\\?\\?\\?\\?$`),
    reason: 'The replica of the database secret, read by name: Secrets Manager appends six random characters to a secret\'s ARN, matched by ??????.',
  }]);

  const ack = (c: Parameters<typeof Validations.of>[0], extra: Array<{ id: string; reason: string }>) => Validations.of(c).acknowledge(
    { id: 'AwsSolutions-RDS11', reason: `The engine's standard port ${port}: the security group admits the region's service only, and a non-standard port is no control.` },
    ...extra,
  );
  const noBacktrack = o.engine === AuroraGlobalEngine.MYSQL ? [{ id: 'AwsSolutions-RDS14', reason: 'Aurora global databases do not support backtracking (Aurora User Guide, "Limitations of Amazon Aurora global databases"); the clusters keep automated backups and snapshot on delete.' }] : [];
  ack(cluster, noBacktrack);
  ack(secondary, noBacktrack);
  const generated = cluster.node.tryFindChild('Secret');
  if (generated) {
    Validations.of(generated).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotation needs a rotation function in each region\'s VPC and must rotate the replica with it; the pair leaves rotation to the owner (the clusters accept IAM database authentication).',
    });
  }
  return { cluster, globalCluster, secondary, secondaryInstances, secretName, standbySecret, primaryClusterId, standbyClusterId, standbyInstances };
}

/** Aurora's RPO: the global database replicates storage asynchronously, typically under 1 s behind. */
export function auroraRpo(a: { primaryClusterId: string; standbyClusterId: string }): TimeEstimate {
  return {
    seconds: 1,
    arithmetic: `Aurora global database ${a.primaryClusterId} -> ${a.standbyClusterId}: storage-level replication, lag typically under 1 s (Aurora User Guide, "Using Amazon Aurora Global Database"; typical, not guaranteed: watch AuroraGlobalDBReplicationLag), `
      + 'so an unplanned failover (--allow-data-loss) can lose about the last second of commits; a switchover (planned) loses none',
  };
}

/** Seconds until the standby takes writes after the region's traffic moved: promotion, plus an instance when headless. */
export function auroraPromotion(standbyInstances: number): TimeEstimate {
  const headless = standbyInstances === 0 ? AURORA_DEFAULTS.headlessInstanceSeconds : 0;
  const seconds = AURORA_DEFAULTS.promotionSeconds + headless;
  return {
    seconds,
    arithmetic: `${headless > 0 ? `add an instance to the headless secondary ${headless} s (assumed) + ` : ''}managed failover of the global database ${AURORA_DEFAULTS.promotionSeconds} s (assumed: typically about a minute) = ${seconds} s, `
      + 'after a person or automation runs it (the DNS failover does not promote the database; the time to decide is not modelled)',
  };
}

/** The database's cost lines: instances in both regions, replicated write I/O and transfer. */
export function auroraCostDrivers(o: PairAuroraOptions, standbyInstances: number): CostDriver[] {
  const hourly = o.instanceHourlyUsd ?? AURORA_DEFAULTS.instanceHourlyUsd;
  const priceText = o.instanceHourlyUsd !== undefined ? `$${hourly}/h (given)` : `$${hourly}/h (assumed: ${AURORA_DEFAULTS.instanceClass} on-demand, us-east-1, Aurora pricing page; unconfirmed)`;
  const primaryCount = o.primaryInstances ?? AURORA_DEFAULTS.primaryInstances;
  const cls = o.instanceClass ?? AURORA_DEFAULTS.instanceClass;
  const io = o.replicatedWriteIoMillionsPerMonth ?? 0;
  const gb = o.gbWrittenPerMonth ?? 0;
  const inst = (where: string, n: number): CostDriver => ({
    item: `Aurora ${cls} instances, ${where} (${o.globalClusterIdentifier})`,
    quantity: n * HOURS_PER_MONTH,
    quantityArithmetic: `${n} instance${n === 1 ? '' : 's'} x ${HOURS_PER_MONTH} h${n === 0 ? ' (headless secondary)' : ''}`,
    unitPriceUsd: hourly,
    unitPriceArithmetic: priceText,
  });
  return [
    inst('primary', primaryCount),
    inst('standby', standbyInstances),
    {
      item: `Aurora replicated write I/O (${o.globalClusterIdentifier})`,
      quantity: io,
      quantityArithmetic: `${formatNumber(io)} million write I/Os a month (assumed); storage in both regions and backups are not modelled`,
      unitPriceUsd: AURORA_DEFAULTS.replicatedWriteIoUsdPerMillion,
      unitPriceArithmetic: `$${AURORA_DEFAULTS.replicatedWriteIoUsdPerMillion}/million (assumed: Aurora global database replicated write I/O, Aurora pricing page; unconfirmed)`,
    },
    { ...CostDrivers.interRegionGb(gb), item: `Aurora replication transfer (${o.globalClusterIdentifier})`, quantityArithmetic: `${formatNumber(gb)} GB written a month (assumed)` },
  ];
}

/** The runbook's Aurora steps: promotion (unplanned failover or switchover) and fail back. */
export function auroraRunbookSteps(a: PairAurora, o: PairAuroraOptions, account: string, primaryRegion: string, standbyRegion: string): string[] {
  const arn = (region: string, id: string) => `arn:aws:rds:${region}:${account}:cluster:${id}`;
  const steps: string[] = [];
  steps.push(`- Aurora: the DNS failover does NOT promote the database: until the secondary \`${a.standbyClusterId}\` is promoted, the standby's service can read but not write.`);
  if (a.standbyInstances === 0) {
    steps.push(`  The secondary is headless (pilot light): first add an instance and wait for it: \`aws rds create-db-instance --region ${standbyRegion} --db-instance-identifier ${a.standbyClusterId}-1 --db-cluster-identifier ${a.standbyClusterId} --engine ${o.engine} --db-instance-class ${o.instanceClass ?? AURORA_DEFAULTS.instanceClass}\` then \`aws rds wait db-instance-available --region ${standbyRegion} --db-instance-identifier ${a.standbyClusterId}-1\`.`);
  }
  steps.push(
    `  Primary region lost (unplanned): \`aws rds failover-global-cluster --region ${standbyRegion} --global-cluster-identifier ${o.globalClusterIdentifier} --target-db-cluster-identifier ${arn(standbyRegion, a.standbyClusterId)} --allow-data-loss\` (loses what had not replicated, typically under 1 s).`,
    `  Drill or planned (both regions up, no data loss): \`aws rds switchover-global-cluster --region ${standbyRegion} --global-cluster-identifier ${o.globalClusterIdentifier} --target-db-cluster-identifier ${arn(standbyRegion, a.standbyClusterId)}\`.`,
    `  Watch \`aws rds describe-global-clusters --global-cluster-identifier ${o.globalClusterIdentifier}\` until ${a.standbyClusterId} is the writer; the credentials are the replicated secret \`${a.secretName}\` in ${standbyRegion}.`,
    `- Aurora fail back: once ${primaryRegion} is back and ${a.primaryClusterId} has rejoined as a secondary, \`aws rds switchover-global-cluster --region ${primaryRegion} --global-cluster-identifier ${o.globalClusterIdentifier} --target-db-cluster-identifier ${arn(primaryRegion, a.primaryClusterId)}\`. Do not deploy either stack while the roles are swapped: the templates describe ${a.primaryClusterId} as the writer.`,
  );
  return steps;
}

/** The service environment: the secret's name and its region's cluster endpoint. */
export function auroraEnvironment(a: PairAurora, primary: boolean): { [key: string]: string } {
  return {
    DATABASE_SECRET_NAME: a.secretName,
    DATABASE_HOST: primary ? a.cluster.clusterEndpoint.hostname : a.secondary.attrEndpointAddress,
  };
}

