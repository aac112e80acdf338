import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as arc from 'aws-cdk-lib/aws-route53recoverycontrol';
import * as ssm from 'aws-cdk-lib/aws-ssm';

/** The ARC routing control resources of a pair, all in the `<prefix>-recovery-control` stack (us-west-2). */
export interface RecoveryControlResources {
  /** The stack holding the ARC resources, their health checks and both failover records (us-west-2, the primary's account). */
  readonly stack: Stack;
  /** The ARC cluster (five regional data plane endpoints; billed per hour). */
  readonly cluster: arc.CfnCluster;
  /** The control panel holding the routing controls. */
  readonly controlPanel: arc.CfnControlPanel;
  /** The primary region's routing control. */
  readonly primaryRoutingControl: arc.CfnRoutingControl;
  /** The standby region's routing control. */
  readonly standbyRoutingControl: arc.CfnRoutingControl;
  /** The assertion safety rule: at least one of the two routing controls is On after any change. */
  readonly safetyRule: arc.CfnSafetyRule;
  /** RECOVERY_CONTROL health check of the PRIMARY record (healthy while the primary's control is On). */
  readonly primaryHealthCheck: route53.HealthCheck;
  /** RECOVERY_CONTROL health check of the SECONDARY record. */
  readonly standbyHealthCheck: route53.HealthCheck;
  /** The PRIMARY failover record of the pair's name: an alias to the primary's regional record. */
  readonly primaryRecord: route53.CfnRecordSet;
  /** The SECONDARY failover record: an alias to the standby's regional record. */
  readonly standbyRecord: route53.CfnRecordSet;
  /** Names of the ARC resources (cluster, control panel, routing controls). */
  readonly clusterName: string;
  /** The one-command failover document `<prefix>-arc-failover` (scale the standby up, then standby On, primary Off), when the workload is a StatelessService with a task count. */
  readonly failoverDocument?: ssm.CfnDocument;
  /** The one-command fail-back document `<prefix>-arc-fail-back` (both On, then the standby back to its mode's count). */
  readonly failBackDocument?: ssm.CfnDocument;
  /** The role both documents assume, `<prefix>-arc-automation`. */
  readonly automationRole?: iam.Role;
}
