import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';

/** A template file given to the checker, loaded into its own stack or not. */
export interface LoadedTemplate {
  /** The file, as given (or found in a cdk.out folder). */
  readonly file: string;
  /** The stack the template was included in, when it loaded. */
  readonly stack?: Stack;
  /** Why the template could not be loaded. */
  readonly error?: string;
}

/** The construct id of the CfnInclude in every stack: finding paths are `<stack>/Template/<logicalId>`. */
export const INCLUDE_ID = 'Template';

/**
 * The template files behind the arguments: a file is taken as is; a folder is searched
 * recursively for `*.template.json` (a cdk.out cloud assembly) or, when it has none, `*.json`,
 * `*.yaml`, `*.yml` and `*.template` files. Missing paths are reported as errors.
 */
export function templateFiles(args: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    if (!fs.existsSync(arg)) {
      missing.push(arg);
    } else if (fs.statSync(arg).isDirectory()) {
      const all = walk(arg);
      const assembly = all.filter((f) => f.endsWith('.template.json'));
      files.push(...(assembly.length > 0 ? assembly : all.filter((f) => /\.(json|ya?ml|template)$/i.test(f) && !isAssemblyMetadata(f))));
    } else {
      files.push(arg);
    }
  }
  return { files, missing };
}

function isAssemblyMetadata(file: string): boolean {
  const base = path.basename(file);
  return base === 'manifest.json' || base === 'tree.json' || base === 'cdk.out' || base.endsWith('.assets.json') || base === 'package.json';
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...walk(p));
    } else {
      out.push(p);
    }
  }
  return out;
}

/**
 * Loads one template with CfnInclude into a new stack of `app`. Never throws: a file that is not
 * a CloudFormation template, or that CfnInclude cannot load, comes back with the reason.
 */
export function loadTemplate(app: App, file: string, stackId: string): LoadedTemplate {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    return { file, error: `cannot read the file: ${(e as Error).message}` };
  }
  if (/\.json$/i.test(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      return { file, error: `not valid JSON: ${(e as Error).message}` };
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as any).Resources !== 'object' || (parsed as any).Resources === null) {
      return { file, error: 'not a CloudFormation template: no Resources section' };
    }
  }
  const stack = new Stack(app, stackId);
  try {
    new CfnInclude(stack, INCLUDE_ID, { templateFile: file });
    return { file, stack };
  } catch (e) {
    app.node.tryRemoveChild(stackId);
    return { file, error: `CfnInclude cannot load it: ${firstLine((e as Error).message)}` };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
