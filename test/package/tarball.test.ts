import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * What `npm pack` puts in the tarball (the npm package, and the one jsii-pacmak embeds in the
 * Python, Java and Go packages), packed from a copy of the tracked files: a fresh clone, which has
 * no assets/ (git-ignored). The Lambda handlers' bundles must be in it all the same, built by the
 * `prepack` script; without them every spot feature fails in a consumer app with CannotFindAsset.
 *
 * lib/ and .jsii are jsii's output: the copy gets files of those names (so prepack does not run
 * the minute-long jsii compile) and the test checks that the packing rules ship them.
 * scripts/tarball-consumer.sh packs the real build and synthesizes a spot stack from it.
 */
const root = path.resolve(__dirname, '..', '..');

interface PackFile { readonly path: string }

let packed: string[];
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cnp-tarball-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf-8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    const from = path.join(root, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree, not yet committed
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.copyFileSync(from, path.join(work, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  expect(fs.existsSync(path.join(work, 'assets'))).toBe(false);
  fs.mkdirSync(path.join(work, 'lib', 'core'), { recursive: true });
  for (const f of ['lib/index.js', 'lib/index.d.ts', 'lib/core/validation.js', 'lib/core/validation.d.ts', '.jsii']) {
    fs.writeFileSync(path.join(work, f), '// stands for jsii output\n');
  }
  const result = spawnSync('npm', ['pack', '--dry-run', '--json'], {
    cwd: work,
    encoding: 'utf-8',
    env: { ...process.env, npm_config_loglevel: 'warn' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`npm pack --dry-run failed (${result.status}):\n${result.stderr}`);
  const json = JSON.parse(result.stdout) as Array<{ readonly files: PackFile[] }>;
  packed = json[0].files.map((f) => f.path).sort();
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Every Lambda handler in src/ (`<dir>/<name>.lambda.ts`) is bundled to assets/<dir>/<name>.lambda/index.js. */
function expectedBundles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, 'src', dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.lambda.ts')) out.push(`assets/${rel.replace(/\.ts$/, '')}/index.js`);
    }
  };
  walk('');
  return out.sort();
}

test('the tarball of a fresh clone carries every Lambda bundle (prepack builds them)', () => {
  const bundles = expectedBundles();
  expect(bundles).toEqual(expect.arrayContaining([
    'assets/spot-fleet/drain.lambda/index.js',
    'assets/spot-fleet/fallback.lambda/index.js',
    'assets/stateless-service/spot-fallback.lambda/index.js',
  ]));
  expect(packed).toEqual(expect.arrayContaining(bundles));
  expect(packed.filter((f) => f.startsWith('assets/'))).toEqual(bundles);
});

test('the tarball carries lib/ (JavaScript and declarations), .jsii, README and LICENSE', () => {
  expect(packed).toEqual(expect.arrayContaining([
    '.jsii', 'LICENSE', 'README.md', 'package.json',
    'lib/index.js', 'lib/index.d.ts', 'lib/core/validation.js', 'lib/core/validation.d.ts',
  ]));
});

test('the tarball carries no sources, tests, examples, scripts or build files', () => {
  const leaked = packed.filter((f) =>
    /^(src|test|examples|scripts|bench|docs|\.ci|\.projen|projenrc|out|cdk\.out|\.venv)\//.test(f)
    || ['.projenrc.ts', 'tsconfig.json', '.eslintrc.json', '.gitignore', '.npmignore'].includes(f));
  expect(leaked).toEqual([]);
});
