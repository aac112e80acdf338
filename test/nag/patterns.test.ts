import * as ecs from 'aws-cdk-lib/aws-ecs';
import { packFindings } from './helpers';
import { CloudNativeChecks, CostChecks, ServiceCapacity, StatelessService } from '../../src';
import { checkedApp, regionalStack, synthFindings } from '../helpers/nag';

describe('the library\'s own patterns pass both packs with default props', () => {
  test('StatelessService: no finding through validateScope', () => {
    const app = checkedApp([]);
    const stack = regionalStack(app);
    new StatelessService(stack, 'Service', { image: ecs.ContainerImage.fromRegistry('nginx') });
    expect(packFindings(stack).map((f) => `${f.ruleId} ${f.constructPath}: ${f.description}`)).toEqual([]);
  });

  test('StatelessService on Fargate Spot above an on-demand base: no finding', () => {
    const app = checkedApp([]);
    const stack = regionalStack(app);
    new StatelessService(stack, 'Service', { image: ecs.ContainerImage.fromRegistry('nginx'), capacity: ServiceCapacity.spotAboveOnDemandBase() });
    expect(packFindings(stack).map((f) => `${f.ruleId} ${f.constructPath}: ${f.description}`)).toEqual([]);
  });

  test('StatelessService: no finding through the plugin path at synth', () => {
    const app = checkedApp([], (a) => [new CloudNativeChecks(a), new CostChecks(a)]);
    const stack = regionalStack(app);
    new StatelessService(stack, 'Service', { image: ecs.ContainerImage.fromRegistry('nginx') });
    const result = synthFindings(app);
    expect(result.findings.filter((f) => f.plugin.startsWith('CloudNative'))).toEqual([]);
    expect(result.failed).toBe(false);
  });
});
