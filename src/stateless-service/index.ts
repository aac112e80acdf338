export * from './capacity';
export * from './stateless-service';
export * from './spot-fallback';
export { PatternProfiles, StatelessServiceProfileProps } from './profile';
