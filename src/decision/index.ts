export { Topology, DecisionDataStore, DecisionWorkloadKind, DecisionWorker, DecisionEc2Compute, DecisionFargateSpot, DecisionRecordedActiveActive, DecisionCompute, DecisionTraffic, FailureAssumption, DecisionFailures, DecisionRecovery, DecisionPolicy, TopologyDecisionInput } from './input';
export { DecisionDomain, DecisionCandidate, DecisionRecommendation, DecisionSensitivity, DecisionAssumption, TopologyDecisionResult } from './model';
export { ServiceSla } from './sla';
export { TopologyDecision, TopologyDecisionProps } from './topology-decision';
export { ResilienceHubTier, ResilienceHubPolicyOptions } from './resilience-hub';
