import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { ACKNOWLEDGED_RULES, AssemblyProblem, isCloudAssembly, isRecord, readAssembly, TemplateSource } from './assembly';

export type { TemplateSource } from './assembly';

/** A template file given to the checker, loaded into its own stack or not. */
export interface LoadedTemplate {
  /** The file, as given (or found in a cdk.out folder). */
  readonly file: string;
  /** The stack the template was included in, when it loaded. */
  readonly stack?: Stack;
  /** The CfnInclude holding the template's elements, when it loaded. */
  readonly include?: CfnInclude;
  /** Why the template could not be loaded. */
  readonly error?: string;
}

/** The construct id of the CfnInclude in every stack: finding paths are `<stack>/Template/<logicalId>`. */
export const INCLUDE_ID = 'Template';

/** The templates behind the command line's arguments. */
export interface TemplateFiles {
  /** Every template file to check, in argument order. */
  readonly files: string[];
  /** The same templates with what their cloud assembly says about them. */
  readonly sources: TemplateSource[];
  /** Arguments that do not exist. */
  readonly missing: string[];
  /** Files a cloud assembly names but that cannot be read (a missing template, a broken manifest). */
  readonly problems: AssemblyProblem[];
}

/**
 * The template files behind the arguments:
 * - a cloud assembly folder (one with a `manifest.json`, such as `cdk.out`) is read through its
 *   manifest: each stack's template and its nested stacks' templates, and the acknowledgements
 *   recorded for them; a `*.template.json` the manifest does not name (left from an earlier synth)
 *   is not checked;
 * - another folder is searched recursively: cloud assemblies in it are read as above, loose
 *   `*.template.json` files are taken, and when there are neither, every `*.json`, `*.yaml`,
 *   `*.yml` and `*.template` file;
 * - a file is taken as is (with its assembly's acknowledgements when it is a template of one).
 */
export function templateFiles(args: string[]): TemplateFiles {
  const sources: TemplateSource[] = [];
  const missing: string[] = [];
  const problems: AssemblyProblem[] = [];
  for (const arg of args) {
    if (!fs.existsSync(arg)) {
      missing.push(arg);
    } else if (fs.statSync(arg).isDirectory()) {
      const found = searchFolder(arg);
      problems.push(...found.problems);
      const loose = found.loose.filter((f) => f.endsWith('.template.json'));
      if (found.assemblies.length > 0 || loose.length > 0) {
        sources.push(...found.assemblies, ...loose.map(plainSource));
      } else {
        sources.push(...found.loose.filter((f) => /\.(json|ya?ml|template)$/i.test(f) && !isToolFile(f)).map(plainSource));
      }
    } else {
      sources.push(assemblySourceOf(arg) ?? plainSource(arg));
    }
  }
  // A template reached twice (a folder and a file in it) is checked once.
  const seen = new Set<string>();
  const unique = sources.filter((s) => !seen.has(path.resolve(s.file)) && seen.add(path.resolve(s.file)) !== undefined);
  return { files: unique.map((s) => s.file), sources: unique, missing, problems };
}

/** A template outside any cloud assembly. */
export function plainSource(file: string): TemplateSource {
  return { file, acknowledgements: new Map(), appWideAcknowledgements: new Set(), fromAssembly: false };
}

/** A template file named directly that belongs to the cloud assembly beside it. */
function assemblySourceOf(file: string): TemplateSource | undefined {
  const dir = path.dirname(file);
  if (!isCloudAssembly(dir)) return undefined;
  const wanted = path.resolve(file);
  const found = readAssembly(dir).templates.find((t) => path.resolve(t.file) === wanted);
  return found ? { ...found, file } : undefined;
}

function searchFolder(dir: string): { assemblies: TemplateSource[]; loose: string[]; problems: AssemblyProblem[] } {
  if (isCloudAssembly(dir)) {
    const assembly = readAssembly(dir);
    return { assemblies: assembly.templates, loose: [], problems: assembly.problems };
  }
  if (fs.existsSync(path.join(dir, 'cdk.out')) && fs.existsSync(path.join(dir, 'manifest.json'))) {
    // A cloud assembly (it has the `cdk.out` marker) whose manifest cannot be read: its templates
    // cannot be told from stale ones, so none is checked.
    const reason = 'not a readable cloud assembly manifest: no template of this folder was checked (synthesize the app again)';
    return { assemblies: [], loose: [], problems: [{ file: path.join(dir, 'manifest.json'), reason }] };
  }
  const out = { assemblies: [] as TemplateSource[], loose: [] as string[], problems: [] as AssemblyProblem[] };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const inner = searchFolder(p);
      out.assemblies.push(...inner.assemblies);
      out.loose.push(...inner.loose);
      out.problems.push(...inner.problems);
    } else {
      out.loose.push(p);
    }
  }
  return out;
}

/** Files of tools and cloud assemblies that are JSON but never templates. */
function isToolFile(file: string): boolean {
  const base = path.basename(file);
  return ['manifest.json', 'tree.json', 'cdk.out', 'package.json', 'package-lock.json', 'tsconfig.json', 'cdk.json', 'validation-report.json', 'policy-validation-report.json'].includes(base)
    || base.endsWith('.assets.json') || base.endsWith('.metadata.json');
}

/**
 * Loads one template with CfnInclude into a new stack of `app`, with the acknowledgements its
 * cloud assembly recorded attached to its resources (where cdk-nag looks for them). Never throws:
 * a file that is empty, not a CloudFormation template, or that CfnInclude cannot load comes back
 * with the reason.
 */
export function loadTemplate(app: App, source: string | TemplateSource, stackId: string): LoadedTemplate {
  const src = typeof source === 'string' ? plainSource(source) : source;
  const file = src.file;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { file, error: `cannot read the file: ${messageOf(e)}` };
  }
  if (bytes.length === 0) return { file, error: 'empty template: the file is 0 bytes' };
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.toString('utf-8').replace(/^\uFEFF/, '');
  const isJson = /\.json$/i.test(file);
  if (text.trim() === '') return { file, error: 'empty template: the file holds only whitespace' };
  if (isJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return { file, error: `not valid JSON: ${messageOf(e)}` };
    }
    if (!isRecord(parsed)) return { file, error: 'not a CloudFormation template: the top level is not a JSON object' };
    if (parsed.Resources === undefined || parsed.Resources === null) return { file, error: 'not a CloudFormation template: no Resources section' };
    if (!isRecord(parsed.Resources)) return { file, error: 'not a CloudFormation template: the Resources section is not an object of resources' };
    if (Object.keys(parsed.Resources).length === 0) return { file, error: 'empty template: the Resources section has no resource (CloudFormation needs at least one)' };
  } else if (yamlIsEmpty(text)) {
    return { file, error: 'empty template: the YAML holds only comments or document markers' };
  }
  // CfnInclude reads the file itself and its JSON reader rejects a byte order mark: give it a copy without one.
  const includeFile = hasBom && isJson ? copyWithoutBom(file, text) : file;
  const stack = new Stack(app, stackId, src.env ? { env: src.env } : undefined);
  try {
    const include = new CfnInclude(stack, INCLUDE_ID, { templateFile: includeFile });
    const resources = include.node.children.filter((c): c is CfnResource => CfnResource.isCfnResource(c));
    if (resources.length === 0) {
      app.node.tryRemoveChild(stackId);
      return { file, error: 'not a CloudFormation template: no resources (a template needs a Resources section with at least one resource)' };
    }
    for (const [logicalId, ids] of src.acknowledgements) {
      const resource = resources.find((r) => r.logicalId === logicalId) ?? tryGetResource(include, logicalId);
      resource?.node.addMetadata(ACKNOWLEDGED_RULES, { ...ids });
    }
    return { file, stack, include };
  } catch (e) {
    app.node.tryRemoveChild(stackId);
    // A TypeError is CfnInclude tripping over a section of the wrong shape (a list or a scalar
    // where a mapping belongs): say that, not the JavaScript message.
    if (isTypeError(e)) return { file, error: 'not a CloudFormation template: a section is not the mapping CloudFormation expects (Resources, Parameters, Outputs, Mappings, Conditions)' };
    return { file, error: `CfnInclude cannot load it: ${firstLine(messageOf(e))}` };
  } finally {
    if (includeFile !== file) fs.rmSync(path.dirname(includeFile), { recursive: true, force: true });
  }
}

function tryGetResource(include: CfnInclude, logicalId: string): CfnResource | undefined {
  try {
    return include.getResource(logicalId);
  } catch {
    return undefined;
  }
}

/** True when a YAML text has nothing but blank lines, comments and document markers. */
function yamlIsEmpty(text: string): boolean {
  return text.split(/\r?\n/).every((line) => {
    const l = line.trim();
    return l === '' || l.startsWith('#') || l === '---' || l === '...';
  });
}

function copyWithoutBom(file: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-bom-'));
  const copy = path.join(dir, path.basename(file));
  fs.writeFileSync(copy, text);
  return copy;
}

function isTypeError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { readonly name?: unknown }).name === 'TypeError';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
