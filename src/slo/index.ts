export * from './burn-rate';
export * from './objective';
export * from './slo-alarms';
export * from './service-slos';
