import * as fs from 'fs';
import * as path from 'path';
import { CLOUD_NATIVE_PACK, COST_PACK, packRules, ruleId } from '../../src/nag/catalog';

const RULES_MD = path.join(__dirname, '../../RULES.md');
const UPDATE = process.env.UPDATE_RULES_MD === '1';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** RULES.md, generated from the rules' own metadata so the table and the packs cannot drift. */
function renderRules(): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from src/nag/rules/**: edit the rule, then UPDATE_RULES_MD=1 npx jest test/nag/rules-doc.test.ts --coverage=false -i -->',
    '',
    'Two cdk-nag v3 packs (policy-validation plugins). Finding ids are `<pack>-<RuleName>` and never contain `::`, so',
    '`Validations.of(construct).acknowledge({ id, reason })` takes them as they are.',
    '',
    '- `CloudNativeChecks` (pack `CloudNative`): statelessness, rollout safety, zones, spot hygiene, data protection, DNS failover.',
    '- `CostChecks` (pack `CloudNativeCost`): NAT and endpoints, public IPv4, retention and lifecycle, storage class.',
    '',
    'How the rules read a template:',
    '- Each rule is a pure function of one `CfnResource` (a few also look at the other resources of the same stack: the',
    '  failover pair, the NAT gateways of a VPC, the tasks behind a target group, an autoscaling minimum). They read the',
    '  resource as CloudFormation receives it (overrides applied), resolved with `Stack.of(node).resolve`.',
    '- A value only known at deploy time (a parameter, an import, a condition, a reference) is never reported as',
    '  non-compliant. Nor is a resource whose properties do not fit its schema (macro or preprocessor syntax).',
    '- CloudFormation defaults are applied where the property is absent (the "checks" column names them).',
    '- Error findings fail `cdk synth` through the plugin path (so do warnings: aws-cdk-lib fails synthesis on any plugin',
    '  violation); the `check` command line exits 1 on errors only.',
    '',
  ];
  for (const [pack, cls] of [[CLOUD_NATIVE_PACK, 'CloudNativeChecks'], [COST_PACK, 'CostChecks']]) {
    lines.push(`## ${pack} (\`${cls}\`)`, '', '| rule id | level | what it checks | why it matters, and what to do | source |', '|---|---|---|---|---|');
    for (const r of packRules(pack)) {
      lines.push(`| \`${ruleId(pack, r)}\` | ${r.level === 'Error' ? 'error' : 'warning'} | ${cell(r.info)} ${cell(r.checks)} | ${cell(r.explanation)} | ${cell(r.source)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

describe('RULES.md', () => {
  test('lists every rule of both packs with its level, check, reason and source, as generated', () => {
    const text = renderRules();
    if (UPDATE) fs.writeFileSync(RULES_MD, text);
    expect(fs.readFileSync(RULES_MD, 'utf-8')).toEqual(text);
  });

  test('every rule has info, explanation, checks and source', () => {
    for (const r of [...packRules(CLOUD_NATIVE_PACK), ...packRules(COST_PACK)]) {
      const filled = [r.info.length > 10, r.explanation.length > 40, r.checks.length > 10, r.source.length > 5];
      expect([r.rule.name, ...filled]).toEqual([r.rule.name, true, true, true, true]);
    }
  });
});
