export * from './capacity';
export * from './stateless-service';
export * from './spot-fallback';
