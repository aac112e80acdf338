export * from './stateless-service';
export * from './nag';
export * from './network';
export * from './report';
export * from './slo';
export * from './spot-fleet';
export * from './region-pair';
export * from './decision';
