export * from './capacity';
export { BlueGreenRolloutOptions, CanaryRolloutOptions, LinearRolloutOptions, Rollout, RolloutStrategy, TrafficShiftOptions } from './rollout';
export * from './stateless-service';
export * from './spot-fallback';
export { PatternProfiles, StatelessServiceProfileProps } from './profile';
