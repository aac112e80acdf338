import { CfnResource } from 'aws-cdk-lib';
import { ActiveProvider } from './capacity';
import { isObject, perStack, props, raw, referencedId, resourceById, resourcesOfType, UNKNOWN } from '../../cfn';

/** ECS's default container stop timeout (seconds): the agent's ECS_CONTAINER_STOP_TIMEOUT. */
const AGENT_DEFAULT_STOP_TIMEOUT = 30;

/** What an EC2 fleet's user data tells the ECS agent. */
interface FleetAgent {
  /** ECS_CONTAINER_STOP_TIMEOUT in seconds; undefined when not set; UNKNOWN when not readable. */
  readonly stopTimeout: number | undefined | typeof UNKNOWN;
  /** The clusters the agent joins (ECS_CLUSTER), as `clusterKey` keys. */
  readonly clusters: string[];
}

/**
 * User data as text: a base64 string decoded, `Fn::Base64` / `Fn::Join` / `Fn::Sub` flattened,
 * a reference written `${Id}`. Any other intrinsic becomes `${?}` (not readable).
 */
export function userDataText(value: unknown): string {
  if (typeof value === 'string') return decodeBase64(value) ?? value;
  if (Array.isArray(value)) return value.map(userDataText).join('');
  if (!isObject(value)) return value === undefined || value === null ? '' : String(value);
  if ('Fn::Base64' in value) return plain(value['Fn::Base64']);
  return plain(value);
}

function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(plain).join('');
  if (!isObject(value)) return '';
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map(plain).join(join[0]);
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  const id = referencedId(value);
  return id ? `\${${id}}` : '${?}';
}

function decodeBase64(s: string): string | undefined {
  if (s.length < 8 || !/^[A-Za-z0-9+/=\s]+$/.test(s)) return undefined;
  const text = Buffer.from(s, 'base64').toString('utf-8');
  return /^[\x09\x0a\x0d\x20-\x7e]*$/.test(text) ? text : undefined;
}

/**
 * A Go duration as the agent parses ECS_CONTAINER_STOP_TIMEOUT (`90s`, `2m`, `1m30s`, `500ms`):
 * seconds, or UNKNOWN for anything else (a bare number is not a Go duration; the agent falls back).
 */
export function goDurationSeconds(text: string): number | typeof UNKNOWN {
  const m = /^((?:\d+(?:\.\d+)?(?:ms|s|m|h))+)$/.exec(text.trim());
  if (!m) return UNKNOWN;
  const unit: { readonly [u: string]: number } = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const part of text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(part[1]) * unit[part[2]];
  return total;
}

/** What the agent of a fleet (ASG) is told in its launch template or launch configuration user data. */
function agentOf(asg: CfnResource): FleetAgent | undefined {
  const p = props(asg);
  const ref = raw(p, 'LaunchTemplate', 'LaunchTemplateId') ?? raw(p, 'LaunchTemplate', 'LaunchTemplateName')
    ?? raw(p, 'MixedInstancesPolicy', 'LaunchTemplate', 'LaunchTemplateSpecification', 'LaunchTemplateId')
    ?? raw(p, 'MixedInstancesPolicy', 'LaunchTemplate', 'LaunchTemplateSpecification', 'LaunchTemplateName')
    ?? raw(p, 'LaunchConfigurationName');
  const id = referencedId(ref);
  const source = id ? resourceById(asg, id) : undefined;
  if (!source) return undefined;
  let userData: unknown;
  if (source.cfnResourceType === 'AWS::EC2::LaunchTemplate') userData = raw(props(source), 'LaunchTemplateData', 'UserData');
  else if (source.cfnResourceType === 'AWS::AutoScaling::LaunchConfiguration') userData = raw(props(source), 'UserData');
  else return undefined;
  const text = userDataText(userData);
  const clusters: string[] = [];
  for (const m of text.matchAll(/ECS_CLUSTER=("?)([^\s"'>]+)\1/g)) {
    const ref_ = /^\$\{([^}.]+)\}$/.exec(m[2]);
    clusters.push(ref_ ? `id:${ref_[1]}` : `name:${m[2]}`);
  }
  const stops = [...text.matchAll(/ECS_CONTAINER_STOP_TIMEOUT=("?)([^\s"'>]+)\1/g)].map((m) => m[2]);
  // The last assignment in ecs.config wins, as the agent reads it.
  const last = stops[stops.length - 1];
  const stopTimeout = last === undefined ? undefined : last.includes('${') ? UNKNOWN : goDurationSeconds(last);
  return { stopTimeout, clusters };
}

/** The agent settings of every ASG of the stack, indexed once per stack. */
function fleets(node: CfnResource): Map<CfnResource, FleetAgent> {
  return perStack(node, 'ecs:fleetAgents', () => {
    const out = new Map<CfnResource, FleetAgent>();
    for (const asg of resourcesOfType(node, 'AWS::AutoScaling::AutoScalingGroup')) {
      const agent = agentOf(asg);
      if (agent) out.set(asg, agent);
    }
    return out;
  });
}

/**
 * The stop timeout the ECS agent of an EC2 service's fleet applies to containers without their
 * own `StopTimeout`: the fleets are the ASGs of the service's capacity providers, else the ASGs
 * of the stack whose user data joins the service's cluster. UNKNOWN when no fleet is in the stack
 * (the agent's configuration lives elsewhere) or its value is not readable; the largest value
 * when the service can land on several fleets.
 */
export function fleetStopTimeout(
  service: CfnResource,
  active: ActiveProvider[] | undefined | typeof UNKNOWN,
  cluster: () => string | undefined,
): FleetStop {
  const agents = fleets(service);
  let asgs: CfnResource[] = [];
  if (active !== UNKNOWN && active) asgs = active.map((a) => a.market.asg).filter((a): a is CfnResource => a !== undefined);
  // The service's cluster (`cluster`, read only when some fleet of the stack could join it).
  const key = asgs.length === 0 && agents.size > 0 ? cluster() : undefined;
  if (key !== undefined) asgs = [...agents.entries()].filter(([, a]) => a.clusters.includes(key)).map(([asg]) => asg);
  const chosen = asgs.map((asg) => agents.get(asg));
  // No fleet in the stack, or a fleet whose launch template is not: the agent's settings are not known here.
  if (chosen.length === 0 || chosen.some((a) => a === undefined)) return { seconds: UNKNOWN, set: false, asgs };
  const known = chosen.filter((a): a is FleetAgent => a !== undefined);
  if (known.some((a) => a.stopTimeout === UNKNOWN)) return { seconds: UNKNOWN, set: true, asgs };
  const values = known.map((a) => (typeof a.stopTimeout === 'number' ? a.stopTimeout : AGENT_DEFAULT_STOP_TIMEOUT));
  return { seconds: Math.max(...values), set: known.some((a) => typeof a.stopTimeout === 'number'), asgs };
}

/** The stop timeout an EC2 service's fleet applies, and the fleet (the Auto Scaling groups it may run on). */
export interface FleetStop {
  readonly seconds: number | typeof UNKNOWN;
  /** The fleet's user data sets ECS_CONTAINER_STOP_TIMEOUT. */
  readonly set: boolean;
  readonly asgs: CfnResource[];
}

