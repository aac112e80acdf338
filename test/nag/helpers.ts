import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { loadTemplate, templateFiles } from '../../src/cli/load';
import { Finding, scopeFindings } from '../../src/core/findings';
import { CloudNativeChecks, CostChecks } from '../../src/nag';
import { COST_PACK, packRules, ruleId, CLOUD_NATIVE_PACK } from '../../src/nag/catalog';
import { withRenderCache } from '../../src/nag/cfn';
import { RuleDefinition } from '../../src/nag/rule';

/** A fresh stack with a concrete environment. */
export function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** Findings of both packs on a scope (validateScope), failing the test when a rule threw. */
export function packFindings(scope: Stack | App): Finding[] {
  const findings = [...scopeFindings(new CloudNativeChecks(), scope), ...scopeFindings(new CostChecks(), scope)];
  const threw = findings.filter((f) => /Rule threw an error/.test(f.description));
  if (threw.length > 0) throw new Error(`Rules threw: ${threw.map((f) => `${f.ruleId} on ${f.constructPath}`).join(', ')}`);
  return findings;
}

function packOf(rule: RuleDefinition): string {
  return packRules(CLOUD_NATIVE_PACK).includes(rule) ? CLOUD_NATIVE_PACK : COST_PACK;
}

/** The id of a rule, e.g. `CloudNative-ELBStickySessions`. */
export function idOf(rule: RuleDefinition): string {
  return ruleId(packOf(rule), rule);
}

/** What one rule says about a stack: its findings (through the pack) and its result per resource. */
export function evaluate(stack: Stack, rule: RuleDefinition): { findings: Finding[]; results: { [path: string]: NagRuleCompliance } } {
  const id = idOf(rule);
  const findings = packFindings(stack).filter((f) => f.ruleId === id);
  const results: { [path: string]: NagRuleCompliance } = {};
  withRenderCache(() => {
    for (const c of stack.node.findAll()) {
      if (CfnResource.isCfnResource(c)) results[c.node.path] = rule.rule(c);
    }
  });
  return { findings, results };
}

/** Asserts the rule fires on exactly these resources (construct paths relative to the stack). */
export function expectNonCompliant(stack: Stack, rule: RuleDefinition, ...ids: string[]): Finding[] {
  const { findings } = evaluate(stack, rule);
  expect(findings.map((f) => f.constructPath).sort()).toEqual(ids.map((i) => `${stack.node.path}/${i}`).sort());
  return findings;
}

/** Asserts the rule applies to `id` and finds it compliant, and fires nowhere. */
export function expectCompliant(stack: Stack, rule: RuleDefinition, id: string): void {
  const { findings, results } = evaluate(stack, rule);
  expect(findings).toEqual([]);
  expect(results[`${stack.node.path}/${id}`]).toBe(NagRuleCompliance.COMPLIANT);
}

/** Asserts the rule applies to no resource of the stack. */
export function expectNotApplicable(stack: Stack, rule: RuleDefinition): void {
  const { findings, results } = evaluate(stack, rule);
  expect(findings).toEqual([]);
  expect(Object.keys(results).length).toBeGreaterThan(0);
  expect(Object.values(results).every((r) => r === NagRuleCompliance.NOT_APPLICABLE)).toBe(true);
}

/** A resource of any type with CloudFormation properties: the smallest way to state a case. */
export function res(stack: Stack, id: string, type: string, properties: { [key: string]: unknown } = {}): CfnResource {
  return new CfnResource(stack, id, { type, properties });
}

/** The corpus of real templates: CI clones the repository beside a copy of shared/; a user's clone has none. */
export const CORPUS = path.join(__dirname, '../../../shared/cfn-corpus');
export const HAVE_CORPUS = fs.existsSync(CORPUS);

/** The one-line reason tests that read the corpus are skipped, printed outside CI (where its absence fails instead). */
export function warnIfNoCorpus(what: string): void {
  if (!HAVE_CORPUS && !process.env.CI) console.warn(`${what} skipped: ${CORPUS} is absent (the templates live in ../shared/cfn-corpus beside the clone)`);
}

/** Every corpus template CfnInclude can load, each into a stack of its own app (the resource limit lifted). */
export function corpusStacks(): Stack[] {
  const stacks: Stack[] = [];
  for (const file of templateFiles([CORPUS]).files) {
    const loaded = loadTemplate(new App({ context: { '@aws-cdk/core:stackResourceLimit': 0 } }), file, 'T');
    if (loaded.stack) stacks.push(loaded.stack);
  }
  return stacks;
}
