import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { REGION_PAIR_DEFAULTS as D } from './defaults';
import { DnsHealthCheckOptions } from './failover';
import { PairTableOptions } from './table-options';
import { describeValue, nonEmptyString, PropValidator, requireDefined, wholeDuration } from '../core/validation';
import { StatelessService, StatelessServiceProps } from '../stateless-service';

/**
 * The regional core that ActivePassiveRegionPair and ActiveActiveRegions share: how a region's
 * environment, the zone and record name, the DNS health check options and the workload are checked,
 * and how each regional stack gets its zone, certificate, endpoint health check and SLO health
 * check. Everything a region needs is built in its own stack from deterministic names: no stack
 * references another (aws-cdk #30771, #27902, #34813).
 */

/** The parts of a regional workload the shared health checks read (RegionalWorkload has them). */
export interface HealthCheckedWorkload {
  readonly loadBalancer: { readonly loadBalancerDnsName: string };
  readonly healthCheckPath?: string;
  readonly https?: boolean;
}

/** The DNS health check options, checked, with the defaults applied. */
export interface CheckedDnsOptions {
  /** Seconds between probes, when known (10 or 30). */
  readonly intervalSeconds?: number;
  readonly failureThreshold: number;
  /** The TTL asked for, seconds, when known. */
  readonly ttlSeconds?: number;
  readonly regions: string[];
}

/** Checks one region's environment: account and region both concrete, non-empty strings. */
export function regionEnvironment(v: PropValidator, prop: string, e: unknown, who: string = 'the pair'): { account: string; region: string } | undefined {
  if (!requireDefined(v, prop, e, `pass ${prop}: { account: '123456789012', region: 'us-east-1' }`)) return undefined;
  if (typeof e !== 'object') {
    v.fail(prop, `must be an environment object, got ${describeValue(e)}`, `pass ${prop}: { account: '123456789012', region: 'us-east-1' }`);
    return undefined;
  }
  const o = e as { account?: unknown; region?: unknown };
  let ok = true;
  for (const k of ['account', 'region'] as const) {
    const value = o[k];
    if (value === undefined || value === null) {
      v.fail(`${prop}.${k}`, 'is required but was not given', `set ${prop}.${k} to a concrete value: ${who} names its stacks, documents and records per region at synth`);
      ok = false;
    } else if (typeof value !== 'string') {
      v.fail(`${prop}.${k}`, `must be a string, got ${describeValue(value)}`, `set ${prop}.${k} to a concrete ${k}`);
      ok = false;
    } else if (Token.isUnresolved(value)) {
      v.fail(`${prop}.${k}`, 'is a token (known only at deploy time, e.g. CDK_DEFAULT_REGION through Aws.REGION)',
        `set ${prop}.${k} to a concrete value such as ${k === 'region' ? "'us-east-1'" : "'123456789012'"}: each region gets its own stack at synth`);
      ok = false;
    } else if (!nonEmptyString(v, `${prop}.${k}`, value, `set ${prop}.${k} to a concrete ${k}`)) {
      ok = false;
    }
  }
  return ok ? { account: o.account as string, region: o.region as string } : undefined;
}

/** Records an error when `scope` is inside a stack: the construct creates one stack per region itself. */
export function requireOutsideStacks(v: PropValidator, scope: IConstruct, who: string = 'the pair'): void {
  for (let s: IConstruct | undefined = scope; s !== undefined; s = s.node.scope) {
    if (Stack.isStack(s)) {
      v.fail('scope', `is inside the stack ${s.node.path}; ${who} creates one stack per region itself`, `create ${who === 'the pair' ? 'the pair' : 'it'} on the App or a Stage`);
      break;
    }
  }
}

/** Checks the hosted zone attributes and that the record name is in the zone. */
export function validateZoneAndRecord(v: PropValidator, zone: { hostedZoneId?: unknown; zoneName?: unknown } | undefined, recordName: unknown): void {
  if (requireDefined(v, 'hostedZone', zone, "pass hostedZone: { hostedZoneId: 'Z0123...', zoneName: 'example.com' } (a public hosted zone)")) {
    nonEmptyString(v, 'hostedZone.hostedZoneId', zone!.hostedZoneId, 'set hostedZone.hostedZoneId to the zone ID');
    requireDefined(v, 'hostedZone.hostedZoneId', zone!.hostedZoneId, 'set hostedZone.hostedZoneId to the zone ID');
    nonEmptyString(v, 'hostedZone.zoneName', zone!.zoneName, 'set hostedZone.zoneName to the zone\'s domain name');
    requireDefined(v, 'hostedZone.zoneName', zone!.zoneName, 'set hostedZone.zoneName to the zone\'s domain name');
  }
  if (requireDefined(v, 'recordName', recordName, "pass recordName, e.g. 'app.example.com'")
    && nonEmptyString(v, 'recordName', recordName, "set recordName to a name in the zone, e.g. 'app.example.com'")
    && zone && typeof zone.zoneName === 'string' && !Token.isUnresolved(zone.zoneName)) {
    const zn = zone.zoneName.replace(/\.$/, '').toLowerCase();
    const rn = (recordName as string).replace(/\.$/, '').toLowerCase();
    v.require(rn === zn || rn.endsWith(`.${zn}`), 'recordName', `'${recordName}' is not in the zone ${zone.zoneName}`,
      `set recordName to the full name in the zone, e.g. 'app.${zn}'`);
  }
}

/**
 * Checks the DNS health check options (interval 10 or 30 s, threshold 1-10, TTL at most 60 s, at
 * least 3 distinct checker regions) under `prefix` (`failover` for the pair).
 */
export function validateDnsOptions(v: PropValidator, prefix: string, o: DnsHealthCheckOptions): CheckedDnsOptions {
  const intervalS = wholeDuration(v, `${prefix}.interval`, o.interval ?? D.healthCheckInterval, 'seconds');
  if (intervalS !== undefined) {
    v.require(intervalS === 10 || intervalS === 30, `${prefix}.interval`, `is ${intervalS} s; Route 53 health checks run every 10 or 30 s only (HealthCheckConfig.RequestInterval: the API rejects other values at deploy)`,
      `set ${prefix}.interval to Duration.seconds(10) (fast, billed as an optional feature) or Duration.seconds(30)`);
  }
  const threshold = o.failureThreshold ?? D.failureThreshold;
  v.number(`${prefix}.failureThreshold`, threshold, { integer: true, min: 1, max: 10 });
  const ttlS = wholeDuration(v, `${prefix}.ttl`, o.ttl ?? D.ttl, 'seconds', { min: 0 });
  if (ttlS !== undefined) {
    v.require(ttlS <= 60, `${prefix}.ttl`, `is ${ttlS} s; resolvers keep a failed region's answer that long after failover, and Route 53 recommends 60 s or less with health checks`,
      `set ${prefix}.ttl to at most Duration.seconds(60)`);
  }
  const regions = o.regions ?? [...D.healthCheckRegions];
  if (!Array.isArray(regions)) {
    v.fail(`${prefix}.regions`, `must be a list of regions, got ${describeValue(regions)}`, "list at least 3 Route 53 health checker regions, e.g. ['us-east-1', 'eu-west-1', 'ap-southeast-1']");
  } else {
    const distinct = new Set(regions.filter((r) => typeof r === 'string'));
    v.require(distinct.size >= 3 && distinct.size === regions.length, `${prefix}.regions`, `lists ${regions.length} region${regions.length === 1 ? '' : 's'}${distinct.size !== regions.length ? ' with repeats or non-strings' : ''}; Route 53 needs at least 3 distinct health checker regions (HealthCheckConfig.Regions)`,
      "list at least 3 distinct regions, e.g. ['us-east-1', 'eu-west-1', 'ap-southeast-1']");
  }
  const usedRegions = Array.isArray(regions) ? regions : [...D.healthCheckRegions];
  return { intervalSeconds: intervalS, failureThreshold: threshold, ttlSeconds: ttlS, regions: usedRegions };
}

/** Checks the service props a multi-region construct builds in each region: DNS and certificates are the construct's. */
export function validateRegionalServiceProps(v: PropValidator, sp: StatelessServiceProps, workloadNameGiven: boolean, who: string = 'the pair'): void {
  for (const k of ['domainName', 'domainZone', 'certificate'] as const) {
    v.require(sp[k] === undefined, `serviceProps.${k}`, `is set, but ${who} owns the DNS records and the per-region certificates (a construct from one region would be a cross-region reference)`,
      `remove serviceProps.${k}; set recordName on ${who === 'the pair' ? 'the pair' : 'the construct'}`
      + (k === 'certificate' ? ' and keep certificate: true' : ''));
  }
  v.require(!(sp.workloadName !== undefined && !workloadNameGiven), 'serviceProps.workloadName',
    'is set, but every region would record a workload of that name', `set workloadName on ${who === 'the pair' ? 'the pair' : 'the construct'} instead (the regions are named after it)`);
}

/** Checks the table options shared by both constructs (name, key, the write assumptions, the variable). */
export function validateTableOptions(v: PropValidator, to: PairTableOptions, serviceEnvironment: { [key: string]: string } | undefined, who: string = 'the pair'): void {
  if (requireDefined(v, 'table.tableName', to.tableName, "set table.tableName, e.g. 'shop-orders' (the same name in both regions)")
    && nonEmptyString(v, 'table.tableName', to.tableName, "set table.tableName, e.g. 'shop-orders'")) {
    v.require(/^[A-Za-z0-9_.-]{3,255}$/.test(to.tableName), 'table.tableName', `'${to.tableName}' is not a DynamoDB table name (3-255 letters, digits, _ . -)`, "set table.tableName, e.g. 'shop-orders'");
  }
  requireDefined(v, 'table.partitionKey', to.partitionKey, "set table.partitionKey, e.g. { name: 'pk', type: dynamodb.AttributeType.STRING }");
  v.number('table.writesPerMonth', to.writesPerMonth, { min: 0 });
  v.number('table.averageItemKb', to.averageItemKb, { min: 0.001 });
  const envVar = to.environmentVariable ?? 'TABLE_NAME';
  nonEmptyString(v, 'table.environmentVariable', envVar, "set table.environmentVariable, e.g. 'TABLE_NAME'");
  if (serviceEnvironment && envVar in serviceEnvironment) {
    v.fail('table.environmentVariable', `'${envVar}' is also set in serviceProps.environment; the container would get only one of them`,
      `remove it from serviceProps.environment (${who} sets it to the table name) or choose another table.environmentVariable`);
  }
}

/** Checks a workload a builder returned for one region: a load balancer built in that region's stack, sane counts. */
export function validateBuiltWorkload(v: PropValidator, w: unknown, stack: Stack, role: string): void {
  const built = w as { loadBalancer?: unknown; taskCount?: number; maxTaskCount?: number } | undefined;
  if (!built || typeof built !== 'object' || !built.loadBalancer || typeof (built.loadBalancer as { loadBalancerDnsName?: unknown }).loadBalancerDnsName !== 'string') {
    v.fail('workloadBuilder', `buildRegion() returned ${describeValue(w)} for the ${role} region, not a RegionalWorkload with a loadBalancer`,
      'return { loadBalancer, service?, scaling?, taskCount? } from buildRegion()');
  } else if (Stack.of(built.loadBalancer as IConstruct) !== stack) {
    v.fail('workloadBuilder', `buildRegion() returned a load balancer from ${Stack.of(built.loadBalancer as IConstruct).node.path} for the ${role} region`, `build the ${role} load balancer in the scope buildRegion() is given`);
  } else {
    v.number('workloadBuilder taskCount', built.taskCount, { integer: true, min: 1 });
    v.number('workloadBuilder maxTaskCount', built.maxTaskCount, { integer: true, min: 1 });
  }
}

/** Seconds of a Duration, or the fallback when it is not given or a token. */
export function secondsOrDefault(d: Duration | undefined, fallback: number): number {
  return d === undefined || d.isUnresolved() ? fallback : d.toSeconds();
}

/** The hosted zone read from its attributes in `stack` (construct id `Zone`): never exported from another stack. */
export function zoneIn(stack: Stack, zone: { hostedZoneId: string; zoneName: string }): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: zone.hostedZoneId, zoneName: zone.zoneName });
}

/** A DNS-validated certificate for `recordName` in `stack` (construct id `Certificate`), when asked. */
export function certificateIn(stack: Stack, z: route53.IHostedZone, recordName: string, wanted: boolean): acm.Certificate | undefined {
  return wanted ? new acm.Certificate(stack, 'Certificate', { domainName: recordName, validation: acm.CertificateValidation.fromDns(z) }) : undefined;
}

/**
 * The Route 53 health check on a region's load balancer (construct id `EndpointHealthCheck`):
 * HTTPS with SNI when the load balancer serves HTTPS (an HTTP check would pass on the redirect).
 */
export function endpointHealthCheck(stack: Stack, w: HealthCheckedWorkload, dns: CheckedDnsOptions): route53.HealthCheck {
  return new route53.HealthCheck(stack, 'EndpointHealthCheck', {
    type: w.https ? route53.HealthCheckType.HTTPS : route53.HealthCheckType.HTTP,
    fqdn: w.loadBalancer.loadBalancerDnsName,
    port: w.https ? 443 : 80,
    resourcePath: w.healthCheckPath ?? '/',
    requestInterval: Duration.seconds(dns.intervalSeconds ?? 10),
    failureThreshold: dns.failureThreshold,
    regions: [...dns.regions],
    ...(w.https ? { enableSNI: true } : {}),
  });
}

/**
 * With SLO regional health alarms, one CLOUDWATCH_METRIC health check per alarm (`SloHealthCheck<n>`,
 * the alarm in this stack's region: Route 53 "Monitoring a CloudWatch alarm"; standard statistics
 * only) and a CALCULATED check `calculatedId` that is healthy only while the endpoint and every
 * alarm are, so a region that answers but fails users is taken out of DNS. Without alarms, the
 * endpoint check itself.
 */
export function sloHealthCheck(stack: Stack, calculatedId: string, endpoint: route53.HealthCheck, alarms: cloudwatch.IAlarm[]): route53.IHealthCheck {
  if (alarms.length === 0) return endpoint;
  const alarmChecks = alarms.map((a, i) => new route53.HealthCheck(stack, `SloHealthCheck${i + 1}`, {
    type: route53.HealthCheckType.CLOUDWATCH_METRIC,
    alarmIdentifier: { name: a.alarmName, region: stack.region },
    insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
  }));
  return new route53.HealthCheck(stack, calculatedId, {
    type: route53.HealthCheckType.CALCULATED,
    childHealthChecks: [endpoint, ...alarmChecks],
    healthThreshold: 1 + alarmChecks.length,
  });
}

/**
 * Service props with the SLO regional health alarm turned on (unless the user chose), so each
 * region's Route 53 check can see a region that answers but fails users.
 */
export function withRegionalSignal(given: StatelessServiceProps): StatelessServiceProps {
  return given.slos !== undefined && given.slos.length > 0 && given.sloRegionalHealthSignal === undefined
    ? { ...given, sloRegionalHealthSignal: true }
    : given;
}

/** What a StatelessService gives the regional wiring (the RegionalWorkload shape). */
export function serviceWorkload(svc: StatelessService, sp: StatelessServiceProps, usable: (n: number | undefined) => number | undefined) {
  return {
    loadBalancer: svc.loadBalancer,
    service: svc.service,
    scaling: svc.scaling,
    taskCount: usable(svc.desiredCount),
    maxTaskCount: usable(svc.maxCapacity),
    healthCheckPath: sp.healthCheckPath ?? '/',
    https: svc.certificate !== undefined,
    healthAlarms: svc.slos?.regionalHealthAlarms ?? [],
    taskStartSeconds: sp.reportAssumptions?.taskStartSeconds,
  };
}
