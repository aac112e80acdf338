export * from './standby-mode';
export * from './failover';
export * from './arc-resources';
export * from './region-pair';
export * from './table-options';
export * from './bucket-options';
export * from './aurora-options';
