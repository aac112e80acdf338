import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Reading a CfnResource the way CloudFormation will receive it.
 *
 * Rules read the rendered resource (what `_toCloudFormation` gives, resolved with `Stack.of(node).resolve`;
 * one top-level property at a time, on first read, see `rendered`), not the typed L1 fields: property overrides and escape hatches are applied, and resources that
 * `CfnInclude` loads as plain `CfnResource` (types this aws-cdk-lib does not know) read the same.
 * Anything still an intrinsic after resolution (a parameter, an import, a condition) is UNKNOWN,
 * and a rule never calls an UNKNOWN value non-compliant.
 */

/** A value that is only known at deploy time. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

/** A resolved CloudFormation object (a property map): its values are narrowed where read. */
export interface CfnObject {
  readonly [key: string]: unknown;
}

/** A resource as CloudFormation receives it. */
export interface RenderedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: CfnObject;
  readonly deletionPolicy?: unknown;
  readonly updateReplacePolicy?: unknown;
}

/** What one stack holds, indexed once per validation run. */
interface StackIndex {
  readonly resources: CfnResource[];
  readonly byType: Map<string, CfnResource[]>;
  byId?: Map<string, CfnResource>;
  byConstructId?: Map<string, CfnResource[]>;
  /** Indexes rules build over the stack (`perStack`), by key. */
  readonly derived: Map<string, unknown>;
}

interface RunCache {
  readonly rendered: WeakMap<CfnResource, RenderedResource>;
  readonly logicalIds: WeakMap<CfnResource, string>;
  readonly stacks: WeakMap<Stack, StackIndex>;
  /** Indexes rules build over the whole app (`perApp`), by root and key. */
  readonly apps: WeakMap<IConstruct, Map<string, unknown>>;
  /** Templates already synthesized for a stack (`withTemplates`): its resources are read there, not resolved again. */
  readonly templates: WeakMap<Stack, CfnObject>;
}

let cache: RunCache | undefined;

/** The key that marks the properties of a resource that could not be rendered (read as an intrinsic: unknown). */
export const UNRENDERABLE = 'Fn::Unrenderable';

/**
 * Runs `fn` with rendered resources and stack indexes cached: a pack enables it for one validation
 * run (the checks and the per-resource details), so a resource read by several rules is rendered
 * once, and an index a rule needs over its stack (or the app) is built once. Without it every call
 * renders and indexes afresh, which is right but quadratic over a stack.
 */
export function withRenderCache<T>(fn: () => T): T {
  const outer = cache;
  cache = outer ?? newCache();
  try {
    return fn();
  } finally {
    cache = outer;
  }
}

function newCache(): RunCache {
  return { rendered: new WeakMap(), logicalIds: new WeakMap(), stacks: new WeakMap(), apps: new WeakMap(), templates: new WeakMap() };
}

/**
 * Runs `fn` (a validation run) with the stacks' templates as synthesized, so a resource is read
 * from its stack's template instead of being resolved again (resolving every resource of a large
 * stack costs more than all the rules). The template is what CloudFormation receives, the same
 * form `rendered` produces. Used by the plugin path, which runs right after synthesis wrote the
 * templates, and by callers that hold a template they loaded (the command line).
 */
export function withTemplates<T>(templates: ReadonlyMap<Stack, unknown>, fn: () => T): T {
  const outer = cache;
  cache = outer ?? newCache();
  try {
    for (const [stack, template] of templates) {
      if (isObject(template) && isObject(template.Resources)) cache.templates.set(stack, template.Resources);
    }
    return fn();
  } finally {
    cache = outer;
  }
}

/** Where a validation context says a stack's synthesized template is. */
export interface SynthesizedTemplate {
  readonly stackConstructPath: string;
  readonly templatePath: string;
}

/**
 * The synthesized templates of the stacks under `root`, read from the paths a policy-validation
 * context gives (`stackTemplates`, or else `templatePaths` matched on each stack's
 * `templateFile`). A template that cannot be read or matched is left out: its stack's resources
 * are then resolved as usual.
 */
export function synthesizedTemplates(
  root: IConstruct, stackTemplates: readonly SynthesizedTemplate[], templatePaths: readonly string[],
): Map<Stack, unknown> {
  const stacks = root.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const byPath = new Map(stacks.map((st) => [st.node.path, st]));
  const out = new Map<Stack, unknown>();
  const read = (stack: Stack | undefined, file: string) => {
    if (!stack || out.has(stack)) return;
    try {
      out.set(stack, JSON.parse(fs.readFileSync(file, 'utf-8')));
    } catch {
      // Not readable: resolve this stack's resources instead.
    }
  };
  for (const t of stackTemplates) read(byPath.get(t.stackConstructPath), t.templatePath);
  const byFile = new Map<string, Stack[]>();
  for (const st of stacks) byFile.set(st.templateFile, [...(byFile.get(st.templateFile) ?? []), st]);
  for (const file of templatePaths) {
    const candidates = byFile.get(path.basename(file)) ?? [];
    if (candidates.length === 1) read(candidates[0], file);
  }
  return out;
}

/**
 * The resolved CloudFormation form of a resource. Its properties are resolved one top-level
 * property at a time, on first read (see `lazily`), so a rule that reads two properties of a
 * resource resolves those two; a resource whose rendering cannot be split that way is resolved
 * whole, as synthesis does.
 */
export function rendered(node: CfnResource): RenderedResource {
  const hit = cache?.rendered.get(node);
  if (hit) return hit;
  const stack = Stack.of(node);
  const synthesized = cache?.templates.get(stack);
  if (synthesized) {
    const logicalId = logicalIdOf(node);
    const body = synthesized[logicalId];
    if (isObject(body)) {
      const out = fromTemplate(logicalId, body, node);
      cache?.rendered.set(node, out);
      return out;
    }
  }
  const out = lazily(node, stack) ?? whole(node, stack);
  cache?.rendered.set(node, out);
  return out;
}

/** The resource resolved whole (`Stack.resolve` of `_toCloudFormation()`), what synthesis writes. */
function whole(node: CfnResource, stack: Stack): RenderedResource {
  let template: unknown;
  try {
    template = stack.resolve(node._toCloudFormation());
  } catch (e) {
    // Properties that do not fit the resource's schema (macro or preprocessor syntax such as
    // `Rain::Embed`, `!Explode`) cannot be rendered: every property is then unknown.
    template = {
      Resources: {
        [logicalIdOf(node)]: {
          Type: node.cfnResourceType,
          Properties: { [UNRENDERABLE]: errorLine(e) },
          DeletionPolicy: node.cfnOptions.deletionPolicy,
          UpdateReplacePolicy: node.cfnOptions.updateReplacePolicy,
        },
      },
    };
  }
  const resources = isObject(template) && isObject(template.Resources) ? template.Resources : {};
  const [logicalId, res] = Object.entries(resources)[0] ?? [logicalIdOf(node), {}];
  cache?.logicalIds.set(node, logicalId);
  return fromTemplate(logicalId, isObject(res) ? res : {}, node);
}

function errorLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** What `lazily` reaches inside a CfnResource: the same members `_toCloudFormation` uses. */
interface Renderable {
  readonly rawOverrides?: unknown;
  readonly cfnProperties?: CfnObject;
  renderProperties(props: CfnObject): unknown;
  shouldSynthesize(): boolean;
}

/** Keys of `rawOverrides` that change what `lazily` renders: a resource with one is resolved whole. */
const OVERRIDDEN = ['Properties', 'Type', 'DeletionPolicy', 'UpdateReplacePolicy'];

/**
 * The resource with each top-level property resolved on first read and kept, instead of the
 * whole resource at once (resolving a large stack whole costs more than all the rules). Each
 * property goes the way `_toCloudFormation` takes it: its L1 value (`cfnProperties`, tags
 * included) resolved with `Stack.resolve`, then turned into its CloudFormation name and form by
 * the resource's own `renderProperties` (which validates it), given the value of that property
 * and, for every other property, an intrinsic (`{ Ref }`, which every L1 validator and mapper
 * passes through unchanged). A property that cannot be rendered reads as an intrinsic
 * (`UNRENDERABLE`): unknown. Undefined (resolved whole instead) when the resource has overrides
 * (`addOverride`, `addPropertyOverride`) of its properties, type or policies, renders itself
 * (`_toCloudFormation` of its own), is not synthesized, or has a `renderProperties` that is not a
 * property-by-property mapping.
 */
function lazily(node: CfnResource, stack: Stack): RenderedResource | undefined {
  const r = node as unknown as Renderable;
  if (node._toCloudFormation !== CfnResource.prototype._toCloudFormation) return undefined;
  if (typeof r.shouldSynthesize !== 'function' || !r.shouldSynthesize()) return undefined;
  const overrides = r.rawOverrides;
  if (typeof overrides !== 'object' || overrides === null || OVERRIDDEN.some((k) => k in overrides)) return undefined;
  const l1: CfnObject = r.cfnProperties ?? {};
  const keys = Object.keys(l1).filter((k) => l1[k] !== undefined);
  const names = cfnNames(node, r, keys);
  if (!names) return undefined;
  const identity = Object.getPrototypeOf(node) === CfnResource.prototype;
  let markers: { [key: string]: unknown } | undefined;
  const render = (values: CfnObject): CfnObject => {
    if (identity) return values;
    markers ??= markersFor(keys);
    const out = r.renderProperties({ ...markers, ...values });
    return isObject(out) ? out : {};
  };
  const one = (key: string): unknown => {
    try {
      const value = resolveValue(stack, l1[key]);
      return value === undefined ? undefined : render({ [key]: value })[names.get(key)!];
    } catch (e) {
      return { [UNRENDERABLE]: errorLine(e) };
    }
  };
  // A proxy: its keys are known without resolving anything (so enumerating them, or asking for
  // one that is absent, resolves nothing); a value is resolved when it is read, then kept.
  const cfnKeys = keys.map((k) => names.get(k)!);
  const l1Key = new Map(keys.map((k) => [names.get(k)!, k]));
  const values = new Map<string, unknown>();
  const value = (cfnKey: string): unknown => {
    if (values.has(cfnKey)) return values.get(cfnKey);
    const key = l1Key.get(cfnKey);
    const v = key === undefined ? undefined : one(key);
    values.set(cfnKey, v);
    return v;
  };
  const properties: CfnObject = new Proxy<CfnObject>({}, {
    // Anything else reads as on a plain object (`toString`, `hasOwnProperty`...).
    get: (_t, k) => (typeof k === 'string' && l1Key.has(k) ? value(k) : Reflect.get(Object.prototype, k)),
    has: (_t, k) => typeof k === 'string' && l1Key.has(k),
    ownKeys: () => [...cfnKeys],
    getOwnPropertyDescriptor: (_t, k) => (typeof k === 'string' && l1Key.has(k) ? { get: () => value(k), enumerable: true, configurable: true } : undefined),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  // Every property at once (`allProps`): one resolve and one render for those not read yet.
  fillers.set(properties, () => {
    const todo = keys.filter((k) => !values.has(names.get(k)!));
    if (todo.length === 0) return;
    let resolved: CfnObject | undefined;
    let out: CfnObject | undefined;
    try {
      const input: { [key: string]: unknown } = {};
      for (const key of todo) input[key] = l1[key];
      const all: unknown = stack.resolve(input);
      resolved = isObject(all) ? all : {};
      out = render(resolved);
    } catch {
      // One of them cannot be rendered: take them one by one (on read), so only that one is unknown.
      return;
    }
    for (const key of todo) values.set(names.get(key)!, resolved[key] === undefined ? undefined : out[names.get(key)!]);
  });
  let deletion: { v: unknown } | undefined;
  let replace: { v: unknown } | undefined;
  return {
    get logicalId() {
      return logicalIdOf(node);
    },
    type: node.cfnResourceType,
    properties,
    get deletionPolicy() {
      deletion ??= { v: resolveValue(stack, node.cfnOptions.deletionPolicy) };
      return deletion.v;
    },
    get updateReplacePolicy() {
      replace ??= { v: resolveValue(stack, node.cfnOptions.updateReplacePolicy) };
      return replace.v;
    },
  };
}

/** For each lazily rendered property map, what renders all its properties at once. */
const fillers = new WeakMap<CfnObject, () => void>();

/** `Stack.resolve` of a value, skipping literals that hold no token (resolving them returns them). */
function resolveValue(stack: Stack, v: unknown): unknown {
  if (v === undefined || typeof v === 'boolean') return v;
  if ((typeof v === 'string' || typeof v === 'number') && !Token.isUnresolved(v)) return v;
  return stack.resolve(v);
}

const MARKER = 'cloud-native-packs:property:';

/** An intrinsic standing for each property: L1 validators and mappers pass intrinsics through unchanged. */
function markersFor(keys: readonly string[]): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const k of keys) out[k] = { Ref: `${MARKER}${k}` };
  return out;
}

/** The CloudFormation name of each L1 property, learned once per resource class from its `renderProperties`. */
const namesByClass = new WeakMap<object, Map<string, string>>();

/**
 * The CloudFormation name of each of `keys` (L1 property names) for this resource's class: its
 * `renderProperties` given a distinct intrinsic for each must return each one once, under its
 * CloudFormation name, and nothing else. Undefined when it does not (the class renders its
 * properties some other way).
 */
function cfnNames(node: CfnResource, r: Renderable, keys: readonly string[]): Map<string, string> | undefined {
  const proto: object = Object.getPrototypeOf(node);
  const known = namesByClass.get(proto);
  if (known && keys.every((k) => known.has(k))) return known;
  const markers = markersFor(keys);
  let out: unknown;
  try {
    out = r.renderProperties(markers);
  } catch {
    return undefined;
  }
  if (!isObject(out)) return undefined;
  const byMarker = new Map<unknown, string>(keys.map((k) => [markers[k], k]));
  const names = new Map(known ?? []);
  let found = 0;
  for (const [cfnKey, v] of Object.entries(out)) {
    if (v === undefined) continue;
    const key = byMarker.get(v);
    if (key === undefined) return undefined;
    byMarker.delete(v);
    names.set(key, cfnKey);
    found++;
  }
  if (found !== keys.length) return undefined;
  namesByClass.set(proto, names);
  return names;
}

function fromTemplate(logicalId: string, body: CfnObject, node: CfnResource): RenderedResource {
  return {
    logicalId,
    type: typeof body.Type === 'string' ? body.Type : node.cfnResourceType,
    properties: isObject(body.Properties) ? body.Properties : {},
    deletionPolicy: body.DeletionPolicy,
    updateReplacePolicy: body.UpdateReplacePolicy,
  };
}

/** The resolved properties of a resource. */
export function props(node: CfnResource): CfnObject {
  return rendered(node).properties;
}

/**
 * The resolved properties of a resource, every one of them rendered now (in one resolve): for a
 * rule that reads them all (a scan for references), which `props` would resolve one by one.
 */
export function allProps(node: CfnResource): CfnObject {
  const properties = rendered(node).properties;
  fillers.get(properties)?.();
  return properties;
}

/** True for a plain object (not an array, not null). */
export function isObject(v: unknown): v is CfnObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a resolved value is an intrinsic function or a reference (`Ref`, `Fn::*`). */
export function isIntrinsic(v: unknown): boolean {
  if (!isObject(v) || fillers.has(v)) return false; // a resource's lazily rendered properties are never one intrinsic
  // The first key, stopping at a second one (no array of keys: this runs on every property read).
  let only: string | undefined;
  for (const key in v) {
    if (only !== undefined) return false;
    only = key;
  }
  return only !== undefined && (only === 'Ref' || only.startsWith('Fn::') || only === 'Condition');
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
export function get(obj: unknown, ...keys: string[]): unknown {
  let cur: unknown = obj;
  for (const key of keys) {
    if (cur === UNKNOWN) return UNKNOWN;
    if (!isObject(cur) || isIntrinsic(cur)) return cur === undefined || cur === null ? undefined : UNKNOWN;
    cur = cur[key];
    if (isNoValue(cur)) return undefined;
  }
  if (isIntrinsic(cur)) return UNKNOWN;
  return cur;
}

/** A property as written (intrinsics kept, for following references); undefined when absent. */
export function raw(obj: unknown, ...keys: string[]): unknown {
  let cur: unknown = obj;
  for (const key of keys) {
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

/** Every logical id a value refers to with `Ref`, `Fn::GetAtt` or `${Id}` / `${Id.Attr}` in `Fn::Sub`. */
export function referencedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, out);
    return out;
  }
  if (!isObject(value)) return out;
  if (typeof value.Ref === 'string') out.add(value.Ref);
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') out.add(getAtt[0]);
  if (typeof getAtt === 'string') out.add(getAtt.split('.')[0]);
  const sub = value['Fn::Sub'];
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  if (subText !== undefined) {
    for (const m of subText.matchAll(/\$\{([^}.!]+)(\.[^}]*)?\}/g)) out.add(m[1]);
  }
  for (const v of Object.values(value)) referencedIds(v, out);
  return out;
}

function stackIndex(stack: Stack): StackIndex {
  const hit = cache?.stacks.get(stack);
  if (hit) return hit;
  const resources = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
  const byType = new Map<string, CfnResource[]>();
  for (const r of resources) {
    const list_ = byType.get(r.cfnResourceType);
    if (list_) list_.push(r);
    else byType.set(r.cfnResourceType, [r]);
  }
  const index: StackIndex = { resources, byType, derived: new Map() };
  cache?.stacks.set(stack, index);
  return index;
}

/** Every CfnResource of the stack a resource lives in (not of nested stacks), in tree order. */
export function stackResources(node: IConstruct): CfnResource[] {
  return stackIndex(Stack.of(node)).resources;
}

/** The logical id of a resource in its template. */
export function logicalIdOf(node: CfnResource): string {
  const hit = cache?.logicalIds.get(node);
  if (hit !== undefined) return hit;
  const id: unknown = Stack.of(node).resolve(node.logicalId);
  const out = typeof id === 'string' ? id : String(id);
  cache?.logicalIds.set(node, out);
  return out;
}

/** The stack's resources of one CloudFormation type. */
export function resourcesOfType(node: IConstruct, type: string): CfnResource[] {
  return stackIndex(Stack.of(node)).byType.get(type) ?? [];
}

/** The stack's resource with a given logical id, if any. */
export function resourceById(node: IConstruct, logicalId: string): CfnResource | undefined {
  const index = stackIndex(Stack.of(node));
  if (!index.byId) {
    // Most resources of an included template keep their logical id as construct id: try those
    // first (their logical id checked), before resolving the logical id of every resource.
    if (!index.byConstructId) {
      index.byConstructId = new Map();
      for (const r of index.resources) {
        const same = index.byConstructId.get(r.node.id);
        if (same) same.push(r);
        else index.byConstructId.set(r.node.id, [r]);
      }
    }
    const hit = index.byConstructId.get(logicalId)?.find((r) => logicalIdOf(r) === logicalId);
    if (hit) return hit; // logical ids are unique in a template
    index.byId = new Map(index.resources.map((r) => [logicalIdOf(r), r]));
  }
  return index.byId.get(logicalId);
}

/**
 * An index a rule builds over the stack `node` lives in, once per validation run (`key` names
 * it; `build` reads the stack's resources). Rules that look at other resources of the stack use
 * this instead of scanning the stack for every resource they check.
 */
export function perStack<T>(node: IConstruct, key: string, build: (stack: Stack) => T): T {
  const stack = Stack.of(node);
  const index = stackIndex(stack);
  if (index.derived.has(key)) return index.derived.get(key) as T;
  const value = build(stack);
  if (cache) index.derived.set(key, value);
  return value;
}

/** Every CfnResource of every stack of the app (or tree) `node` belongs to. */
export function appResources(node: IConstruct): CfnResource[] {
  return perApp(node, 'appResources', (root) => root.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c)));
}

/**
 * An index a rule builds over the whole app `node` belongs to, once per validation run. The
 * plugin path validates the whole app at once (cdk-nag v3's NagPack is given the app construct),
 * so a rule that judges resources across stacks (a failover pair split over two regional stacks)
 * sees them all.
 */
export function perApp<T>(node: IConstruct, key: string, build: (root: IConstruct) => T): T {
  const root = node.node.root;
  let byKey = cache?.apps.get(root);
  if (byKey?.has(key)) return byKey.get(key) as T;
  const value = build(root);
  if (cache) {
    if (!byKey) {
      byKey = new Map();
      cache.apps.set(root, byKey);
    }
    byKey.set(key, value);
  }
  return value;
}
