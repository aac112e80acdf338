import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// What a user sees: the fixture app is run through the cdk CLI in a child process, as `cdk synth`.
const root = path.join(__dirname, '..', '..');
const cdk = path.join(root, 'node_modules', '.bin', 'cdk');

function synth(env: { [k: string]: string } = {}): { status: number | null; output: string } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cnr-cli-'));
  const result = spawnSync(cdk, ['synth', '--no-notices', '--no-version-reporting', '-q', '--app',
    'npx ts-node --prefer-ts-exts test/report/fixtures/failing-policy-app.ts', '-o', out], {
    cwd: root,
    encoding: 'utf-8',
    timeout: 240_000,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', CDK_DISABLE_VERSION_CHECK: '1', ...env },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('cdk synth of an app whose ResiliencePolicy fails', () => {
  const { status, output } = synth();

  test('exits non-zero with each problem once, as a synthesis error', () => {
    expect(status).not.toBe(0);
    const budget = "ResiliencePolicy Policy missed: monthlyBudgetUsd: 'api' $32.85 a month is above the budget $1.00.";
    const rpo = "ResiliencePolicy Policy missed: rpo: workload 'api' (S/Api) has an RPO that is not modelled (its data lives in a database the library does not profile), so the target 5 min cannot be shown to be met.";
    expect(output.split(budget)).toHaveLength(2);
    expect(output.split(rpo)).toHaveLength(2);
    expect(output).toContain('Synthesis finished with errors');
  });

  test('no stack trace and no object dump', () => {
    expect(output).not.toMatch(/^ {4}at /m);
    expect(output).not.toContain('issues:');
    expect(output).not.toContain('constructPath');
    expect(output).not.toContain('PatternValidationError');
  });
});
