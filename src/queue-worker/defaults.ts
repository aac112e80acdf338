import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Opinionated defaults of QueueWorkerService, as plain data, apart from the wiring.
 * Each value is asserted by a test and stated in the props' TSDoc.
 */
export const QUEUE_WORKER_DEFAULTS = {
  cpu: 512,
  memoryLimitMiB: 1024,
  maxAzs: 3,
  /** Tasks the work needs while one zone is down: 0 lets the service scale to zero. */
  minHealthyTasks: 0,
  maxTasks: 10,
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: 5,
  /** SQS's maximum retention (14 days): the most time to drain a backlog or fix a bad release. */
  retentionPeriod: Duration.days(14),
  /** The dead-letter queue keeps messages as long as SQS allows, for someone to look at them. */
  deadLetterRetentionPeriod: Duration.days(14),
  /** The time the typical message takes: with acceptableLatency it sets the backlog per task target. */
  averageProcessingTime: Duration.seconds(10),
  /** The longest a message may take: the visibility timeout must exceed it plus the stop timeout. */
  maxProcessingTime: Duration.seconds(60),
  /** How long a message may wait before it is processed, at steady state. */
  acceptableLatency: Duration.minutes(5),
  /** Fargate's largest stop timeout, equal to the Fargate Spot warning: a task finishes its message. */
  stopTimeout: Duration.seconds(120),
  /** Added to maxProcessingTime + stopTimeout for the default visibility timeout. */
  visibilityMarginSeconds: 30,
  /** The oldest message's age that alarms, as a multiple of acceptableLatency. */
  freshnessMultiplier: 2,
  /** The shortest window of the backlog-not-draining alarm, in minutes. */
  notDrainingMinMinutes: 5,
  scaleInCooldown: Duration.seconds(300),
  scaleOutCooldown: Duration.seconds(60),
  logRetention: logs.RetentionDays.ONE_MONTH,
  /** SQS's largest visibility timeout (12 hours) and retention (14 days), and its smallest retention (60 s). */
  maxVisibilitySeconds: 43_200,
  maxRetentionSeconds: 1_209_600,
  minRetentionSeconds: 60,
} as const;
