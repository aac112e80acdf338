import { Duration, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { SPOT_FLEET_DEFAULTS as D } from './defaults';
import { CATALOG_VCPUS, familyCount, INSTANCE_CATALOG, InstanceTypeInfo, outsideCatalog, selectInstanceTypes } from './instance-types';
import { machineImageArchitecture } from './machine-image';
import type { SpotFleetWithFallbackProps } from './props';
import { describeValue, isUnresolved, nonEmptyString, oneOf, PropValidator, requireDefined, warn, wholeDuration, wholeSize } from '../core/validation';

/** The props of a SpotFleetWithFallback once checked: resolved defaults, instance types and zones. */
export interface FleetPlan {
  readonly arch: ec2.InstanceArchitecture;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly base: number;
  readonly pct: number;
  /** Seconds, or undefined when a token. */
  readonly stopS: number | undefined;
  readonly drainS: number | undefined;
  readonly handBackAfter: Duration;
  readonly drainTimeout: Duration;
  readonly rootGiB: number | undefined;
  readonly types: InstanceTypeInfo[];
  readonly zones: number;
  /** True when minCapacity and onDemandBaseCapacity are concrete, valid numbers. */
  readonly capacityOk: boolean;
}

/**
 * Checks every prop of a SpotFleetWithFallback, including those that need the VPC, and throws
 * all problems together (PatternValidationError). Values known only at deploy time are skipped.
 */
export function validateFleetProps(scope: Construct, props: SpotFleetWithFallbackProps): FleetPlan {
  const arch = props.cpuArchitecture ?? ec2.InstanceArchitecture.X86_64;
  const vcpus = props.vcpus ?? D.vcpus;
  const memoryMiB = props.memoryMiB ?? D.memoryMiB;
  const minCapacity = props.minCapacity ?? D.minCapacity;
  const maxCapacity = props.maxCapacity ?? D.maxCapacity;
  const base = props.onDemandBaseCapacity ?? D.onDemandBaseCapacity;
  const pct = props.onDemandPercentageAboveBaseCapacity ?? D.onDemandPercentageAboveBaseCapacity;
  const stopTimeout = props.containerStopTimeout ?? D.containerStopTimeout;
  const drainTimeout = props.drainTimeout ?? D.drainTimeout;
  const handBackAfter = props.handBackAfter ?? D.handBackAfter;

  // ---- validate -----------------------------------------------------------------------
  const v = new PropValidator(scope);
  const vpcOk = requireDefined(v, 'vpc', props.vpc, 'pass the VPC the instances run in, e.g. vpc: new EgressAwareVpc(this, \'Vpc\')')
    && has(props.vpc, 'selectSubnets', v, 'vpc', 'pass an ec2.IVpc (an ec2.Vpc, EgressAwareVpc or ec2.Vpc.fromLookup)');
  if (props.cluster !== undefined) has(props.cluster, 'addAsgCapacityProvider', v, 'cluster', 'pass an ecs.Cluster, or omit cluster for a plain Auto Scaling group');
  if (props.machineImage !== undefined) has(props.machineImage, 'getImage', v, 'machineImage', 'pass an ec2.IMachineImage such as ec2.MachineImage.latestAmazonLinux2023()');
  if (props.notificationsTopic !== undefined) has(props.notificationsTopic, 'topicArn', v, 'notificationsTopic', 'pass an sns.ITopic, or omit it to have one created');
  oneOf(v, 'cpuArchitecture', props.cpuArchitecture, ARCHITECTURES, ['ec2.InstanceArchitecture.X86_64', 'ec2.InstanceArchitecture.ARM_64']);
  v.require(props.userDataCommands === undefined || (Array.isArray(props.userDataCommands) && props.userDataCommands.every((c) => typeof c === 'string')),
    'userDataCommands', `is ${describeValue(props.userDataCommands)}, not a list of commands`, "list shell commands as strings, e.g. ['dnf install -y amazon-cloudwatch-agent']");
  nonEmptyString(v, 'workloadName', props.workloadName, 'give the fleet a name for the report, or omit workloadName to use the construct path');
  const rootGiB = wholeSize(v, 'rootVolumeSize', props.rootVolumeSize, 'gibibytes', { min: 1, max: 16384 });
  const minOk = v.number('minCapacity', minCapacity, { integer: true, min: 0 });
  const maxOk = v.number('maxCapacity', maxCapacity, { integer: true, min: 1 });
  if (minOk && maxOk) {
    v.require(minCapacity <= maxCapacity, 'minCapacity and maxCapacity', `minCapacity ${minCapacity} is above maxCapacity ${maxCapacity}`,
      `set minCapacity to at most ${maxCapacity}, or raise maxCapacity`);
  }
  const baseOk = v.number('onDemandBaseCapacity', base, { integer: true, min: 0 });
  if (baseOk && maxOk) {
    v.require(base <= maxCapacity, 'onDemandBaseCapacity', `${base} is above maxCapacity ${maxCapacity}, so the group can never hold its on-demand floor`,
      `set onDemandBaseCapacity to at most ${maxCapacity} (1 is enough for a floor), or raise maxCapacity`);
  }
  const pctOk = v.number('onDemandPercentageAboveBaseCapacity', pct, { integer: true, min: 0, max: 100 });
  if (baseOk && pctOk) {
    v.require(!(base === 0 && pct === 0), 'onDemandBaseCapacity and onDemandPercentageAboveBaseCapacity',
      'are both 0: a spot-only fleet has no on-demand floor, and a spot shortage takes all of it away',
      'set onDemandBaseCapacity to at least 1 (the default), or give onDemandPercentageAboveBaseCapacity a share above 0');
  }
  const stopS = wholeDuration(v, 'containerStopTimeout', stopTimeout, 'seconds');
  if (stopS !== undefined) {
    v.require(stopS <= D.maxStopTimeoutSeconds, 'containerStopTimeout',
      `is ${stopS} s, but a spot instance is reclaimed 120 s after its interruption notice, so containers would be killed mid-shutdown`,
      'set containerStopTimeout to at most 120 seconds (default 90 s)');
  }
  const drainS = wholeDuration(v, 'drainTimeout', drainTimeout, 'seconds');
  if (drainS !== undefined) {
    v.require(drainS >= 30 && drainS <= 7200, 'drainTimeout', `is ${drainS} s; a lifecycle hook holds an instance for 30-7200 s`,
      'set drainTimeout between 30 seconds and 2 hours (default 110 s, within the 2-minute spot notice)');
  }
  const handBackS = wholeDuration(v, 'handBackAfter', handBackAfter, 'seconds');
  if (handBackS !== undefined) {
    v.require(handBackS >= 300, 'handBackAfter', `is ${handBackS} s; trying spot again that soon after a failure makes the fleet flap`,
      'set handBackAfter to at least 5 minutes (default 15)');
  }
  v.number('vcpus', props.vcpus, { integer: true, min: 1 });
  v.number('memoryMiB', props.memoryMiB, { integer: true, min: 1 });
  const ra = props.reportAssumptions ?? {};
  v.number('reportAssumptions.onDemandHourlyUsd', ra.onDemandHourlyUsd, { min: 0 });
  v.number('reportAssumptions.spotDiscountPercent', ra.spotDiscountPercent, { min: 0, max: 100 });
  v.number('reportAssumptions.instanceStartSeconds', ra.instanceStartSeconds, { integer: true, min: 0 });
  if (v.number('reportAssumptions.averageInstances', ra.averageInstances, { integer: true, min: 0 }) && minOk && maxOk) {
    const avg = ra.averageInstances!;
    v.require(avg >= minCapacity && avg <= maxCapacity, 'reportAssumptions.averageInstances',
      `is ${avg}, but the group runs between minCapacity ${minCapacity} and maxCapacity ${maxCapacity} instances`,
      `set reportAssumptions.averageInstances between ${minCapacity} and ${maxCapacity}`);
  }

  const types = chooseInstanceTypes(scope, v, props, vcpus, memoryMiB, arch);
  const imageArch = props.machineImage && typeof props.machineImage === 'object' ? machineImageArchitecture(props.machineImage) : undefined;
  if (types.length > 0 && imageArch !== undefined) {
    // One AMI boots one architecture: a type of the other would fail every launch.
    const wrong = types.filter((t) => t.arm !== (imageArch.architecture === ec2.InstanceArchitecture.ARM_64));
    v.require(wrong.length === 0, props.instanceTypes ? 'machineImage and instanceTypes' : 'machineImage and cpuArchitecture',
      `the machine image is ${imageArch.architecture} (SSM parameter ${imageArch.parameterName}) but ${wrong.map((t) => t.name).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} `
      + `${imageArch.architecture === ec2.InstanceArchitecture.ARM_64 ? 'x86_64' : 'arm64'}, so every launch of ${wrong.length === 1 ? 'it' : 'them'} would fail`,
      imageArch.architecture === ec2.InstanceArchitecture.ARM_64
        ? 'set cpuArchitecture to ec2.InstanceArchitecture.ARM_64 (Graviton types are chosen), or list Graviton instanceTypes, or use an x86_64 image'
        : 'use an arm64 image (e.g. cpuType ARM_64), or list x86_64 instanceTypes and leave cpuArchitecture at X86_64');
  } else if (types.length > 0 && props.machineImage && !isUnresolved(vcpus)) {
    // An image of unknown architecture: cpuArchitecture states it.
    const wrong = types.filter((t) => t.arm !== (arch === ec2.InstanceArchitecture.ARM_64));
    v.require(wrong.length === 0, 'instanceTypes and cpuArchitecture',
      `${wrong.map((t) => t.name).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not ${arch} like the machine image`,
      `list ${arch} types only, or set cpuArchitecture to the image's architecture`);
  }

  // Checks that need the VPC, reported with the others.
  let zones = 0;
  const subnets = vpcOk ? selectSubnets(v, props) : undefined;
  if (subnets) {
    zones = new Set(subnets.availabilityZones).size;
    v.require(zones >= D.minZones, props.vpcSubnets ? 'vpcSubnets' : 'vpc',
      `the instance subnets span ${zones} zone${zones === 1 ? '' : 's'}; a zone outage (or a spot shortage in one zone) would take the whole fleet`,
      'select subnets in at least 2 zones (a VPC with maxAzs >= 2)');
    v.require(!subnets.hasPublic || props.associatePublicIpAddress === true, 'vpcSubnets',
      'selects public subnets but associatePublicIpAddress is false, so instances would have no route out',
      'use private subnets with egress (the default), or set associatePublicIpAddress: true to accept public IPs');
  }
  v.throwIfAny();
  return {
    arch, minCapacity, maxCapacity, base, pct, stopS, drainS, handBackAfter, drainTimeout, rootGiB, types, zones, capacityOk: minOk && baseOk,
  };
}

function chooseInstanceTypes(scope: Construct, v: PropValidator, props: SpotFleetWithFallbackProps, vcpus: number, memoryMiB: number,
  arch: ec2.InstanceArchitecture): InstanceTypeInfo[] {
  const arm = arch === ec2.InstanceArchitecture.ARM_64;
  if (props.instanceTypes !== undefined) {
    if (!Array.isArray(props.instanceTypes)) {
      v.fail('instanceTypes', `is ${describeValue(props.instanceTypes)}, not a list`, "list types such as [new ec2.InstanceType('m6i.large'), ...]");
      return [];
    }
    const names = props.instanceTypes.map((t) => (t === undefined || t === null ? '' : String(t)));
    if (names.some((n) => Token.isUnresolved(n))) return [];
    const malformed = names.filter((n) => !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(n));
    v.require(malformed.length === 0, 'instanceTypes', `has ${malformed.map((n) => `'${n}'`).join(', ')}, not an instance type name`,
      "name each type as family.size, e.g. new ec2.InstanceType('m6i.large')");
    if (malformed.length > 0) return [];
    const unknown = names.filter((n) => !INSTANCE_CATALOG.has(n));
    const priced = props.reportAssumptions?.onDemandHourlyUsd !== undefined;
    v.require(unknown.length === 0 || priced, 'instanceTypes',
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the catalog of current-generation c, m and r types (large to 8xlarge), so the report has no price for ${unknown.length === 1 ? 'it' : 'them'}`,
      'use types such as c6i.large, m6i.large, m7i.large, c7g.large, or set vcpus and memoryMiB to have them chosen; '
      + 'for types outside the catalog (GPU families such as g5 or p4d) state their on-demand hourly price in reportAssumptions.onDemandHourlyUsd');
    const dup = names.filter((n, i) => names.indexOf(n) !== i);
    v.require(dup.length === 0, 'instanceTypes', `lists ${[...new Set(dup)].join(', ')} more than once`, 'list each type once');
    const distinct = [...new Set(names)];
    v.require(distinct.length >= D.minTypes, 'instanceTypes',
      `has ${distinct.length} type${distinct.length === 1 ? '' : 's'}; fewer than ${D.minTypes} spot pools per zone run out together`,
      `list at least ${D.minTypes} types (${D.recommendedTypes} or more from ${D.recommendedFamilies} families is better), or omit instanceTypes to have them chosen`);
    if (unknown.length > 0 && !priced) return [];
    const infos = distinct.map((n) => INSTANCE_CATALOG.get(n) ?? outsideCatalog(n));
    const archs = new Set(infos.map((t) => t.arm));
    v.require(archs.size === 1, 'instanceTypes', `mixes ARM (${infos.filter((t) => t.arm).map((t) => t.name).join(', ')}) and x86 (${infos.filter((t) => !t.arm).map((t) => t.name).join(', ')}) types, but one launch template has one AMI`,
      'list types of one architecture and set cpuArchitecture to match, or use two fleets');
    if (archs.size === 1 && props.machineImage === undefined) {
      v.require(infos[0].arm === arm, 'instanceTypes and cpuArchitecture',
        `the types are ${infos[0].arm ? 'ARM' : 'x86'} but cpuArchitecture is ${arch}, so the AMI would not boot them`,
        `set cpuArchitecture to ${infos[0].arm ? 'ec2.InstanceArchitecture.ARM_64' : 'ec2.InstanceArchitecture.X86_64'}`);
    }
    if (distinct.length >= D.minTypes && (distinct.length < D.recommendedTypes || familyCount(infos) < D.recommendedFamilies)) {
      warn(scope, 'FewSpotPools', `instanceTypes has ${distinct.length} types from ${familyCount(infos)} families: with fewer than ${D.recommendedTypes} types from ${D.recommendedFamilies} families, a spot shortage is more likely to hit all of them at once and send the fleet to on-demand.`);
    }
    return infos;
  }
  if (isUnresolved(vcpus) || isUnresolved(memoryMiB)) return [];
  const chosen = selectInstanceTypes(vcpus, memoryMiB, memoryMiB * D.maxMemoryMultiple, arm);
  v.require(chosen.length >= D.recommendedTypes && familyCount(chosen) >= D.recommendedFamilies, 'vcpus and memoryMiB',
    `${vcpus} vCPUs with ${memoryMiB}-${memoryMiB * D.maxMemoryMultiple} MiB match ${chosen.length} ${arm ? 'ARM' : 'x86'} type${chosen.length === 1 ? '' : 's'} (${chosen.map((t) => t.name).join(', ') || 'none'}); a fleet needs at least ${D.recommendedTypes} types from ${D.recommendedFamilies} families`,
    `use vcpus ${CATALOG_VCPUS.join(', ')} with memoryMiB up to 4096 per vCPU, or list instanceTypes explicitly`);
  return chosen;
}

/** The instance subnets, or a problem recorded when the selection matches none (aws-cdk-lib would throw its own message). */
function selectSubnets(v: PropValidator, props: SpotFleetWithFallbackProps): ec2.SelectedSubnets | undefined {
  try {
    return props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    v.fail(props.vpcSubnets ? 'vpcSubnets' : 'vpc', `selects no subnets for the instances (${reason})`,
      props.vpcSubnets ? 'select subnets the VPC has' : 'use a VPC with private subnets with egress (EgressAwareVpc has them), or pass vpcSubnets');
    return undefined;
  }
}

const ARCHITECTURES: readonly ec2.InstanceArchitecture[] = [ec2.InstanceArchitecture.X86_64, ec2.InstanceArchitecture.ARM_64];

/** Records a problem when a prop from JavaScript or Python is not the kind of object it must be (it lacks `member`). */
function has(value: unknown, member: string, v: PropValidator, prop: string, fix: string): boolean {
  const ok = typeof value === 'object' && value !== null && member in value;
  if (!ok) v.fail(prop, `is ${describeValue(value)}, not the expected object`, fix);
  return ok;
}
