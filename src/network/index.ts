export * from './nat-strategy';
export * from './egress-aware-vpc';
