export * from './packs/cloud-native-checks';
export * from './packs/cost-checks';
