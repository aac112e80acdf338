import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { scopeFindings, synthWithFindings, VALIDATION_REPORT_CONTEXT } from '../../src/core/findings';
import { checkedApp } from '../helpers/nag';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
const installedCdk = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf-8')).version as string;

/**
 * cdk-nag v3 packs registered with Validations.of(app).addPlugins report nothing on aws-cdk-lib
 * 2.257.0-2.261.0 (measured with cdk-nag 3.0.2): synthesis passes silently. These tests run at the
 * floor version projen installs and prove a known violation fails app.synth() through the plugin path.
 */
describe('the aws-cdk-lib floor and the plugin path', () => {
  test('tests run on exactly the peer-dependency floor of aws-cdk-lib', () => {
    expect(pkg.peerDependencies['aws-cdk-lib']).toBe('^2.262.0');
    expect(installedCdk).toBe('2.262.0');
  });

  function bucketApp(acknowledge: boolean) {
    const app = checkedApp(['AwsSolutions']);
    const stack = new Stack(app, 'S');
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: false, serverAccessLogsPrefix: undefined });
    if (acknowledge) {
      Validations.of(bucket).acknowledge(
        { id: 'AwsSolutions-S1', reason: 'test: access logs elsewhere' },
        { id: 'AwsSolutions-S10', reason: 'test: SSL enforced by an SCP' },
      );
    }
    return { app, stack };
  }

  test('a known violation fails app.synth() through the plugin path', () => {
    const { app } = bucketApp(false);
    expect(() => app.synth()).toThrow();
  });

  test('the written report names the rule and the resource', () => {
    const { app } = bucketApp(false);
    const result = synthWithFindings(app);
    expect(result.failed).toBe(true);
    expect(result.findings.map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([
      'AwsSolutions-S1 S/Bucket/Resource',
      'AwsSolutions-S10 S/Bucket/Resource',
    ]);
  });

  test('validateScope reports the same findings', () => {
    const { stack } = bucketApp(false);
    const direct = scopeFindings(new AwsSolutionsChecks(), stack);
    expect(direct.map((f) => f.ruleId)).toEqual(['AwsSolutions-S1', 'AwsSolutions-S10']);
  });

  test('a bare-id acknowledgement is honoured by synthesis and by validateScope', () => {
    const { app, stack } = bucketApp(true);
    expect(scopeFindings(new AwsSolutionsChecks(), stack)).toEqual([]);
    const result = synthWithFindings(app);
    expect(result.failed).toBe(false);
    expect(result.findings).toEqual([]);
  });

  test('a synthesis error that is not a validation failure is rethrown', () => {
    const app = new App({ context: { [VALIDATION_REPORT_CONTEXT]: true } });
    const stack = new Stack(app, 'S');
    stack.node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => synthWithFindings(app)).toThrow(/broken on purpose/);
  });
});
