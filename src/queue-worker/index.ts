export * from './queue-worker-service';
