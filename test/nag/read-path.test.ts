import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { corpusStacks, HAVE_CORPUS, warnIfNoCorpus } from './helpers';
import { QueueWorkerService, StatelessService } from '../../src';
import { loadTemplate } from '../../src/cli/load';
import { props, resolveValue, UNRENDERABLE, withRenderCache } from '../../src/nag/cfn';

// The direct path (validateScope, the command line) reads a resource's properties one at a time:
// its L1 value resolved (each token once per stack and run) and put in CloudFormation form
// (rendered, or filled into the output learnt for a shape seen twice). These tests hold that
// path to what synthesis writes for the resource (`Stack.resolve(_toCloudFormation())`).

warnIfNoCorpus('read-path corpus test');

/** What synthesis writes for each resource of a stack, by construct path (resources that do not render are left out). */
function written(stack: Stack): Map<CfnResource, { [key: string]: unknown }> {
  const out = new Map<CfnResource, { [key: string]: unknown }>();
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack) continue;
    try {
      const t = stack.resolve(c._toCloudFormation()) as { Resources: { [id: string]: { Properties?: { [key: string]: unknown } } } };
      out.set(c, Object.values(t.Resources)[0]?.Properties ?? {});
    } catch {
      // Does not render (macro syntax): its properties read as unknown, tested below.
    }
  }
  return out;
}

/** Every property read on the direct path, in `runs` validation runs, against what synthesis writes; returns the reads compared. */
function compareReads(stack: Stack, runs = 3): number {
  const expected = written(stack);
  let reads = 0;
  for (let run = 0; run < runs; run++) {
    withRenderCache(() => {
      for (const [node, want] of expected) {
        const got = props(node);
        // The keys are known without resolving anything: those of the L1 values that are set,
        // so a lazy value that resolves to nothing is a key that reads as undefined.
        const keys = Object.keys(got).sort();
        const missing = Object.keys(want).filter((k) => want[k] !== undefined && !keys.includes(k));
        expect({ path: node.node.path, missing }).toEqual({ path: node.node.path, missing: [] });
        for (const k of keys) {
          expect({ path: node.node.path, key: k, value: got[k] }).toEqual({ path: node.node.path, key: k, value: want[k] });
          reads++;
        }
      }
    });
  }
  return reads;
}

(HAVE_CORPUS ? describe : describe.skip)('direct read path on the corpus of real templates', () => {
  test('every property of every loadable corpus template reads as synthesis writes it, in three runs', () => {
    const stacks = corpusStacks();
    let reads = 0;
    for (const stack of stacks) reads += compareReads(stack);
    // The corpus has 141 templates, of which 9 CfnInclude cannot load (corpus.test.ts lists them).
    expect(stacks.length).toBeGreaterThanOrEqual(130);
    expect(reads).toBeGreaterThan(10_000);
  });
});

describe('direct read path on the library\'s own constructs', () => {
  test('StatelessService and QueueWorkerService (tokens, lazies, tags, nested structs) read as synthesis writes them', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    new StatelessService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
    new StatelessService(stack, 'Api', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') });
    new QueueWorkerService(stack, 'Worker', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable') });
    app.synth();
    expect(compareReads(stack)).toBeGreaterThan(300);
  });
});

describe('shapes learnt from the renderer', () => {
  function taskDefinitions(n: number, leaf: (i: number) => ecs.CfnTaskDefinition.ContainerDefinitionProperty) {
    const stack = new Stack(new App(), 'S');
    const tds = Array.from({ length: n }, (_, i) => new ecs.CfnTaskDefinition(stack, `T${i}`, { containerDefinitions: [leaf(i)] }));
    return { stack, tds };
  }

  test('a shape is rendered for its first two values, then filled: the values are the same as rendered', () => {
    const { stack, tds } = taskDefinitions(10, (i) => ({ name: `app${i}`, image: `nginx:${i}`, readonlyRootFilesystem: i % 2 === 0, portMappings: [{ containerPort: 8000 + i }] }));
    const expected = written(stack);
    const proto = ecs.CfnTaskDefinition.prototype as unknown as { renderProperties(p: unknown): unknown };
    const spy = jest.spyOn(proto, 'renderProperties');
    try {
      withRenderCache(() => {
        for (const td of tds) expect(props(td).ContainerDefinitions).toEqual(expected.get(td)!.ContainerDefinitions);
      });
      // This class learnt its property names before (other tests, or the first read): what is
      // counted is the renders of values: 1 for the first value, 2 for the second (the value and
      // its shape with markers), none for the 8 filled in.
      expect(spy.mock.calls.filter((c) => JSON.stringify(c[0]).includes('nginx:')).length).toBeLessThanOrEqual(2);
      expect(spy.mock.calls.filter((c) => JSON.stringify(c[0]).includes('cloud-native-packs:leaf:')).length).toBeLessThanOrEqual(1);
      expect(props(tds[9]).ContainerDefinitions).toEqual([{ Name: 'app9', Image: 'nginx:9', ReadonlyRootFilesystem: false, PortMappings: [{ ContainerPort: 8009 }] }]);
    } finally {
      spy.mockRestore();
    }
  });

  test('a leaf of another type is another shape: rendered, not filled into the first shape\'s output', () => {
    const stack = new Stack(new App(), 'S');
    const asBool = Array.from({ length: 3 }, (_, i) => new ecs.CfnTaskDefinition(stack, `B${i}`, { containerDefinitions: [{ name: 'a', image: 'i', readonlyRootFilesystem: true }] }));
    const asString = new CfnResource(stack, 'S1', { type: 'AWS::ECS::TaskDefinition', properties: { ContainerDefinitions: [{ Name: 'a', Image: 'i', ReadonlyRootFilesystem: 'true' }] } });
    withRenderCache(() => {
      for (const td of asBool) expect(props(td).ContainerDefinitions).toEqual([{ Name: 'a', Image: 'i', ReadonlyRootFilesystem: true }]);
      expect(props(asString).ContainerDefinitions).toEqual([{ Name: 'a', Image: 'i', ReadonlyRootFilesystem: 'true' }]);
    });
  });

  test('a value the renderer rejects reads as unknown, and its shape is not learnt from it', () => {
    const stack = new Stack(new App(), 'S');
    // A list where the schema wants a struct (as macro syntax can leave): the L1 validator rejects it.
    const bad = new ecs.CfnTaskDefinition(stack, 'Bad', { runtimePlatform: ['LINUX'] as unknown as ecs.CfnTaskDefinition.RuntimePlatformProperty });
    const bad2 = new ecs.CfnTaskDefinition(stack, 'Bad2', { runtimePlatform: ['LINUX'] as unknown as ecs.CfnTaskDefinition.RuntimePlatformProperty });
    const bad3 = new ecs.CfnTaskDefinition(stack, 'Bad3', { runtimePlatform: ['LINUX'] as unknown as ecs.CfnTaskDefinition.RuntimePlatformProperty });
    withRenderCache(() => {
      for (const td of [bad, bad2, bad3]) expect(Object.keys(props(td).RuntimePlatform as object)).toEqual([UNRENDERABLE]);
    });
  });
});

describe('tokens resolved once per stack and run', () => {
  test('a parameter referenced by many resources is resolved once in a run, and again in the next run', () => {
    const stack = new Stack(new App(), 'S');
    let produced = 0;
    const name = Lazy.string({ produce: () => { produced++; return 'shared-name'; } });
    const param = new CfnParameter(stack, 'P', { type: 'Number' });
    const queues = Array.from({ length: 5 }, (_, i) => new sqs.CfnQueue(stack, `Q${i}`, { queueName: name, delaySeconds: param.valueAsNumber, tags: [{ key: 'k', value: name }] }));
    const spy = jest.spyOn(Stack.prototype, 'resolve');
    try {
      withRenderCache(() => {
        for (const q of queues) {
          expect(props(q).QueueName).toBe('shared-name');
          expect(props(q).DelaySeconds).toEqual({ Ref: 'P' });
        }
      });
      // Lazy.string caches its value itself; what the run saves is the Stack.resolve per use:
      // one for the name string token, one for the parameter's number token.
      expect(spy.mock.calls.filter((c) => typeof c[0] === 'string' || typeof c[0] === 'number').length).toBe(2);
      expect(produced).toBe(1);
      spy.mockClear();
      withRenderCache(() => expect(props(queues[0]).QueueName).toBe('shared-name'));
      expect(spy.mock.calls.length).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  test('resolveValue equals Stack.resolve on values with tokens in strings, numbers, keys, lists and objects', () => {
    const stack = new Stack(new App(), 'S');
    const p = new CfnParameter(stack, 'P');
    const n = new CfnParameter(stack, 'N', { type: 'Number' });
    const list = new CfnParameter(stack, 'L', { type: 'CommaDelimitedList' });
    const lazyObj = Lazy.any({ produce: () => ({ a: 1, b: undefined, c: [p.valueAsString, undefined] }) });
    const values: unknown[] = [
      `arn:${p.valueAsString}:x`,
      n.valueAsNumber,
      [p.valueAsString, undefined, 'x', { y: undefined, z: p.valueAsString }],
      list.valueAsList,
      ['a', ...list.valueAsList],
      { [p.valueAsString]: 1 },
      { k: lazyObj, d: new Date(0), n: null, t: true, f: 1.5 },
      lazyObj,
      null,
    ];
    withRenderCache(() => {
      for (const v of values) {
        let want: unknown;
        let wantError: string | undefined;
        try {
          want = stack.resolve(v);
        } catch (e) {
          wantError = (e as Error).message;
        }
        if (wantError !== undefined) expect(() => resolveValue(stack, v)).toThrow(wantError);
        else expect(resolveValue(stack, v)).toEqual(want);
      }
    });
  });
});

// Not a test of speed (bench/packs-scaling.ts measures that): a guard that the replicated bench
// template reads through the learnt shapes at all, so a change that stops filling fails here.
test('a replicated ECS template renders each container definition shape at most twice', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-read-'));
  const resources: { [id: string]: unknown } = {};
  for (let i = 0; i < 20; i++) {
    resources[`TD${i}`] = { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: { Ref: 'Name' }, Image: `img:${i}`, Essential: true, PortMappings: [{ ContainerPort: 80 }] }] } };
  }
  const file = path.join(dir, 't.json');
  fs.writeFileSync(file, JSON.stringify({ Parameters: { Name: { Type: 'String' } }, Resources: resources }));
  const loaded = loadTemplate(new App(), file, 'T');
  const stack = loaded.stack!;
  const expected = written(stack);
  const proto = ecs.CfnTaskDefinition.prototype as unknown as { renderProperties(p: unknown): unknown };
  const spy = jest.spyOn(proto, 'renderProperties');
  try {
    withRenderCache(() => {
      for (const [node, want] of expected) expect(props(node).ContainerDefinitions).toEqual(want.ContainerDefinitions);
    });
    expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
  } finally {
    spy.mockRestore();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
