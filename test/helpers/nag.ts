import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, IPolicyValidationPlugin, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { Finding, newValidatedApp, synthWithFindings, SynthResult } from '../../src/core/findings';

export type { Finding };

/** The third-party plugins the patterns are checked with. */
export type ThirdPartyPlugin = 'AwsSolutions' | 'NIST.800.53.R5' | 'cfn-guard';

/** An app that writes its validation report into a fresh temp folder, with the named plugins. */
export function checkedApp(plugins: ThirdPartyPlugin[], extra: (app: App) => IPolicyValidationPlugin[] = () => []): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-'));
  return newValidatedApp((app) => [
    ...plugins.map((p) => {
      switch (p) {
        case 'AwsSolutions': return new AwsSolutionsChecks(app);
        case 'NIST.800.53.R5': return new NIST80053R5Checks(app);
        case 'cfn-guard': return new CfnGuardValidator();
      }
    }),
    ...extra(app),
  ], { outdir });
}

/** A stack with a concrete environment, as production stacks have. */
export function regionalStack(app: App, id = 'Stack', region = 'us-east-1'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region } });
}

/** Synthesizes through the plugin path and returns findings. */
export function synthFindings(app: App): SynthResult {
  return synthWithFindings(app);
}

/** `plugin ruleId` strings, sorted, one per (rule, resource): easy to pin in a test. */
export function ruleIds(findings: Finding[], plugin?: string): string[] {
  return findings.filter((f) => !plugin || f.plugin === plugin).map((f) => f.ruleId).sort();
}
