#!/usr/bin/env bash
# The npm tarball as a user gets it: packs the library with `npm pack` (whose prepack script builds
# the Lambda bundles into assets/, and compiles with jsii when lib/ is missing), installs the .tgz
# into a new consumer app with aws-cdk-lib, constructs and cdk-nag from the registry (npm's cache
# when it has them), and synthesizes a stack with a StatelessService on Fargate Spot
# (ServiceCapacity.spotAboveOnDemandBase(), whose on-demand fallback is a Lambda function) and a
# SpotFleetWithFallback (drain and fallback functions). Fails on any error, on a missing asset
# (CannotFindAsset: a tarball without assets/) and when a function's code is not in the assembly.
#
#   bash scripts/tarball-consumer.sh        # work files in out/tarball-consumer/
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/out/tarball-consumer
cd "$ROOT"
[ -d node_modules ] || { echo "run 'npm ci' first" >&2; exit 1; }

# The versions the library is tested with (the floor), as npm ci installed them.
CDK_VERSION=$(node -p 'require("aws-cdk-lib/package.json").version')
CONSTRUCTS_VERSION=$(node -p 'require("constructs/package.json").version')
CDK_NAG_VERSION=$(node -p 'require("cdk-nag/package.json").version')

rm -rf "$WORK"; mkdir -p "$WORK/app"
npm pack --pack-destination "$WORK" --json > "$WORK/pack.json"
TGZ=$WORK/$(node -p 'require(process.argv[1])[0].filename' "$WORK/pack.json")
echo "packed $(basename "$TGZ"): $(node -p 'const p = require(process.argv[1])[0]; `${p.entryCount} files, ${p.size} bytes`' "$WORK/pack.json")"
node -e '
const files = require(process.argv[1])[0].files.map((f) => f.path);
const bundles = files.filter((f) => /^assets\/.+\/index\.js$/.test(f));
console.log(`bundles in the tarball: ${bundles.join(", ") || "none"}`);
if (bundles.length === 0) { console.error("the tarball has no assets/: every spot feature fails in a consumer"); process.exit(1); }
if (!files.includes("lib/index.js") || !files.includes(".jsii")) { console.error("the tarball has no lib/index.js or .jsii"); process.exit(1); }
' "$WORK/pack.json"

cd "$WORK/app"
cat > package.json <<EOF
{ "name": "tarball-consumer", "version": "0.0.0", "private": true }
EOF
npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  "$TGZ" "aws-cdk-lib@$CDK_VERSION" "constructs@$CONSTRUCTS_VERSION" "cdk-nag@$CDK_NAG_VERSION"

cat > app.js <<'EOF'
const fs = require('fs');
const path = require('path');
const { App, Stack } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const { StatelessService, ServiceCapacity, SpotFleetWithFallback } = require('cdk-cloud-native-patterns');

const outdir = path.join(__dirname, 'cdk.out');
const app = new App({
  outdir,
  context: {
    // asset metadata (aws:asset:path) as the cdk CLI enables it, to find each function's code
    'aws:cdk:enable-asset-metadata': true,
    'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  },
});
const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 1 });
new StatelessService(stack, 'Web', {
  vpc,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  capacity: ServiceCapacity.spotAboveOnDemandBase(),
});
const cluster = new ecs.Cluster(stack, 'Workers', { vpc });
new SpotFleetWithFallback(stack, 'Fleet', { vpc, cluster, vcpus: 2, memoryMiB: 4096, minCapacity: 2, maxCapacity: 6 });

const assembly = app.synth();
const template = assembly.getStackByName('Consumer').template;
const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
let missing = 0;
for (const [id, fn] of functions) {
  const asset = fn.Metadata && fn.Metadata['aws:asset:path'];
  const code = asset ? path.join(outdir, asset, 'index.js') : undefined;
  const ok = code !== undefined && fs.existsSync(code) && fs.statSync(code).size > 0;
  if (!ok && asset) missing++;
  console.log(`  ${id}: ${asset ? (ok ? `${asset}/index.js (${fs.statSync(code).size} bytes)` : `asset ${asset} has no index.js`) : 'inline code'}`);
}
const bundled = functions.filter(([, fn]) => fn.Metadata && fn.Metadata['aws:asset:path']).length;
console.log(`Consumer: ${Object.keys(template.Resources).length} resources, ${functions.length} functions, ${bundled} from the tarball's bundles`);
// StatelessService's spot fallback + the fleet's drain and fallback handlers.
if (missing > 0 || bundled < 3) { console.error(`expected at least 3 bundled functions with code, got ${bundled} (${missing} without code)`); process.exit(1); }
EOF
node app.js
echo "tarball consumer: ok (aws-cdk-lib $CDK_VERSION, constructs $CONSTRUCTS_VERSION, cdk-nag $CDK_NAG_VERSION)"
