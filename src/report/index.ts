export { PriceItem, HOURS_PER_MONTH } from './prices';
export { CostDriver, CostLine, CostDrivers, FargatePricing, PriceTable } from './price-table';
export { FailureDomain, TimeEstimate, FailureDomainProfile, DataFlow, RecoveryAlternative, ObjectiveProfile, RolloutProfile, WorkloadProfile, CostScenario, DrillProfile } from './profile';
export { CloudNativeReport, CloudNativeReportProps, Profiles } from './report';
export { ReportAssumptions } from './monitoring';
export { ResiliencePolicy, ResiliencePolicyProps, PolicyEnforcement } from './policy';
