export * from './capacity';
export * from './rollout';
export * from './stateless-service';
export * from './spot-fallback';
export { PatternProfiles, StatelessServiceProfileProps } from './profile';
