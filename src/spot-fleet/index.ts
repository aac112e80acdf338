export * from './props';
export * from './spot-fleet-with-fallback';
