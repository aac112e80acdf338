import { App, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { CloudNativeChecks, CostChecks } from '../../src';

/** The account and region every example deploys to (no lookups: synthesis needs no credentials). */
export const EXAMPLE_ENV = { account: '123456789012', region: 'us-east-1' };

/**
 * The app every reference architecture runs in: AwsSolutions, NIST 800-53 R5, the cfn-guard
 * Control Tower rules and this library's CloudNative and CloudNativeCost packs run at synth through
 * the plugin path, and synthesis writes policy-validation-report.json into the cloud assembly.
 */
export function checkedApp(extraPlugins: (app: App) => IPolicyValidationPlugin[] = () => []): App {
  const app = new App({
    context: {
      '@aws-cdk/core:validationReportJson': true,
      // Zones of the example environment, so synthesis makes no AWS call (no credentials needed).
      [`availability-zones:account=${EXAMPLE_ENV.account}:region=${EXAMPLE_ENV.region}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    },
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new NIST80053R5Checks(app),
    new CfnGuardValidator(),
    new CloudNativeChecks(app),
    new CostChecks(app),
    ...extraPlugins(app),
  );
  return app;
}

