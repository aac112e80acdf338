export * from './validation';
export * from './secrets';
