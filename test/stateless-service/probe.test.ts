import * as ecs from 'aws-cdk-lib/aws-ecs';
import { StatelessService } from '../../src';
import { checkedApp, regionalStack, synthFindings } from '../helpers/nag';

test('probe', () => {
  const app = checkedApp(['AwsSolutions', 'NIST.800.53.R5', 'cfn-guard']);
  const stack = regionalStack(app);
  new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('nginx') });
  const r = synthFindings(app);
  console.log(r.findings.map((f) => `${f.plugin} ${f.ruleId} ${f.constructPath || f.logicalId}`).join('\n'));
});
