import * as path from 'path';
import { CloudFormationValidatePlugin } from 'aws-cdk-lib';

// Asset hashes differ between machines and Node versions (aws-cdk #13468): every snapshot sees a
// fixed placeholder instead, so snapshots are identical everywhere.
const ASSET_HASH = /[a-f0-9]{64}/g;

expect.addSnapshotSerializer({
  test: (value: unknown) => typeof value === 'string' && /[a-f0-9]{64}/.test(value),
  serialize: (value: string) => JSON.stringify(value.replace(ASSET_HASH, '<asset-hash>')),
});

// aws-cdk-lib 2.262 runs its built-in "CloudFormation Validate" plugin (a WebAssembly rule engine,
// built on first use) on every `App` synth, and only reports warnings from it unless
// `@aws-cdk/core:strictCfnValidateErrors` is set. Measured: about a third of this suite's time, and
// none of our assertions read it. The unit tests therefore run without it; the files listed here keep
// it, so the real plugin path (our packs beside aws-cdk-lib's own plugin) stays tested at synth, and
// `npx projen examples` plus cfn-lint in CI check every example template with the real engines.
const KEEPS_CLOUDFORMATION_VALIDATE = ['plugin-path.test.ts'];

const testPath = expect.getState().testPath ?? '';
if (!KEEPS_CLOUDFORMATION_VALIDATE.includes(path.basename(testPath))) {
  const stub = Object.create(CloudFormationValidatePlugin.prototype) as CloudFormationValidatePlugin;
  Object.defineProperties(stub, {
    name: { value: CloudFormationValidatePlugin.PLUGIN_NAME },
    version: { value: 'not run in unit tests (test/setup.ts)' },
    ruleIds: { value: [] },
    validate: { value: () => ({ success: true, violations: [] }) },
  });
  const statics = CloudFormationValidatePlugin as unknown as { _singletonInstance: () => CloudFormationValidatePlugin };
  statics._singletonInstance = () => stub;
}
