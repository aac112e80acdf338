import * as logs from 'aws-cdk-lib/aws-logs';
import { NatStrategy } from './nat-strategy';

/**
 * Opinionated defaults of EgressAwareVpc, as plain data, apart from the wiring.
 * Each value is asserted by a test and stated in the props' TSDoc.
 */
export const EGRESS_AWARE_VPC_DEFAULTS = {
  maxAzs: 3,
  natStrategy: NatStrategy.ONE_PER_ZONE,
  cidr: '10.0.0.0/16',
  publicCidrMask: 24,
  privateCidrMask: 20,
  flowLogRetention: logs.RetentionDays.ONE_MONTH,
  /** Report assumption: GB a month through the NAT gateways, until the user states theirs. */
  natProcessedGbPerMonth: 0,
  /** Report assumption: GB a month through the interface endpoints, until the user states theirs. */
  interfaceEndpointGbPerMonth: 0,
} as const;
