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

  // cdk-nag is a dependency (installed with the library) and, because the packs extend its NagPack
  // in the public API, also a peer dependency: jsii (JSII5) and the Python/Java/Go packages need the
  // consumer's app and this library to share one cdk-nag.
  deps: ['cdk-nag@^3.0.2'],
  peerDeps: ['cdk-nag@^3.0.2'],
  devDeps: [
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // jsii (JSII6): build and test against the peer floor exactly.
    'cdk-nag@3.0.2',
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
      // jest's default is one worker per core less one: a single worker on CI's 2 cores.
      maxWorkers: '100%',
      // V8 coverage slows every test file down: measured on a fresh clone (cold jest cache, 2 cores),
      // the suite takes 261 s with coverage and 111 s without. `npx projen test` runs without it;
      // `npx projen test:coverage` writes the coverage report (coverage/). No threshold reads it.
      collectCoverage: false,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    },
  },

  // projen's default ignores `logs` (npm debug logs), which would also hide src/nag/rules/logs/.
  gitignore: ['!/src/nag/rules/logs/', '/out/', 'cdk.context.json', '/bench/out/', '/.venv/', '/cdk.out/', '*.tsbuildinfo'],
  npmignoreEnabled: true,

  // jsii-pacmak targets (package.json jsii.targets). Nothing is published from here (release: false):
  // `npx projen package:python|java|go` builds dist/python, dist/java (a Maven repository) and dist/go,
  // and `npx projen smoke` installs each into a consumer app (README, Packaging and CI).
  publishToPypi: { distName: 'cdk-cloud-native-patterns', module: 'cdk_cloud_native_patterns' },
  publishToMaven: {
    javaPackage: 'io.github.cdkcloudnativepatterns',
    mavenGroupId: 'io.github.cdk-cloud-native-patterns',
    mavenArtifactId: 'cdk-cloud-native-patterns',
  },
  publishToGo: { moduleName: 'github.com/maintainers/cdk-cloud-native-patterns-go' },
});

// The Lambda handlers' bundles (assets/, git-ignored) are built by the `bundle` task. Every task
// that synthesizes a spot feature needs them, so each spawns `bundle` first (list at the end).
const bundleTask = project.tasks.tryFind('bundle')!;
project.testTask.prependSpawn(bundleTask);

// The test suite with V8 coverage (coverage/), slower than `test` (see collectCoverage above).
project.addTask('test:coverage', {
  description: 'Run the test suite with coverage (writes coverage/)',
  steps: [{ spawn: 'bundle' }, { exec: 'jest --passWithNoTests --ci --coverage', receiveArgs: true }],
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

// Smoke tests of the jsii packages: Python, Java and Go consumer apps on the built artifacts, and a
// TypeScript twin whose template the Python one must equal (scripts/smoke/run-all.sh, README, Packaging and CI).
project.addTask('smoke', {
  description: 'Build the Python, Java and Go packages and synthesize a consumer app in each (SKIP_PACKAGE=1 reuses dist/)',
  exec: 'bash scripts/smoke/run-all.sh',
});
// The smoke consumers' venv, Maven output, generated bindings and templates stay out of git.
project.addGitIgnore('/scripts/smoke/.work/');
// The npm tarball is what jsii-pacmak embeds in the Python, Java and Go packages: only lib/, .jsii,
// assets/, README, LICENSE. Without these lines it carried the repo's /.venv (9,288 files), out/,
// bench/, examples/, scripts/ and docs/: a 41 MB wheel.
for (const dir of ['/.venv/', '/out/', '/bench/', '/examples/', '/scripts/', '/docs/', '/.ci/', '/cdk.out/']) {
  project.addPackageIgnore(dir);
}

// Added synth time of the rule packs (50-service app and the cfn corpus); not part of the tests.
project.addTask('bench:packs', {
  description: 'Measures the synth time the CloudNative and CloudNativeCost packs add; writes bench/packs-results.md',
  exec: 'ts-node --transpile-only bench/packs.ts',
});

// `npm pack` (also jsii-pacmak's, which embeds the tarball in the Python, Java and Go packages, and
// `npm publish`) runs the `prepack` script: it builds the bundles, so the tarball always carries
// assets/, and compiles with jsii when lib/ or .jsii are missing (a fresh clone), so it always
// carries lib/. test/package/tarball.test.ts and scripts/tarball-consumer.sh check both.
project.addTask('prepack', {
  description: 'Before npm pack: Lambda bundles into assets/, and jsii compile when lib/ or .jsii are missing',
  steps: [
    { spawn: bundleTask.name },
    {
      spawn: 'compile',
      condition: 'node -e "const fs = require(\'fs\'); process.exit(fs.existsSync(\'.jsii\') && fs.existsSync(\'lib/index.js\') ? 1 : 0)"',
    },
  ],
});

// A fresh clone has no assets/: every task that synthesizes or packages bundles first, so
// `npm ci && npx projen examples` (the README's first command) works on it.
for (const name of ['examples', 'bench:service', 'bench:packs', 'smoke', 'package:js', 'package:python', 'package:java', 'package:go']) {
  project.tasks.tryFind(name)!.prependSpawn(bundleTask);
}

project.synth();
