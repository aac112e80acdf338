import { CfnResource } from 'aws-cdk-lib';
import { get, list, logicalIdOf, num, perStack, props, raw, referencedId, resourceById, resourcesOfType, str, UNKNOWN } from '../../cfn';
import { spotOnly, spotProfile } from '../autoscaling/spot';

/** What a capacity provider buys: Fargate, Fargate Spot, an Auto Scaling group (spot or not), or unknown. */
export interface ProviderMarket {
  readonly kind: 'fargate' | 'fargate-spot' | 'asg' | 'unknown';
  /** For an ASG provider: the group runs spot only (true), never (false), or UNKNOWN. */
  readonly spotOnly?: boolean | typeof UNKNOWN;
  /** For an ASG provider: the group runs some spot instances. */
  readonly usesSpot?: boolean | typeof UNKNOWN;
  /** For an ASG provider: the group. */
  readonly asg?: CfnResource;
}

/** One item of a capacity provider strategy that can receive tasks (weight or base > 0, or unknown). */
export interface ActiveProvider {
  readonly provider: unknown;
  readonly market: ProviderMarket;
}

/** The market of one capacity provider of a strategy (a name or a reference to a provider of this stack). */
export function providerMarket(node: CfnResource, provider: unknown): ProviderMarket {
  const name = str(provider);
  if (name === 'FARGATE_SPOT') return { kind: 'fargate-spot' };
  if (name === 'FARGATE') return { kind: 'fargate' };
  const id = referencedId(provider);
  const cp = id ? resourceById(node, id) : undefined;
  if (!cp || cp.cfnResourceType !== 'AWS::ECS::CapacityProvider') return { kind: 'unknown' };
  const asgId = referencedId(raw(props(cp), 'AutoScalingGroupProvider', 'AutoScalingGroupArn'));
  const asg = asgId ? resourceById(node, asgId) : undefined;
  if (!asg || asg.cfnResourceType !== 'AWS::AutoScaling::AutoScalingGroup') return { kind: 'unknown' };
  const profile = spotProfile(asg);
  return { kind: 'asg', spotOnly: spotOnly(profile), usesSpot: profile.usesSpot, asg };
}

/**
 * The providers of a strategy that can receive tasks: UNKNOWN when the strategy is only known at
 * deploy time, undefined when there is none.
 */
export function activeProviders(node: CfnResource, strategy: unknown): ActiveProvider[] | undefined | typeof UNKNOWN {
  const items = list(strategy);
  if (items === UNKNOWN) return UNKNOWN;
  if (!items || items.length === 0) return undefined;
  return items
    .filter((item) => {
      const weight = num(get(item, 'Weight'));
      const base = num(get(item, 'Base'));
      return weight === UNKNOWN || base === UNKNOWN || (weight ?? 0) > 0 || (base ?? 0) > 0;
    })
    .map((item) => ({ provider: raw(item, 'CapacityProvider'), market: providerMarket(node, raw(item, 'CapacityProvider')) }));
}

/**
 * How a service's `Cluster` names its cluster, as a key a cluster resource can be matched on:
 * `id:<logicalId>` for a reference to a cluster of the stack, `name:<name>` for a literal name
 * (`default` when absent, as ECS does), undefined when only known at deploy time.
 */
export function clusterKey(value: unknown): string | undefined {
  if (value === undefined) return 'name:default';
  const id = referencedId(value);
  if (id) return `id:${id}`;
  const name = str(value);
  if (typeof name === 'string') return `name:${name.split('/').pop()}`;
  return undefined;
}

/** The keys a cluster resource (or a ClusterCapacityProviderAssociations) answers to. */
function keysOfCluster(node: CfnResource): string[] {
  const p = props(node);
  if (node.cfnResourceType === 'AWS::ECS::Cluster') {
    const name = str(get(p, 'ClusterName'));
    return [`id:${logicalIdOf(node)}`, ...(typeof name === 'string' ? [`name:${name}`] : [])];
  }
  const key = clusterKey(raw(p, 'Cluster'));
  return key ? [key] : [];
}

/** True when a service uses its cluster's default strategy: no launch type and no strategy of its own. */
export function usesClusterDefault(service: CfnResource): boolean {
  const p = props(service);
  return get(p, 'LaunchType') === undefined && get(p, 'CapacityProviderStrategy') === undefined;
}

/** Services of the stack that use their cluster's default strategy, by cluster key. Indexed once per stack. */
function defaultUsers(node: CfnResource): Map<string, CfnResource[]> {
  return perStack(node, 'ecs:defaultStrategyUsers', () => {
    const out = new Map<string, CfnResource[]>();
    for (const service of resourcesOfType(node, 'AWS::ECS::Service')) {
      if (!usesClusterDefault(service)) continue;
      const key = clusterKey(raw(props(service), 'Cluster'));
      if (key) out.set(key, [...(out.get(key) ?? []), service]);
    }
    return out;
  });
}

/** The services of the stack that take their strategy from this cluster (or associations) default. */
export function servicesUsingDefault(cluster: CfnResource): CfnResource[] {
  const users = defaultUsers(cluster);
  const seen = new Set<CfnResource>();
  for (const key of keysOfCluster(cluster)) for (const s of users.get(key) ?? []) seen.add(s);
  return [...seen];
}

/** Default strategies of the stack's clusters and associations, by cluster key. Indexed once per stack. */
function defaultStrategies(node: CfnResource): Map<string, unknown> {
  return perStack(node, 'ecs:defaultStrategies', () => {
    const out = new Map<string, unknown>();
    for (const type of ['AWS::ECS::Cluster', 'AWS::ECS::ClusterCapacityProviderAssociations']) {
      for (const c of resourcesOfType(node, type)) {
        const strategy = get(props(c), 'DefaultCapacityProviderStrategy');
        if (strategy === undefined) continue;
        for (const key of keysOfCluster(c)) out.set(key, strategy);
      }
    }
    return out;
  });
}

/**
 * The strategy a service's tasks are placed with: its own, or (no launch type) its cluster's
 * default when the stack declares it. UNKNOWN when only known at deploy time, undefined for a
 * launch type (or no strategy anywhere).
 */
/**
 * The strategy a service's tasks are placed with, when the stack says so: its own, or its
 * cluster's default declared in the stack; undefined otherwise (a launch type, no strategy, or a
 * strategy this stack does not show, which `effectiveProviders` calls UNKNOWN). For callers that
 * treat "not known here" and "none" alike: the service's `Cluster` is read only when the stack
 * declares a default strategy at all.
 */
export function declaredProviders(service: CfnResource): ActiveProvider[] | undefined {
  const p = props(service);
  const own = get(p, 'CapacityProviderStrategy');
  if (own !== undefined) {
    const active = activeProviders(service, own);
    return active === UNKNOWN ? undefined : active;
  }
  if (get(p, 'LaunchType') !== undefined) return undefined;
  const strategies = defaultStrategies(service);
  if (strategies.size === 0) return undefined;
  const key = clusterKey(raw(p, 'Cluster'));
  const strategy = key ? strategies.get(key) : undefined;
  if (strategy === undefined) return undefined;
  const active = activeProviders(service, strategy);
  return active === UNKNOWN ? undefined : active;
}

export function effectiveProviders(service: CfnResource): ActiveProvider[] | undefined | typeof UNKNOWN {
  const p = props(service);
  const own = get(p, 'CapacityProviderStrategy');
  if (own !== undefined) return activeProviders(service, own);
  if (get(p, 'LaunchType') !== undefined) return undefined;
  const key = clusterKey(raw(p, 'Cluster'));
  if (!key) return UNKNOWN;
  const strategy = defaultStrategies(service).get(key);
  return strategy === undefined ? undefined : activeProviders(service, strategy);
}
