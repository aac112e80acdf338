export * from './options';
export * from './active-active';
