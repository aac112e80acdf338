export * from './stateless-service';
