import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Reading a CfnResource the way CloudFormation will receive it.
 *
 * Rules read the rendered resource (what `_toCloudFormation` gives, resolved with `Stack.of(node).resolve`;
 * one top-level property at a time, on first read, see `rendered`; test/nag/read-path.test.ts holds
 * that to what synthesis writes), not the typed L1 fields: property overrides and escape hatches are applied, and resources that
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
  /** Types whose resources' logical ids were resolved together (`logicalIdOf`). */
  readonly idsResolved: Set<string>;
  /** Indexes rules build over the stack (`perStack`), by key. */
  readonly derived: Map<string, unknown>;
}

interface RunCache {
  // Maps, not WeakMaps: a run's cache is dropped whole when the run ends, and a Map costs less to
  // fill and to collect than a WeakMap's ephemerons.
  readonly rendered: Map<CfnResource, RenderedResource>;
  readonly logicalIds: Map<CfnResource, string>;
  readonly stacks: WeakMap<Stack, StackIndex>;
  /** Indexes rules build over the whole app (`perApp`), by root and key. */
  readonly apps: WeakMap<IConstruct, Map<string, unknown>>;
  /** Templates already synthesized for a stack (`withTemplates`): its resources are read there, not resolved again. */
  readonly templates: WeakMap<Stack, CfnObject>;
  /** What each token (an encoded string or number, or a resolvable object) resolved to in a stack, this run (see `resolveValue`). */
  readonly tokens: WeakMap<Stack, Map<unknown, unknown>>;
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
  return {
    rendered: new Map(), logicalIds: new Map(), stacks: new WeakMap(), apps: new WeakMap(), templates: new WeakMap(), tokens: new WeakMap(),
  };
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
 * included) resolved (`resolveValue`: `Stack.resolve` of its tokens, each once per stack and
 * run), then turned into its CloudFormation name and form by the resource's own
 * `renderProperties` (which validates it), given the value of that property and, for every other
 * property, an intrinsic (`{ Ref }`, which every L1 validator and mapper passes through
 * unchanged); or, for a value whose shape was rendered twice already, filled into the output
 * learnt for that shape (`converted`). A property that cannot be rendered reads as an intrinsic
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
  const layout = layoutOf(node, r, keys);
  if (!layout) return undefined;
  return new LazyResource(node, stack, r, l1, layout);
}

/** The properties a resource of one class has, by L1 and CloudFormation name (shared by its resources with the same set). */
interface Layout {
  /** L1 names of the properties set (not undefined). */
  readonly keys: readonly string[];
  /** L1 name to CloudFormation name. */
  readonly names: ReadonlyMap<string, string>;
  /** CloudFormation names, in `keys` order. */
  readonly cfnKeys: readonly string[];
  /** CloudFormation name to its index in `keys`. */
  readonly position: ReadonlyMap<string, number>;
  readonly proto: object;
  /** A plain `CfnResource` (an included type this aws-cdk-lib does not know): its properties are already in CloudFormation form. */
  readonly identity: boolean;
}

/** Layouts per resource class, by the set of L1 properties (joined). */
const layouts = new WeakMap<object, Map<string, Layout>>();

function layoutOf(node: CfnResource, r: Renderable, keys: readonly string[]): Layout | undefined {
  const proto: object = Object.getPrototypeOf(node);
  let byKeys = layouts.get(proto);
  const id = keys.join('\0');
  const hit = byKeys?.get(id);
  if (hit) return hit;
  const names = cfnNames(node, r, keys);
  if (!names) return undefined;
  const layout: Layout = {
    keys,
    names,
    cfnKeys: keys.map((k) => names.get(k)!),
    position: new Map(keys.map((k, i) => [names.get(k)!, i])),
    proto,
    identity: proto === CfnResource.prototype,
  };
  if (!byKeys) {
    byKeys = new Map();
    layouts.set(proto, byKeys);
  }
  if (byKeys.size < MAX_SHAPES) byKeys.set(id, layout);
  return layout;
}

/** A property not read yet. */
const UNREAD: unique symbol = Symbol('unread');

/**
 * A resource read lazily: its policies resolved on first read, its properties behind a proxy
 * (whose target is this object): the keys are known without resolving anything (so enumerating
 * them, or asking for one that is absent, resolves nothing); a value is resolved when it is read,
 * then kept.
 */
class LazyResource implements RenderedResource {
  public readonly type: string;
  public readonly properties: CfnObject;
  private values?: unknown[];
  private markers?: { [key: string]: unknown };
  private deletion?: { v: unknown };
  private replace?: { v: unknown };

  constructor(
    private readonly node: CfnResource,
    private readonly stack: Stack,
    private readonly r: Renderable,
    private readonly l1: CfnObject,
    public readonly layout: Layout,
  ) {
    this.type = node.cfnResourceType;
    this.properties = new Proxy<CfnObject>(this as unknown as CfnObject, LAZY_HANDLER);
  }

  public get logicalId(): string {
    return logicalIdOf(this.node);
  }

  public get deletionPolicy(): unknown {
    this.deletion ??= { v: resolveValue(this.stack, this.node.cfnOptions.deletionPolicy) };
    return this.deletion.v;
  }

  public get updateReplacePolicy(): unknown {
    this.replace ??= { v: resolveValue(this.stack, this.node.cfnOptions.updateReplacePolicy) };
    return this.replace.v;
  }

  /** The CloudFormation value of the property at `i` in the layout, resolved on first read and kept. */
  public value(i: number): unknown {
    const values = (this.values ??= new Array<unknown>(this.layout.keys.length).fill(UNREAD));
    if (values[i] === UNREAD) values[i] = this.one(this.layout.keys[i]);
    return values[i];
  }

  /** Every property at once (`allProps`): one resolve and one render for those not read yet. */
  public fillAll(): void {
    const { keys, names } = this.layout;
    const values = (this.values ??= new Array<unknown>(keys.length).fill(UNREAD));
    const todo = keys.filter((_, i) => values[i] === UNREAD);
    if (todo.length === 0) return;
    let resolved: CfnObject | undefined;
    let out: CfnObject | undefined;
    try {
      const input: { [key: string]: unknown } = {};
      for (const key of todo) input[key] = this.l1[key];
      const all: unknown = this.stack.resolve(input);
      resolved = isObject(all) ? all : {};
      out = this.render(resolved);
    } catch {
      // One of them cannot be rendered: take them one by one (on read), so only that one is unknown.
      return;
    }
    keys.forEach((key, i) => {
      if (values[i] === UNREAD) values[i] = resolved![key] === undefined ? undefined : out![names.get(key)!];
    });
  }

  private one(key: string): unknown {
    try {
      const value = resolveValue(this.stack, this.l1[key]);
      if (value === undefined) return undefined;
      if (this.layout.identity) return value;
      const cfnKey = this.layout.names.get(key)!;
      return converted(this.layout.proto, key, value, (v) => this.render({ [key]: v })[cfnKey]);
    } catch (e) {
      return { [UNRENDERABLE]: errorLine(e) };
    }
  }

  /** The resource's own `renderProperties` of some properties, every other one given as an intrinsic. */
  private render(values: CfnObject): CfnObject {
    if (this.layout.identity) return values;
    this.markers ??= markersFor(this.layout.keys);
    const out = this.r.renderProperties({ ...this.markers, ...values });
    return isObject(out) ? out : {};
  }
}

function lazyTarget(t: object): LazyResource {
  return t as LazyResource;
}

/** One handler for every properties proxy: the keys are the layout's CloudFormation names; anything else reads as on a plain object (`toString`, `hasOwnProperty`...). */
const LAZY_HANDLER: ProxyHandler<CfnObject> = {
  get: (t, k) => {
    const state = lazyTarget(t);
    if (k === LAZY_STATE) return state;
    const i = typeof k === 'string' ? state.layout.position.get(k) : undefined;
    return i === undefined ? Reflect.get(Object.prototype, k) : state.value(i);
  },
  has: (t, k) => typeof k === 'string' && lazyTarget(t).layout.position.has(k),
  ownKeys: (t) => [...lazyTarget(t).layout.cfnKeys],
  getOwnPropertyDescriptor: (t, k) => {
    const state = lazyTarget(t);
    const i = typeof k === 'string' ? state.layout.position.get(k) : undefined;
    // An accessor: listing the keys (`Object.keys`) asks for descriptors, which must resolve nothing.
    return i === undefined ? undefined : { get: () => state.value(i), enumerable: true, configurable: true };
  },
  getPrototypeOf: () => Object.prototype,
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
};

/** What a lazily rendered property map answers with its state (anything else reads undefined there). */
const LAZY_STATE: unique symbol = Symbol('cloud-native-packs:lazy-properties');

/** The state behind a lazily rendered property map; undefined for any other value. */
function lazyState(v: object): LazyResource | undefined {
  const state: unknown = (v as { [LAZY_STATE]?: unknown })[LAZY_STATE];
  return state instanceof LazyResource ? state : undefined;
}

/**
 * A resolved L1 value in CloudFormation form, without running the resource's renderer on it when
 * a value of the same shape was rendered before. The L1 renderers (`renderProperties` and the
 * mappers of each property type) validate every member and rename struct keys to their
 * CloudFormation names; they pass intrinsics through unchanged and copy leaves (strings, numbers,
 * booleans) as they are. So the output is fixed by the value's shape, with its leaves in place:
 * its keys, nesting and leaf types, for one property of one resource class. Each value of a new
 * shape is rendered (and validated) as before; the same shape with each leaf replaced by a
 * distinct intrinsic is rendered when a second value of that shape comes (a shape met once costs
 * one render, as before), which gives the output with a marker where each leaf goes. Filling
 * that with the value's leaves must give exactly what rendering it gave, or the shape is always
 * rendered. Later values of the shape are filled in, not rendered: what is not
 * repeated is the validation of their leaves, which a template that synthesizes has passed
 * already (synthesis runs the same renderer).
 */
function converted(proto: object, key: string, value: unknown, renderOne: (v: unknown) => unknown): unknown {
  const leaves: unknown[] = [];
  const sig = shapeOf(value, leaves);
  if (sig === undefined) return renderOne(value);
  let byKey = shapesByClass.get(proto);
  if (!byKey) {
    byKey = new Map();
    shapesByClass.set(proto, byKey);
  }
  let shapes = byKey.get(key);
  if (!shapes) {
    shapes = new Map();
    byKey.set(key, shapes);
  }
  const known = shapes.get(sig);
  if (known !== undefined && known !== null && known !== SEEN) return known(leaves);
  const real = renderOne(value); // a value that does not render throws here: it is not learnt
  if (known === null) return real;
  if (known === undefined) {
    // Learnt on its second value: a shape that occurs once costs one render, as before.
    if (shapes.size < MAX_SHAPES) shapes.set(sig, SEEN);
    return real;
  }
  const slots = new Map<unknown, number>();
  let learnt: Filler | null = null;
  try {
    const filler = compile(renderOne(skeletonOf(value, slots, { next: 0 })), slots);
    if (isDeepStrictEqual(filler(leaves), real)) learnt = filler;
  } catch {
    // The shape renders only with its own leaves: it is always rendered.
  }
  shapes.set(sig, learnt);
  return real;
}

/** A shape rendered once so far. */
const SEEN = 'seen';

/** Shapes learnt per resource class and L1 property (null: rendered every time; SEEN: rendered once). */
const shapesByClass = new WeakMap<object, Map<string, Map<string, Filler | null | typeof SEEN>>>();

/** Shapes kept per property of a class: keys that are data (a map's keys) make many shapes; past this, values are rendered. */
const MAX_SHAPES = 200;

/** Same test as the L1 mappers' `canInspect`: a one-key object `Ref` or `Fn::*` is passed through as it is. */
function passedThrough(v: CfnObject): boolean {
  let only: string | undefined;
  for (const k in v) {
    if (only !== undefined) return false;
    only = k;
  }
  return only !== undefined && (only === 'Ref' || only.startsWith('Fn::'));
}

/**
 * The shape of a resolved value (undefined when it holds anything but plain arrays, objects and
 * leaves), collecting its leaves in order. Leaves are strings, numbers, booleans, null and
 * intrinsics; their type is part of the shape, since a union mapper picks its branch by type.
 */
function shapeOf(v: unknown, leaves: unknown[]): string | undefined {
  switch (typeof v) {
    case 'string':
      leaves.push(v);
      return 's';
    case 'number':
      leaves.push(v);
      return 'n';
    case 'boolean':
      leaves.push(v);
      return 'b';
    case 'object': {
      if (v === null) {
        leaves.push(v);
        return 'z';
      }
      if (Array.isArray(v)) {
        let out = '[';
        for (const x of v) {
          const s = shapeOf(x, leaves);
          if (s === undefined) return undefined;
          out += s + ',';
        }
        return out + ']';
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const o = v as CfnObject;
      if (passedThrough(o)) {
        leaves.push(v);
        return 'i';
      }
      let out = '{';
      for (const k of Object.keys(o)) {
        const s = shapeOf(o[k], leaves);
        if (s === undefined) return undefined;
        out += `${k.length}:${k}=${s},`;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

const LEAF = 'cloud-native-packs:leaf:';

/** The value with each leaf replaced by a distinct intrinsic, in `shapeOf`'s order; `slots` maps each to its leaf's index. */
function skeletonOf(v: unknown, slots: Map<unknown, number>, counter: { next: number }): unknown {
  const leaf = () => {
    const marker = { Ref: `${LEAF}${counter.next}` };
    slots.set(marker, counter.next++);
    return marker;
  };
  if (typeof v !== 'object' || v === null) return leaf();
  if (Array.isArray(v)) return v.map((x) => skeletonOf(x, slots, counter));
  const o = v as CfnObject;
  if (passedThrough(o)) return leaf();
  const out: { [key: string]: unknown } = {};
  for (const k of Object.keys(o)) out[k] = skeletonOf(o[k], slots, counter);
  return out;
}

/** Builds a shape's output from its leaves: new arrays and objects, leaves as they are. */
type Filler = (leaves: readonly unknown[]) => unknown;

/** The filler of a shape's rendered output: each marker (by identity, as the mappers pass it through) becomes its leaf. */
function compile(template: unknown, slots: ReadonlyMap<unknown, number>): Filler {
  if (typeof template !== 'object' || template === null) return () => template;
  const slot = slots.get(template);
  if (slot !== undefined) return (leaves) => leaves[slot];
  if (Array.isArray(template)) {
    const items = template.map((x) => compile(x, slots));
    return (leaves) => items.map((f) => f(leaves));
  }
  const keys = Object.keys(template);
  const members = keys.map((k) => compile((template as CfnObject)[k], slots));
  return (leaves) => {
    const out: { [key: string]: unknown } = {};
    for (let i = 0; i < keys.length; i++) out[keys[i]] = members[i](leaves);
    return out;
  };
}

/**
 * `Stack.resolve` of a value. Literals that hold no token are returned as they are (resolving
 * them returns them). In a validation run (`withRenderCache`), a value made of plain arrays and
 * objects is walked the way `Stack.resolve` walks it (undefined members dropped), and only its
 * tokens are given to `Stack.resolve`, each one once per stack and run: an included template
 * refers to the same parameters and resources from every resource (CfnInclude makes one token
 * per referenced target and attribute), so most of a stack's tokens are resolved once instead
 * of at every use. Anything else (a token in an object key, a list token, a class instance, a
 * construct) is resolved whole by `Stack.resolve`, which raises what it raises.
 * test/nag/read-path.test.ts checks the result equals `Stack.resolve`'s, and holds every property read on the corpus to what synthesis writes.
 */
export function resolveValue(stack: Stack, v: unknown): unknown {
  if (v === undefined || typeof v === 'boolean' || v === null) return v;
  if ((typeof v === 'string' || typeof v === 'number') && !Token.isUnresolved(v)) return v;
  if (!cache) return stack.resolve(v);
  let memo = cache.tokens.get(stack);
  if (!memo) {
    memo = new Map();
    cache.tokens.set(stack, memo);
  }
  return walkResolve(stack, memo, v);
}

/** What `Stack.resolve` treats as a token, conservatively: anything else is returned as written. */
function mayHoldToken(s: string): boolean {
  return s.includes('Token[') || s.includes('e+289');
}

/** The largest magnitude `Stack.resolve` leaves alone: number tokens are encoded near -1.8e289. */
const MAX_LITERAL_NUMBER = 1e287;

function walkResolve(stack: Stack, memo: Map<unknown, unknown>, v: unknown): unknown {
  switch (typeof v) {
    case 'undefined':
    case 'boolean':
      return v;
    case 'string':
      return mayHoldToken(v) ? token(stack, memo, v) : v;
    case 'number':
      return v > -MAX_LITERAL_NUMBER && v < MAX_LITERAL_NUMBER ? v : token(stack, memo, v);
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) {
        // A list token among the items makes the whole list one value: Stack.resolve decides.
        if (v.some((x) => typeof x === 'string' && x.includes('#{Token['))) return stack.resolve(v);
        const out: unknown[] = [];
        for (const x of v) {
          const r = walkResolve(stack, memo, x);
          if (r !== undefined) out.push(r);
        }
        return out;
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return stack.resolve(v); // a class instance, a Date, a construct
      const o = v as { [key: string]: unknown };
      if (typeof o.resolve === 'function') return token(stack, memo, v);
      const keys = Object.keys(o);
      if (keys.some(mayHoldToken)) return stack.resolve(v); // a key that is a token
      const out: { [key: string]: unknown } = {};
      for (const k of keys) {
        const r = walkResolve(stack, memo, o[k]);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    default:
      return stack.resolve(v); // a function or a symbol: Stack.resolve raises its own error
  }
}

/** One token resolved in `stack`, once per run (a token resolves the same wherever it is used in one stack). */
function token(stack: Stack, memo: Map<unknown, unknown>, v: unknown): unknown {
  if (memo.has(v)) return memo.get(v);
  const out = stack.resolve(v);
  memo.set(v, out);
  return out;
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
  lazyState(properties)?.fillAll();
  return properties;
}

/** True for a plain object (not an array, not null). */
export function isObject(v: unknown): v is CfnObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a resolved value is an intrinsic function or a reference (`Ref`, `Fn::*`). */
export function isIntrinsic(v: unknown): boolean {
  if (!isObject(v) || lazyState(v) !== undefined) return false; // a resource's lazily rendered properties are never one intrinsic
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
  const index: StackIndex = { resources, byType, idsResolved: new Set(), derived: new Map() };
  cache?.stacks.set(stack, index);
  return index;
}

/** Every CfnResource of the stack a resource lives in (not of nested stacks), in tree order. */
export function stackResources(node: IConstruct): CfnResource[] {
  return stackIndex(Stack.of(node)).resources;
}

/**
 * The logical id of a resource in its template. In a validation run, the first id asked for of a
 * type in a stack resolves the ids of every resource of that type in the stack, in one
 * `Stack.resolve` (a rule that needs one target group's id needs the others' too, and one call
 * costs about half as much as one call per resource).
 */
export function logicalIdOf(node: CfnResource): string {
  const hit = cache?.logicalIds.get(node);
  if (hit !== undefined) return hit;
  const stack = Stack.of(node);
  if (cache) {
    const index = stackIndex(stack);
    const type = node.cfnResourceType;
    if (!index.idsResolved.has(type)) {
      index.idsResolved.add(type);
      const peers = index.byType.get(type) ?? [];
      const ids: unknown = peers.length > 1 ? stack.resolve(peers.map((r) => r.logicalId)) : undefined;
      if (Array.isArray(ids) && ids.length === peers.length) {
        peers.forEach((r, i) => cache!.logicalIds.set(r, typeof ids[i] === 'string' ? ids[i] : String(ids[i])));
        const batched = cache.logicalIds.get(node);
        if (batched !== undefined) return batched;
      }
    }
  }
  const id: unknown = stack.resolve(node.logicalId);
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
