// Asset hashes differ between machines and Node versions (aws-cdk #13468): every snapshot sees a
// fixed placeholder instead, so snapshots are identical everywhere.
const ASSET_HASH = /[a-f0-9]{64}/g;

expect.addSnapshotSerializer({
  test: (value: unknown) => typeof value === 'string' && /[a-f0-9]{64}/.test(value),
  serialize: (value: string) => JSON.stringify(value.replace(ASSET_HASH, '<asset-hash>')),
});
