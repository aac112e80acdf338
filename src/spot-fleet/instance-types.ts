import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The instance families a SpotFleetWithFallback chooses from, as plain data.
 *
 * Current-generation general purpose (m), compute (c, c6gn network-optimized) and memory (r)
 * families, Intel, AMD and Graviton. Sizes large to 8xlarge: every family listed offers them (c5 has 9xlarge instead of
 * 8xlarge and is listed without it). Memory per vCPU: c 2 GiB, m 4 GiB, r 8 GiB.
 * Source: Amazon EC2 instance types (docs.aws.amazon.com/ec2/latest/instancetypes).
 */
export interface InstanceFamilyInfo {
  readonly family: string;
  readonly arm: boolean;
  readonly gibPerVcpu: number;
  readonly sizes: ReadonlyArray<string>;
}

const SIZES: ReadonlyArray<string> = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'];
const VCPUS: { [size: string]: number } = { 'large': 2, 'xlarge': 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32 };

function fam(family: string, gibPerVcpu: number, arm = false, sizes: ReadonlyArray<string> = SIZES): InstanceFamilyInfo {
  return { family, arm, gibPerVcpu, sizes };
}

/** The families, in the order instance types are listed (newest first within a class). */
export const INSTANCE_FAMILIES: ReadonlyArray<InstanceFamilyInfo> = [
  fam('c7i', 2), fam('c6i', 2), fam('c6a', 2), fam('c5a', 2), fam('c5', 2, false, ['large', 'xlarge', '2xlarge', '4xlarge']),
  fam('m7i', 4), fam('m7a', 4), fam('m6i', 4), fam('m6a', 4), fam('m5', 4), fam('m5a', 4),
  fam('r7i', 8), fam('r6i', 8), fam('r6a', 8), fam('r5', 8), fam('r5a', 8),
  fam('c8g', 2, true), fam('c7g', 2, true), fam('c6g', 2, true), fam('c6gn', 2, true),
  fam('m8g', 4, true), fam('m7g', 4, true), fam('m6g', 4, true),
  fam('r8g', 8, true), fam('r7g', 8, true), fam('r6g', 8, true),
];

/** One instance type of the catalog. */
export interface InstanceTypeInfo {
  readonly name: string;
  readonly family: string;
  readonly arm: boolean;
  readonly vcpus: number;
  readonly memoryMiB: number;
}

/** Every instance type of the catalog, by name. */
export const INSTANCE_CATALOG: ReadonlyMap<string, InstanceTypeInfo> = new Map(
  INSTANCE_FAMILIES.flatMap((f) => f.sizes.map((size): [string, InstanceTypeInfo] => {
    const vcpus = VCPUS[size];
    const name = `${f.family}.${size}`;
    return [name, { name, family: f.family, arm: f.arm, vcpus, memoryMiB: vcpus * f.gibPerVcpu * 1024 }];
  })),
);

/**
 * A type outside the catalog (a GPU family such as g5 or p4d, a burstable t type, a larger size):
 * its family is the part before the dot and its architecture is what aws-cdk-lib's InstanceType
 * reports (Graviton families arm64, others x86_64). vCPUs and memory are not known (0).
 */
export function outsideCatalog(name: string): InstanceTypeInfo {
  return {
    name,
    family: name.split('.')[0],
    arm: new ec2.InstanceType(name).architecture === ec2.InstanceArchitecture.ARM_64,
    vcpus: 0,
    memoryMiB: 0,
  };
}

/** The vCPU counts the catalog offers. */
export const CATALOG_VCPUS: ReadonlyArray<number> = SIZES.map((s) => VCPUS[s]);

/**
 * The catalog's instance types with exactly `vcpus` vCPUs, between `memoryMiB` and `maxMemoryMiB`
 * memory and the given architecture, in catalog order.
 */
export function selectInstanceTypes(vcpus: number, memoryMiB: number, maxMemoryMiB: number, arm: boolean): InstanceTypeInfo[] {
  return [...INSTANCE_CATALOG.values()].filter((t) =>
    t.vcpus === vcpus && t.memoryMiB >= memoryMiB && t.memoryMiB <= maxMemoryMiB && t.arm === arm);
}

/** The number of distinct families among some instance types. */
export function familyCount(types: ReadonlyArray<InstanceTypeInfo>): number {
  return new Set(types.map((t) => t.family)).size;
}
