import { fargateDrivers, spotSplit, SpotSplit } from '../core/fargate-cost';
import { exactProduct, formatNumber } from '../report/decimal';
import { CostDriver, CostDrivers } from '../report/price-table';
import { HOURS_PER_MONTH } from '../report/prices';
import { CostScenario, FailureDomain, FailureDomainProfile, TimeEstimate, WorkloadProfile } from '../report/profile';

/** What the QueueWorkerService profile is computed from. */
export interface QueueWorkerProfileProps {
  readonly name: string;
  readonly zones: number;
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Tasks running on average (default: derived from messages and processing time). */
  readonly typicalTasks?: number;
  readonly minHealthyTasks: number;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly arm64?: boolean;
  readonly spotWeight: number;
  readonly onDemandWeight: number;
  readonly onDemandBase: number;
  readonly spotDiscountPercent?: number;
  readonly fifo: boolean;
  readonly messagesPerMonth: number;
  readonly averageProcessingSeconds: number;
  readonly maxProcessingSeconds: number;
  readonly acceptableLatencySeconds: number;
  readonly targetBacklogPerTask: number;
  /** Unknown for an imported queue. */
  readonly visibilityTimeoutSeconds?: number;
  readonly stopTimeoutSeconds: number;
  /** Unknown for a queue passed in. */
  readonly maxReceiveCount?: number;
  /** Unknown for a queue passed in. */
  readonly retentionSeconds?: number;
  readonly hasDeadLetterQueue: boolean;
  readonly notDrainingMinutes: number;
  readonly taskStartSeconds?: number;
  readonly vpcEgressModelled?: boolean;
  readonly dependsOn?: string[];
  readonly scratchPaths?: string[];
}

/** Seconds in the 730-hour month the price table uses. */
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** SQS requests per message, unbatched: SendMessage, ReceiveMessage, DeleteMessage. */
const REQUESTS_PER_MESSAGE = 3;
/** Long-poll receives a polling task makes a month while the queue is empty: one per 20 s wait. */
const EMPTY_RECEIVES_PER_TASK_MONTH = SECONDS_PER_MONTH / 20;
/** The evaluation of the scale-from-zero alarm (1 minute) and of target tracking (about 1 minute per datapoint). */
const SCALING_DETECTION_SECONDS = 60;

/** The typical task count: given, or ceil(messages x average processing / seconds a month), within [min, max]. */
export function typicalTasks(p: QueueWorkerProfileProps): { tasks: number; arithmetic: string } {
  if (p.typicalTasks !== undefined) {
    return { tasks: p.typicalTasks, arithmetic: `${p.typicalTasks} tasks (reportAssumptions.typicalTasks)` };
  }
  const busy = Math.ceil((p.messagesPerMonth * p.averageProcessingSeconds) / SECONDS_PER_MONTH);
  const tasks = Math.min(p.maxTasks, Math.max(p.minTasks, busy));
  return {
    tasks,
    arithmetic: `ceil(${formatNumber(p.messagesPerMonth)} messages (assumed) x ${p.averageProcessingSeconds} s / ${formatNumber(SECONDS_PER_MONTH)} s) = ${busy} busy tasks`
      + (tasks !== busy ? `, within [${p.minTasks}, ${p.maxTasks}] = ${tasks}` : ''),
  };
}

function splitOf(p: QueueWorkerProfileProps, count: number): SpotSplit {
  return p.spotWeight > 0 ? spotSplit(count, p.onDemandBase, p.spotWeight, p.onDemandWeight) : spotSplit(count, count, 0, 1);
}

function fargateAt(p: QueueWorkerProfileProps, count: number): CostDriver[] {
  const split = splitOf(p, count);
  return fargateDrivers(p, split, split.spotTasks > 0 ? `spot tasks: ${split.arithmetic}` : undefined);
}

/** SQS requests a month: messages x 3 (send, receive, delete) + empty long polls of the polling tasks. */
export function sqsRequestDriver(p: Pick<QueueWorkerProfileProps, 'messagesPerMonth' | 'fifo'>, pollingTasks: number): CostDriver {
  const messageRequests = exactProduct(p.messagesPerMonth, REQUESTS_PER_MESSAGE);
  const polls = exactProduct(pollingTasks, EMPTY_RECEIVES_PER_TASK_MONTH);
  const millions = (messageRequests + polls) / 1_000_000;
  return CostDrivers.sqsRequests(millions, p.fifo,
    `(${formatNumber(p.messagesPerMonth)} messages (assumed) x ${REQUESTS_PER_MESSAGE} requests (send, receive, delete; unbatched, each under 64 KB)`
    + ` + ${pollingTasks} polling task${pollingTasks === 1 ? '' : 's'} x ${formatNumber(EMPTY_RECEIVES_PER_TASK_MONTH)} empty 20 s long polls (an upper bound: a queue never empty has fewer))`
    + ` / 1,000,000 = ${formatNumber(millions)} million requests (the free tier of 1 million a month is not applied)`);
}

/**
 * Profiles of QueueWorkerService, for it to record with `Profiles.record`.
 */
export class QueueWorkerProfiles {
  /**
   * The profile of a QueueWorkerService: its failure domains (a task or spot reclaim, a zone, a bad
   * deployment: messages are retried after the visibility timeout and none is lost while the
   * dead-letter queue and retention hold; not a region), its recovery times with the arithmetic,
   * and its monthly cost at the typical task count with the minimum and maximum priced apart.
   */
  public static queueWorker(p: QueueWorkerProfileProps): WorkloadProfile {
    const start = p.taskStartSeconds ?? 60;
    const vis = p.visibilityTimeoutSeconds;
    const visText = vis !== undefined ? `${vis} s` : 'the queue\'s visibility timeout (unknown: the queue was passed in)';
    const visS = vis ?? 0;
    const stop = p.stopTimeoutSeconds;
    const receives = p.maxReceiveCount !== undefined ? `${p.maxReceiveCount}` : 'the queue\'s maxReceiveCount';
    const retention = p.retentionSeconds !== undefined ? `${p.retentionSeconds / 86400} days` : 'the queue\'s retention';
    const noLoss = p.hasDeadLetterQueue
      ? `no message is lost while it is retained (${retention}) and the dead-letter queue keeps what fails ${receives} times (14 days)`
      : 'the queue has no dead-letter queue this construct can see: a message that always fails is retried until its retention ends, then lost';

    const retry: TimeEstimate = {
      seconds: visS + start,
      arithmetic: `the cut message is visible again after the visibility timeout ${visText} + a replacement task starts ${start} s (assumed), in parallel with the other tasks = ${visS + start} s`,
    };
    const spotText = p.spotWeight > 0
      ? `; a Fargate Spot reclaim sends SIGTERM with the 2-minute warning and kills the container stopTimeout ${stop} s later: a message that takes longer than ${stop} s to finish is cut and retried (each cut counts one of ${receives} receives toward the dead-letter queue), and the fallback twin runs replacements on demand while spot is short`
      : '';
    const instance: FailureDomainProfile = {
      domain: FailureDomain.INSTANCE,
      survives: true,
      how: `a task that dies leaves its message in the queue: it becomes visible after the visibility timeout and another task takes it; ECS replaces the task; ${noLoss}${spotText}`,
      recovery: retry,
    };
    const egress = p.vpcEgressModelled ?? true;
    const zone: FailureDomainProfile = p.zones < 2
      ? { domain: FailureDomain.ZONE, survives: false, how: `the tasks are in ${p.zones} zone: losing it stops the work until the zone returns (the messages wait in SQS, which is regional)` }
      : !egress
        ? {
          domain: FailureDomain.ZONE,
          survives: false,
          how: `the tasks are spread over ${p.zones} zones and SQS is regional, but the VPC was not created by this library, so its egress (NAT, VPC endpoints for SQS, ECR, Logs) is not modelled and zone survival is not claimed. Run the worker in an EgressAwareVpc to model it`,
        }
        : {
          domain: FailureDomain.ZONE,
          survives: true,
          how: `SQS is regional; the tasks are spread over ${p.zones} zones: the lost zone's messages are retried after the visibility timeout by tasks in the other zones, and the backlog-per-task scaling replaces the lost capacity there`
            + (p.minHealthyTasks > 0 ? ` (minimum ${p.minTasks} = the zone-loss floor of ${p.minHealthyTasks})` : ' (minimum 0: the work waits in the queue, never lost)'),
          recovery: { seconds: visS + SCALING_DETECTION_SECONDS + start, arithmetic: `visibility timeout ${visText} + scaling detection ${SCALING_DETECTION_SECONDS} s + task start ${start} s (assumed) = ${visS + SCALING_DETECTION_SECONDS + start} s` },
        };
    const detect = p.notDrainingMinutes * 60;
    const deploy: TimeEstimate = {
      seconds: detect + start,
      arithmetic: `not-draining alarm: ${p.notDrainingMinutes} minutes with messages waiting and none deleted = ${detect} s, then the rollback's tasks start ${start} s (assumed) = ${detect + start} s`,
    };
    const bad: FailureDomainProfile = {
      domain: FailureDomain.BAD_DEPLOYMENT,
      survives: true,
      how: 'a release whose tasks crash is rolled back by the circuit breaker; a release that runs but deletes no message is rolled back on the not-draining alarm'
        + ` (${deploy.arithmetic}); the messages it failed are retried by the old tasks; ${noLoss}. A release that fails only some messages is NOT rolled back: they reach the dead-letter queue after ${receives} receives and its alarm pages`,
      recovery: deploy,
    };
    const region: FailureDomainProfile = {
      domain: FailureDomain.REGION,
      survives: false,
      how: 'single region: the queue and the workers are regional; a region outage stops the work until the region recovers',
    };
    const domains = [instance, zone, bad, region];
    const survived = domains.filter((d) => d.survives && d.recovery);
    const worstSeconds = Math.max(...survived.map((d) => d.recovery!.seconds));
    const rto: TimeEstimate = {
      seconds: worstSeconds,
      arithmetic: `max(${survived.map((d) => `${d.domain} ${d.recovery!.seconds} s`).join(', ')}) = ${worstSeconds} s`
        + (p.minTasks === 0 ? `; from zero tasks a new message also waits the scale-from-zero alarm ${SCALING_DETECTION_SECONDS} s + a task start ${start} s` : ''),
    };

    const typical = typicalTasks(p);
    const drivers = [...fargateAt(p, typical.tasks), sqsRequestDriver(p, typical.tasks)];
    const scenarios: CostScenario[] = [];
    const steady = `typical, ${typical.tasks} tasks (${typical.arithmetic})`;
    scenarios.push({ name: steady, costDrivers: fargateAt(p, typical.tasks) });
    scenarios.push({ name: `at the minimum, ${p.minTasks} tasks${p.minTasks === 0 ? ' (scaled to zero: no Fargate cost)' : ''}`, costDrivers: fargateAt(p, p.minTasks), compareTo: steady });
    const maxName = `at the maximum, ${p.maxTasks} tasks (${splitOf(p, p.maxTasks).arithmetic})`;
    scenarios.push({ name: maxName, costDrivers: fargateAt(p, p.maxTasks), compareTo: steady });
    if (p.spotWeight > 0) {
      scenarios.push({
        name: `while the fallback runs: Fargate Spot cannot place tasks, so the on-demand twin runs them (${typical.tasks} on demand)`,
        costDrivers: fargateDrivers(p, { onDemandTasks: typical.tasks, spotTasks: 0 }),
        compareTo: steady,
      });
      scenarios.push({ name: `all on demand at the maximum, ${p.maxTasks} tasks`, costDrivers: fargateDrivers(p, { onDemandTasks: p.maxTasks, spotTasks: 0 }), compareTo: maxName });
    }

    return {
      name: p.name,
      pattern: 'QueueWorkerService',
      zones: p.zones,
      failureDomains: domains,
      rto,
      rpo: {
        seconds: 0,
        arithmetic: `SQS stores an accepted message redundantly in the region until a worker deletes it; ${noLoss}. The tasks hold no data (read-only root filesystem`
          + ((p.scratchPaths ?? []).length > 0 ? `; scratch paths ${p.scratchPaths!.join(', ')} are task storage emptied when the task stops)` : ', no volumes)'),
      },
      rpoNotModelled: 'what the worker writes lives in backing stores it reaches by config, which this profile does not model',
      costDrivers: drivers,
      costScenarios: scenarios,
      dataFlows: [
        { from: 'producers', to: p.name, label: `SQS ${p.fifo ? 'FIFO ' : ''}queue (backlog per task target ${p.targetBacklogPerTask})` },
      ],
      ...(p.dependsOn && p.dependsOn.length > 0 ? { dependsOn: [...p.dependsOn] } : {}),
    };
  }
}
