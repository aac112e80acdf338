export * from './capacity';
export * from './stateless-service';
