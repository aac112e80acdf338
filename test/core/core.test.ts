import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { PatternValidationError } from '../../src/core/errors';
import { FARGATE_CPU_VALUES, fargateMemoryFor, fargateMemoryText } from '../../src/core/fargate';
import { findingsFromReport } from '../../src/core/findings';
import { looksLikeSecretName, secretLookingNames } from '../../src/core/secrets';
import { isUnresolved, PropValidator, secondsOf, warn } from '../../src/core/validation';
import { survivorsAfterZoneLoss, zoneLossArithmetic, zoneLossFloor } from '../../src/core/zones';

describe('zone-loss arithmetic', () => {
  test.each([
    [2, 2, 4], [2, 3, 3], [3, 3, 5], [2, 4, 3], [10, 3, 15], [1, 2, 2], [1, 3, 2],
  ])('minHealthy %i over %i zones needs %i tasks', (m, z, n) => {
    expect(zoneLossFloor(m, z)).toBe(n);
    expect(survivorsAfterZoneLoss(n, z)).toBeGreaterThanOrEqual(m);
    expect(survivorsAfterZoneLoss(n - 1, z)).toBeLessThan(m);
  });
  test('one zone can never survive a zone loss', () => {
    expect(zoneLossFloor(2, 1)).toBe(Infinity);
  });
  test('the arithmetic is stated', () => {
    expect(zoneLossArithmetic(2, 3)).toBe('ceil(2 x 3 / (3 - 1)) = 3 tasks over 3 zones; losing the fullest zone (ceil(3 / 3) = 1 tasks) leaves 2 >= 2');
  });
});

describe('secret-looking names', () => {
  test.each(['DB_PASSWORD', 'PASSWORD', 'GITHUB_TOKEN', 'API_KEY', 'APIKEY', 'stripeApiKey', 'PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY', 'CLIENT_SECRET', 'db-password', 'JWT_SIGNING_KEY', 'MONGO_CONNECTION_STRING', 'GOOGLE_CREDENTIALS'])('%s is a secret', (n) => {
    expect(looksLikeSecretName(n)).toBe(true);
  });
  test.each(['PASSWORD_FILE', 'TOKEN_URL', 'SECRET_ARN', 'LOG_LEVEL', 'PORT', 'KEYCLOAK_URL', 'TOKENIZER_MODEL', 'PWD'])('%s is not', (n) => {
    expect(looksLikeSecretName(n)).toBe(false);
  });
  test('secretLookingNames sorts and filters', () => {
    expect(secretLookingNames({ Z_TOKEN: 'a', A_PASSWORD: 'b', HOST: 'c' })).toEqual(['A_PASSWORD', 'Z_TOKEN']);
    expect(secretLookingNames(undefined)).toEqual([]);
  });
});

describe('Fargate sizes', () => {
  test('cpu values', () => expect(FARGATE_CPU_VALUES).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]));
  test('memory per cpu', () => {
    expect(fargateMemoryFor(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryFor(512)).toEqual([1024, 2048, 3072, 4096]);
    expect(fargateMemoryFor(1024)).toHaveLength(7);
    expect(fargateMemoryFor(2048)).toHaveLength(13);
    expect(fargateMemoryFor(4096)).toHaveLength(23);
    expect(fargateMemoryFor(8192)).toEqual([16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440]);
    expect(fargateMemoryFor(16384)[0]).toBe(32768);
    expect(fargateMemoryFor(16384).slice(-1)[0]).toBe(122880);
    expect(fargateMemoryFor(300)).toEqual([]);
    expect(fargateMemoryText(8192)).toBe('16384 to 61440 in steps of 4096');
    expect(fargateMemoryText(300)).toBe('');
  });
});

describe('PropValidator and PatternValidationError', () => {
  const scope = () => new Stack(new App(), 'S');
  test('one problem: path, prop, problem and fix on one line', () => {
    const v = new PropValidator(scope());
    v.fail('port', 'is 0', 'set port between 1 and 65535');
    expect(() => v.throwIfAny()).toThrow('[S] port: is 0. Fix: set port between 1 and 65535');
  });
  test('several problems: one line each, and the structured issues', () => {
    const v = new PropValidator(scope());
    v.number('a', NaN);
    v.number('b', 1.5, { integer: true });
    v.number('c', 5, { max: 4 });
    try {
      v.throwIfAny();
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(PatternValidationError);
      const err = e as PatternValidationError;
      expect(err.issues.map((i) => i.prop)).toEqual(['a', 'b', 'c']);
      expect(err.constructPath).toBe('S');
      expect(err.message).toMatch(/3 problems with the props:\n {2}- a: must be a finite number, got NaN/);
    }
  });
  test('tokens are skipped', () => {
    const v = new PropValidator(scope());
    expect(v.number('n', Token.asNumber({ Ref: 'X' }), { min: 1 })).toBe(false);
    expect(() => v.throwIfAny()).not.toThrow();
    expect(isUnresolved(Token.asString({ Ref: 'X' }))).toBe(true);
    expect(isUnresolved('plain')).toBe(false);
    expect(isUnresolved(undefined)).toBe(false);
    expect(secondsOf(Duration.minutes(2))).toBe(120);
    expect(secondsOf(undefined)).toBeUndefined();
  });
  test('warn tags the warning with the library prefix', () => {
    const s = scope();
    warn(s, 'Thing', 'risky');
    Annotations.fromStack(s).hasWarning('/S', Match.stringLikeRegexp('risky \\[ack: cdk-cloud-native-patterns:Thing\\]'));
  });
});

describe('findings from a validation report', () => {
  test('duplicate lines of multi-environment apps count once per resource (aws-cdk #38483)', () => {
    const violation = {
      ruleName: 'R1',
      description: 'd',
      severity: 'error',
      violatingConstructs: [{ constructPath: 'A/x/Resource' }, { constructPath: 'A/x/Resource' }, { constructPath: 'B/x/Resource' }],
    };
    const findings = findingsFromReport({
      pluginReports: [
        { summary: { pluginName: 'P' }, violations: [violation, violation] },
      ],
    });
    expect(findings.map((f) => f.constructPath)).toEqual(['A/x/Resource', 'B/x/Resource']);
  });
  test('template-only findings keep their logical id', () => {
    const findings = findingsFromReport({
      pluginReports: [{
        summary: { pluginName: 'G' },
        violations: [
          { ruleName: 'r', violatingResources: [{ resourceLogicalId: 'Bucket1', constructPath: 'N/A' }] },
        ],
      }],
    });
    expect(findings).toEqual([{ plugin: 'G', ruleId: 'r', severity: 'error', constructPath: '', logicalId: 'Bucket1', description: '' }]);
  });
});
