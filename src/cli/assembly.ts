import * as fs from 'fs';
import * as path from 'path';

/**
 * Reading a cloud assembly (a `cdk.out` folder) the way the CDK CLI does: through its
 * `manifest.json`, never by file name, so a `*.template.json` left from an earlier synth is not
 * checked.
 *
 * What aws-cdk-lib 2.262.0 writes (read from its sources and from a synthesized app):
 * - `manifest.json` `artifacts`: `aws:cloudformation:stack` artifacts with `properties.templateFile`
 *   and `environment` (`aws://<account>|unknown-account/<region>|unknown-region`); stages are
 *   `cdk:cloud-assembly` artifacts with `properties.directoryName`, a nested assembly with its own
 *   manifest; `cdk:asset-manifest` artifacts list file assets (nested stack templates among them).
 * - The construct metadata of each stack (its nested stacks included) in the artifact's `metadata`
 *   or, from aws-cdk-lib 2.2xx on, in the file named by `additionalMetadataFile`: a map from
 *   construct path (`/Stack/Construct/Resource`) to entries; `aws:cdk:logicalId` names the
 *   resource's logical id, `aws:cdk:acknowledged-rules` holds `Validations.of(x).acknowledge(...)`
 *   as `{ "<id>": "<reason>" }`, a bare id written as `Annotation::<id>`.
 * - A nested stack is an `AWS::CloudFormation::Stack` resource whose template is a file asset:
 *   `Metadata["aws:asset:path"]` names it when asset metadata is on (the CDK CLI's default), and the
 *   asset manifest's file entry (`source.path`) whose hash is in the resource's `TemplateURL`.
 *
 * Acknowledgements made on the App itself or on a Stage are not written to the assembly (only
 * constructs inside a stack are), so the command line cannot honour them.
 */

/** The metadata type `Validations.of(x).acknowledge()` records (Validations.ACKNOWLEDGED_RULES_METADATA_KEY). */
export const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';
const LOGICAL_ID = 'aws:cdk:logicalId';
const STACK_TYPE = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_TYPE = 'cdk:cloud-assembly';
const ASSET_MANIFEST_TYPE = 'cdk:asset-manifest';
const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

/** One template to check, with what its cloud assembly says about it. */
export interface TemplateSource {
  /** The template file. */
  readonly file: string;
  /** The stack's account and region, when the assembly names them. */
  readonly env?: { readonly account?: string; readonly region?: string };
  /** Acknowledged rule ids (as recorded, e.g. `Annotation::CloudNative-X`) per logical id. */
  readonly acknowledgements: ReadonlyMap<string, { readonly [id: string]: string }>;
  /**
   * Qualified acknowledgements (`<plugin>::<rule id>`) anywhere in the app. Synthesis matches these
   * against every finding of that plugin, wherever the acknowledgement was made (aws-cdk-lib 2.262.0
   * `collectSuppressions`), so the command line does the same.
   */
  readonly appWideAcknowledgements: ReadonlySet<string>;
  /** True for a template from a cloud assembly: the CDK uploads it to S3 (TemplateURL), never as a request body. */
  readonly fromAssembly: boolean;
}

/** A file that could not be taken from an assembly, with the reason. */
export interface AssemblyProblem {
  readonly file: string;
  readonly reason: string;
}

/** The templates of a cloud assembly folder, and what could not be read. */
export interface Assembly {
  readonly templates: TemplateSource[];
  readonly problems: AssemblyProblem[];
}

/** True when `dir` holds a cloud assembly manifest (an object with a `version` and `artifacts`). */
export function isCloudAssembly(dir: string): boolean {
  const manifest = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifest)) return false;
  const parsed = readJson(manifest);
  return isRecord(parsed) && typeof parsed.version === 'string' && (parsed.artifacts === undefined || isRecord(parsed.artifacts));
}

/** Reads the templates of the cloud assembly in `dir` (nested assemblies and nested stacks included). */
export function readAssembly(dir: string): Assembly {
  const problems: AssemblyProblem[] = [];
  const stacks: StackTemplates[] = [];
  readManifest(dir, stacks, problems, new Set());
  const appWide = new Set<string>();
  for (const s of stacks) {
    for (const ids of s.acknowledgedAt.values()) for (const id of Object.keys(ids)) if (isQualified(id)) appWide.add(hyphenify(id));
  }
  const templates: TemplateSource[] = [];
  for (const s of stacks) {
    for (const t of s.templates) {
      const acknowledgements = acknowledgementsOf(t, s.acknowledgedAt);
      templates.push({ file: t.file, env: s.env, acknowledgements, appWideAcknowledgements: appWide, fromAssembly: true });
    }
  }
  return { templates, problems };
}

/** One stack artifact: its template and its nested stacks' templates, with the construct paths of their resources. */
interface StackTemplates {
  readonly env?: { readonly account?: string; readonly region?: string };
  readonly templates: TemplateFile[];
  /** Construct path -> acknowledged ids, from the stack's metadata. */
  readonly acknowledgedAt: Map<string, { [id: string]: string }>;
}

interface TemplateFile {
  readonly file: string;
  /** Logical id -> construct path (with a leading slash). */
  readonly paths: Map<string, string>;
}

function readManifest(dir: string, stacks: StackTemplates[], problems: AssemblyProblem[], seen: Set<string>): void {
  const manifestFile = path.join(dir, 'manifest.json');
  const real = path.resolve(manifestFile);
  if (seen.has(real)) return;
  seen.add(real);
  const manifest = readJson(manifestFile);
  if (!isRecord(manifest)) {
    problems.push({ file: manifestFile, reason: 'not a readable cloud assembly manifest (expected a JSON object with "artifacts"): no template of this folder was checked' });
    return;
  }
  const artifacts = isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const assets = assetFiles(dir, artifacts);
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const props = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === NESTED_ASSEMBLY_TYPE && typeof props.directoryName === 'string') {
      const nested = path.join(dir, props.directoryName);
      if (fs.existsSync(path.join(nested, 'manifest.json'))) readManifest(nested, stacks, problems, seen);
      else problems.push({ file: nested, reason: `the nested assembly "${id}" listed in ${manifestFile} has no manifest.json` });
    } else if (artifact.type === STACK_TYPE) {
      if (typeof props.templateFile !== 'string') {
        problems.push({ file: manifestFile, reason: `the stack artifact "${id}" names no templateFile` });
        continue;
      }
      const stack = readStack(dir, id, artifact, props.templateFile, assets, problems);
      if (stack) stacks.push(stack);
    }
  }
}

function readStack(
  dir: string,
  artifactId: string,
  artifact: { [key: string]: unknown },
  templateFile: string,
  assets: Map<string, string>,
  problems: AssemblyProblem[],
): StackTemplates | undefined {
  const file = path.join(dir, templateFile);
  if (!fs.existsSync(file)) {
    problems.push({ file, reason: 'listed in manifest.json but missing: synthesize the app again' });
    return undefined;
  }
  const metadata = stackMetadata(dir, artifact);
  const acknowledgedAt = new Map<string, { [id: string]: string }>();
  const logicalIdAt: Array<[string, string]> = [];
  for (const [constructPath, entries] of metadata) {
    for (const entry of entries) {
      if (entry.type === ACKNOWLEDGED_RULES && isRecord(entry.data)) {
        const ids: { [id: string]: string } = { ...acknowledgedAt.get(constructPath) };
        for (const [ackId, reason] of Object.entries(entry.data)) ids[ackId] = typeof reason === 'string' ? reason : '';
        acknowledgedAt.set(constructPath, ids);
      } else if (entry.type === LOGICAL_ID && typeof entry.data === 'string') {
        logicalIdAt.push([constructPath, entry.data]);
      }
    }
  }
  // The stack and its nested stacks, each with its construct path (the longest prefix owns a resource).
  const stackPath = withSlash(typeof artifact.displayName === 'string' ? artifact.displayName : artifactId);
  const templates: Array<TemplateFile & { readonly constructPath?: string }> = [];
  const queue: Array<{ file: string; constructPath?: string }> = [{ file, constructPath: stackPath }];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next.file)) continue;
    seen.add(next.file);
    const template = readJson(next.file);
    const resources = isRecord(template) && isRecord(template.Resources) ? template.Resources : {};
    const paths = new Map<string, string>();
    for (const [logicalId, resource] of Object.entries(resources)) {
      const p = isRecord(resource) && isRecord(resource.Metadata) ? resource.Metadata['aws:cdk:path'] : undefined;
      if (typeof p === 'string') paths.set(logicalId, withSlash(p));
    }
    templates.push({ file: next.file, paths, constructPath: next.constructPath });
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (!isRecord(resource) || resource.Type !== NESTED_STACK_TYPE) continue;
      const nestedFile = nestedTemplate(dir, resource, assets);
      if (!nestedFile) continue;
      if (!fs.existsSync(nestedFile)) {
        problems.push({ file: nestedFile, reason: `the nested stack ${logicalId} of ${path.basename(next.file)} names this template, which is missing` });
        continue;
      }
      const parent = next.constructPath;
      const resourcePath = paths.get(logicalId)
        ?? logicalIdAt.find(([p, id]) => id === logicalId && parent !== undefined && p.startsWith(parent + '/') && nestedStackPath(p) !== undefined)?.[0];
      queue.push({ file: nestedFile, constructPath: resourcePath ? nestedStackPath(resourcePath) : undefined });
    }
  }
  // Logical ids from the metadata, for templates synthesized without path metadata.
  const byPrefix = templates.filter((t) => t.constructPath).sort((a, b) => b.constructPath!.length - a.constructPath!.length);
  for (const [constructPath, logicalId] of logicalIdAt) {
    const t = byPrefix.find((c) => constructPath.startsWith(c.constructPath + '/'));
    if (t && !t.paths.has(logicalId)) t.paths.set(logicalId, constructPath);
  }
  return { env: envOf(artifact.environment), templates, acknowledgedAt };
}

/** `/App/Nested.NestedStack/Nested.NestedStackResource` -> `/App/Nested` (aws-cdk-lib's NestedStack layout). */
function nestedStackPath(resourcePath: string): string | undefined {
  const m = /^(.*)\/([^/]+)\.NestedStack\/\2\.NestedStackResource$/.exec(resourcePath);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

function nestedTemplate(dir: string, resource: { [key: string]: unknown }, assets: Map<string, string>): string | undefined {
  const assetPath = isRecord(resource.Metadata) ? resource.Metadata['aws:asset:path'] : undefined;
  if (typeof assetPath === 'string') return path.join(dir, assetPath);
  const url = JSON.stringify(isRecord(resource.Properties) ? resource.Properties.TemplateURL ?? '' : '');
  for (const [hash, source] of assets) if (url.includes(hash)) return path.join(dir, source);
  return undefined;
}

/** Asset hash -> file path of every file asset that is a template, from the assembly's asset manifests. */
function assetFiles(dir: string, artifacts: { [key: string]: unknown }): Map<string, string> {
  const out = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    if (!isRecord(artifact) || artifact.type !== ASSET_MANIFEST_TYPE || !isRecord(artifact.properties) || typeof artifact.properties.file !== 'string') continue;
    const assets = readJson(path.join(dir, artifact.properties.file));
    const files = isRecord(assets) && isRecord(assets.files) ? assets.files : {};
    for (const [hash, asset] of Object.entries(files)) {
      const source = isRecord(asset) && isRecord(asset.source) ? asset.source.path : undefined;
      if (typeof source === 'string' && source.endsWith('.json')) out.set(hash, source);
    }
  }
  return out;
}

interface MetadataEntry {
  readonly type: unknown;
  readonly data: unknown;
}

/** Construct path -> metadata entries of a stack artifact (inline `metadata` and `additionalMetadataFile`). */
function stackMetadata(dir: string, artifact: { [key: string]: unknown }): Map<string, MetadataEntry[]> {
  const out = new Map<string, MetadataEntry[]>();
  const add = (source: unknown) => {
    if (!isRecord(source)) return;
    for (const [constructPath, entries] of Object.entries(source)) {
      if (!Array.isArray(entries)) continue;
      const list = out.get(withSlash(constructPath)) ?? [];
      for (const e of entries) if (isRecord(e)) list.push({ type: e.type, data: e.data });
      out.set(withSlash(constructPath), list);
    }
  };
  add(artifact.metadata);
  if (typeof artifact.additionalMetadataFile === 'string') add(readJson(path.join(dir, artifact.additionalMetadataFile)));
  return out;
}

/** Acknowledged ids per logical id: an acknowledgement covers its construct and everything below it. */
function acknowledgementsOf(template: TemplateFile, acknowledgedAt: Map<string, { [id: string]: string }>): Map<string, { [id: string]: string }> {
  const out = new Map<string, { [id: string]: string }>();
  if (acknowledgedAt.size === 0) return out;
  for (const [logicalId, constructPath] of template.paths) {
    let ids: { [id: string]: string } | undefined;
    // Walk up the path to the stack: O(depth) per resource.
    let p = constructPath;
    for (;;) {
      const here = acknowledgedAt.get(p);
      if (here) ids = { ...here, ...ids };
      const cut = p.lastIndexOf('/');
      if (cut <= 0) break;
      p = p.slice(0, cut);
    }
    if (ids) out.set(logicalId, ids);
  }
  return out;
}

/** `<plugin>::<rule>` other than the `Annotation::` form a bare id is recorded as. */
function isQualified(id: string): boolean {
  const at = id.indexOf('::');
  return at > 0 && id.slice(0, at).toLowerCase() !== 'annotation';
}

/** Synthesis compares acknowledgement ids with spaces as hyphens. */
export function hyphenify(id: string): string {
  return id.replace(/ /g, '-');
}

function envOf(environment: unknown): { account?: string; region?: string } | undefined {
  if (typeof environment !== 'string') return undefined;
  const m = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment);
  if (!m) return undefined;
  const account = m[1] === 'unknown-account' ? undefined : m[1];
  const region = m[2] === 'unknown-region' ? undefined : m[2];
  return account || region ? { account, region } : undefined;
}

function withSlash(p: string): string {
  return p.startsWith('/') ? p : `/${p}`;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf-8').replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
