import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * Reading a CfnResource the way CloudFormation will receive it.
 *
 * Rules read the rendered resource (`_toCloudFormation`, resolved with `Stack.of(node).resolve`),
 * not the typed L1 fields: property overrides and escape hatches are applied, and resources that
 * `CfnInclude` loads as plain `CfnResource` (types this aws-cdk-lib does not know) read the same.
 * Anything still an intrinsic after resolution (a parameter, an import, a condition) is UNKNOWN,
 * and a rule never calls an UNKNOWN value non-compliant.
 */

/** A value that is only known at deploy time. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

/** A resource as CloudFormation receives it. */
export interface RenderedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: { [key: string]: any };
  readonly deletionPolicy?: unknown;
  readonly updateReplacePolicy?: unknown;
}

interface RunCache {
  readonly rendered: WeakMap<CfnResource, RenderedResource>;
  readonly stacks: WeakMap<Stack, CfnResource[]>;
  readonly ids: WeakMap<Stack, Map<string, CfnResource>>;
}

let cache: RunCache | undefined;

/** The key that marks the properties of a resource that could not be rendered (read as an intrinsic: unknown). */
export const UNRENDERABLE = 'Fn::Unrenderable';

/**
 * Runs `fn` with rendered resources cached: a pack enables it for one validation run, so a
 * resource read by several rules (or by a rule of a neighbour) is rendered once.
 */
export function withRenderCache<T>(fn: () => T): T {
  const outer = cache;
  cache = outer ?? { rendered: new WeakMap(), stacks: new WeakMap(), ids: new WeakMap() };
  try {
    return fn();
  } finally {
    cache = outer;
  }
}

/** The resolved CloudFormation form of a resource. */
export function rendered(node: CfnResource): RenderedResource {
  const hit = cache?.rendered.get(node);
  if (hit) return hit;
  const stack = Stack.of(node);
  let template: { Resources?: { [id: string]: any } };
  try {
    template = stack.resolve(node._toCloudFormation());
  } catch (e) {
    // Properties that do not fit the resource's schema (macro or preprocessor syntax such as
    // `Rain::Embed`, `!Explode`) cannot be rendered: every property is then unknown.
    template = {
      Resources: {
        [logicalIdOf(node)]: {
          Type: node.cfnResourceType,
          Properties: { [UNRENDERABLE]: (e as Error).message.split('\n')[0] },
          DeletionPolicy: node.cfnOptions.deletionPolicy,
          UpdateReplacePolicy: node.cfnOptions.updateReplacePolicy,
        },
      },
    };
  }
  const [logicalId, res] = Object.entries(template.Resources ?? {})[0] ?? [logicalIdOf(node), {}];
  const out: RenderedResource = {
    logicalId,
    type: res.Type ?? node.cfnResourceType,
    properties: isObject(res.Properties) ? res.Properties : {},
    deletionPolicy: res.DeletionPolicy,
    updateReplacePolicy: res.UpdateReplacePolicy,
  };
  cache?.rendered.set(node, out);
  return out;
}

/** The resolved properties of a resource. */
export function props(node: CfnResource): { [key: string]: any } {
  return rendered(node).properties;
}

/** True for a plain object (not an array, not null). */
export function isObject(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a resolved value is an intrinsic function or a reference (`Ref`, `Fn::*`). */
export function isIntrinsic(v: unknown): boolean {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

/** True when a value (or anything inside it) is only known at deploy time. */
export function containsIntrinsic(v: unknown): boolean {
  if (isIntrinsic(v)) return true;
  if (Array.isArray(v)) return v.some(containsIntrinsic);
  if (isObject(v)) return Object.values(v).some(containsIntrinsic);
  return false;
}

/** `{ Ref: 'AWS::NoValue' }` means the property is absent. */
function isNoValue(v: unknown): boolean {
  return isObject(v) && v.Ref === 'AWS::NoValue';
}

/** A property of a resolved object; undefined when absent (or AWS::NoValue). */
export function get(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === UNKNOWN) return UNKNOWN;
    if (!isObject(cur) || isIntrinsic(cur)) return cur === undefined || cur === null ? undefined : UNKNOWN;
    cur = cur[key];
    if (isNoValue(cur)) return undefined;
  }
  if (isIntrinsic(cur)) return UNKNOWN;
  return cur;
}

/** A property as written (intrinsics kept, for following references); undefined when absent. */
export function raw(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObject(cur) || isIntrinsic(cur)) return undefined;
    cur = cur[key];
    if (isNoValue(cur)) return undefined;
  }
  return cur;
}

/** A boolean property (CloudFormation accepts `true` and `"true"`). */
export function bool(v: unknown): boolean | undefined | Unknown {
  if (v === undefined || v === null) return undefined;
  if (v === true || v === false) return v;
  if (typeof v === 'string') {
    if (v.toLowerCase() === 'true') return true;
    if (v.toLowerCase() === 'false') return false;
  }
  return UNKNOWN;
}

/** A number property (CloudFormation accepts `30` and `"30"`). */
export function num(v: unknown): number | undefined | Unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return UNKNOWN;
}

/** A string property. */
export function str(v: unknown): string | undefined | Unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return UNKNOWN;
}

/** A list property: its items (AWS::NoValue items dropped), or UNKNOWN when the list itself is an intrinsic. */
export function list(v: unknown): unknown[] | undefined | Unknown {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.filter((x) => !isNoValue(x));
  return UNKNOWN;
}

/** True when `value` refers to the resource `logicalId` with `Ref` or `Fn::GetAtt`. */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => refersTo(v, logicalId));
  if (!isObject(value)) return false;
  if (value.Ref === logicalId) return true;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId) return true;
  if (typeof getAtt === 'string' && getAtt.split('.')[0] === logicalId) return true;
  const sub = value['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (subText !== undefined && (subText.includes(`\${${logicalId}}`) || subText.includes(`\${${logicalId}.`))) return true;
  return Object.values(value).some((v) => refersTo(v, logicalId));
}

/** The logical id a value points at when it is exactly `{ Ref: id }` or `{ Fn::GetAtt: [id, attr] }`. */
export function referencedId(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every CfnResource of the stack a resource lives in (not of nested stacks), in tree order. */
export function stackResources(node: CfnResource): CfnResource[] {
  const stack = Stack.of(node);
  const hit = cache?.stacks.get(stack);
  if (hit) return hit;
  const out = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
  cache?.stacks.set(stack, out);
  return out;
}

/** The logical id of a resource in its template. */
export function logicalIdOf(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId);
}

/** The stack's resources of one CloudFormation type. */
export function resourcesOfType(node: CfnResource, type: string): CfnResource[] {
  return stackResources(node).filter((r) => r.cfnResourceType === type);
}

/** The stack's resource with a given logical id, if any. */
export function resourceById(node: CfnResource, logicalId: string): CfnResource | undefined {
  if (!cache) return stackResources(node).find((r) => logicalIdOf(r) === logicalId);
  const stack = Stack.of(node);
  let ids = cache.ids.get(stack);
  if (!ids) {
    ids = new Map(stackResources(node).map((r) => [logicalIdOf(r), r]));
    cache.ids.set(stack, ids);
  }
  return ids.get(logicalId);
}
