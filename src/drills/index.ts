export { DrillKind, DrillSettings } from './settings';
export { ServiceDrills, ServiceDrillsProps } from './service-drills';
