import { awscdk, javascript } from 'projen';

// The floor: cdk-nag v3 packs registered with Validations.of(app).addPlugins report nothing on
// aws-cdk-lib 2.257.0-2.261.0 (measured with cdk-nag 3.0.2). projen installs exactly this
// version for the tests, so the plugin-path test proves the floor.
const CDK_FLOOR = '2.262.0';

const project = new awscdk.AwsCdkConstructLibrary({
  author: 'cdk-cloud-native-patterns maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-8638eae3.example',
  name: 'cdk-cloud-native-patterns',
  description:
    'Opinionated AWS CDK constructs for cloud-native production patterns: stateless services, spot with a real fallback, egress-aware networking, SLO-guarded rollouts, with cdk-nag packs and a priced resilience report.',
  keywords: ['cdk', 'aws-cdk', 'ecs', 'fargate', 'resilience', 'slo', 'cdk-nag', 'finops'],
  repositoryUrl: 'https://github.com/maintainers/main.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',

  deps: ['cdk-nag@^3.0.2'],
  devDeps: [
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    'aws-cdk@^2.1100.0',
    'fast-check@^4',
    'aws-sdk-client-mock@^4',
    'aws-sdk-client-mock-jest@^4',
    '@aws-sdk/client-auto-scaling@^3',
    '@aws-sdk/client-ecs@^3',
    '@aws-sdk/client-cloudwatch@^3',
    '@types/aws-lambda@^8',
    'esbuild@^0.25',
  ],
  bin: { 'cdk-cloud-native-patterns': 'lib/cli/main.js' },
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_22_X, bundlingOptions: { externals: ['@aws-sdk/*'] } },

  // There is no GitHub here: no workflows, no release automation. Packages are built locally.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,

  jestOptions: {
    // CI must never rewrite snapshots; `npx projen test:update` does it on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
      testTimeout: 120_000,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
  },

  gitignore: ['/out/', 'cdk.context.json', '/bench/out/', '/.venv/', '/cdk.out/', '*.tsbuildinfo'],
  npmignoreEnabled: true,
});

// The main job: synthesize every reference architecture with checks and reports (see README).
project.addTask('examples', {
  description: 'Synthesize examples/ with cdk-nag, cfn-guard and the report; output under out/examples/',
  exec: 'ts-node --prefer-ts-exts scripts/synth-examples.ts',
  receiveArgs: true,
});

project.addTask('bench:service', {
  description: 'Benchmark StatelessService against ecs-patterns (writes bench/stateless-service-results.md)',
  exec: 'ts-node --prefer-ts-exts bench/stateless-service.ts',
});

project.synth();
