export * from './spot-fleet-with-fallback';
