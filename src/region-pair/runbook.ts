import { StandbyMode, StandbyModeCost } from './standby-mode';
import { TimeEstimate } from '../report/profile';

/** What the runbook is written from. */
export interface RunbookInput {
  readonly name: string;
  readonly path: string;
  readonly recordName: string;
  readonly mode: StandbyMode;
  readonly primaryRegion: string;
  readonly standbyRegion: string;
  readonly primaryStackName: string;
  readonly standbyStackName: string;
  readonly primaryTasks?: number;
  readonly standbyTasks?: number;
  readonly recovery: TimeEstimate;
  readonly drill?: TimeEstimate;
  readonly costs: StandbyModeCost[];
  readonly documents?: { failoverName: string; failBackName: string };
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  readonly calculated: boolean;
  /** The modelled RPO, when the pair replicates a store. */
  readonly rpo?: TimeEstimate;
  /** Whether the standby must be deployed first (it holds a replication destination the primary names). */
  readonly standbyFirst?: boolean;
  /** Whether the primary must be deployed first (it holds the global database the standby's secondary joins). */
  readonly primaryFirst?: boolean;
  /** The FIS rehearsal's steps (Markdown list items), with `regionDrillExperiment`. */
  readonly drillSteps?: string[];
  /** Store-specific failover and fail-back steps (Markdown list items). */
  readonly storeSteps?: string[];
  /** The ARC section (routing control commands), with `Failover.recoveryController()`: replaces the DNS failover steps. */
  readonly arc?: string[];
}

/** The pair's failover runbook (Markdown), written beside the cloud-native report at synth. */
export function runbookMarkdown(r: RunbookInput): string {
  const hcId = `HC=$(aws cloudformation describe-stacks --region ${r.primaryRegion} --stack-name ${r.primaryStackName} --query "Stacks[0].Outputs[?OutputKey=='PrimaryHealthCheckId'].OutputValue" --output text)`;
  const run = (doc: string, withHc: boolean) => `aws ssm start-automation-execution --region ${r.standbyRegion} --document-name ${doc}${withHc ? ' --parameters PrimaryHealthCheckId=$HC' : ''}`;
  const lines: string[] = [
    `# Runbook: ${r.name} (ActivePassiveRegionPair ${r.path})`,
    '',
    `\`${r.recordName}\` is served by **${r.primaryRegion}** (stack \`${r.primaryStackName}\`, PRIMARY record) with a **${r.mode.describe()}** in **${r.standbyRegion}** (stack \`${r.standbyStackName}\`, SECONDARY record).`,
    '',
    '## Deployment order',
    '',
    ...(r.primaryFirst
      ? ['The two stacks never reference each other (no exports, no cross-region references), and either can be redeployed while the other region is down.',
        `The first deployment must go primary first (\`cdk deploy ${r.primaryStackName}\`), then standby (\`cdk deploy ${r.standbyStackName}\`): the standby's Aurora secondary joins the global database the primary stack creates.`
        + (r.standbyFirst ? ' With the bucket as well, the primary\'s first deployment fails on the bucket\'s replication (its destination is in the standby): deploy the pair without `bucket` first (primary, then standby), then add `bucket` and deploy the standby, then the primary.' : '')]
      : r.standbyFirst
        ? ['The two stacks never reference each other (no exports, no cross-region references), and either can be redeployed while the other region is down.',
          `The first deployment must go standby first (\`cdk deploy ${r.standbyStackName}\`), then primary (\`cdk deploy ${r.primaryStackName}\`): the primary's bucket replicates to the standby's bucket, and S3 rejects a replication configuration whose destination bucket does not exist or is not versioned (PutBucketReplication: InvalidRequest), which fails the primary stack's deployment.`]
        : ['The two stacks never reference each other (no exports, no cross-region references): deploy them in either order, or together, and redeploy one while the other region is down.',
          `A first deployment usually goes standby first (\`cdk deploy ${r.standbyStackName}\`), then primary (\`cdk deploy ${r.primaryStackName}\`): until both records exist Route 53 answers with whichever one is there.`]),
    '',
    '## Modelled recovery',
    '',
    r.arc
      ? `- Region loss, NOT automatic (ARC: traffic moves only when the routing controls are flipped): ${r.recovery.seconds} s = ${r.recovery.arithmetic}.`
      : `- Region loss, automatic (no person): ${r.recovery.seconds} s = ${r.recovery.arithmetic}.`,
    ...(r.drill && !r.arc ? [`- Drill or planned failover with the automation below: ${r.drill.seconds} s = ${r.drill.arithmetic}.`] : []),
    r.rpo
      ? `- RPO: about ${r.rpo.seconds} s: ${r.rpo.arithmetic}. Writes go to the primary; after failover the standby writes to its own copy${r.storeSteps && r.storeSteps.length > 0 ? ' (see Data stores for each store\'s failover and fail back)' : ', and after fail-back items written in both regions meanwhile resolve last writer wins'}.`
      : '- RPO: not modelled. The pair replicates no data store; the workload\'s data lives in backing stores it reaches by config.',
    ...(r.costs.length > 0 ? ['', '## Standby idle cost per mode (Fargate only; load balancer and network are the same in every mode)', '', '| mode | standby tasks | per month |', '|---|---|---|',
      ...r.costs.map((c) => `| ${c.mode} | ${c.tasks} | $${c.monthlyUsd.toFixed(2)} |`)] : []),
    '',
    '## Failover',
    '',
  ];
  if (r.arc) {
    // ARC mode: the routing controls move traffic; the automation documents only scale the standby.
    // The ARC section has its own heading and deployment order (regional stacks, then the ARC stack).
    lines.splice(lines.length - 2, 2);
    // Keep the regional sentence (and a store's standby-first order); the DNS-record sentence does not apply.
    const second = lines.indexOf('## Deployment order') + 3;
    lines.splice(r.standbyFirst ? second + 1 : second, r.standbyFirst ? 0 : 1,
      'Neither regional stack references the recovery control stack: deploy it last (its failover records alias the regional records by name). See "ARC routing controls" below for the commands and the first-deployment step.');
    lines.push(...r.arc);
    if (r.documents) {
      lines.push(`Scale the standby to the primary's ${r.primaryTasks} tasks before or with the failover (do not pass PrimaryHealthCheckId: in this mode the regional health checks route nothing):`, '',
        '```sh', run(r.documents.failoverName, false), '```', '',
        `After fail back, return the standby to ${r.standbyTasks} task${r.standbyTasks === 1 ? '' : 's'} with the fail-back document (its first step un-inverts the regional health check, a no-op in this mode):`, '',
        '```sh', hcId, run(r.documents.failBackName, true), '```', '');
    }
    lines.push('## What to watch', '', `- The decision signal: the primary's regional health check (stack output PrimaryHealthCheckId)${r.calculated ? ', a CALCULATED check over the endpoint and the SLO regional health alarms' : ''}. In this mode it routes nothing: it tells the person or automation when to fail over.`,
      `- Answers moving: \`dig +short ${r.recordName}\` after the state change (about 30 s assumed + the 60 s alias TTL).`, '');
    return lines.join('\n');
  }
  if (r.documents) {
    lines.push(
      'In a real outage of the primary region, Route 53 shifts traffic by itself; run step 2 without `PrimaryHealthCheckId` to scale the standby at once instead of waiting for target tracking. For a drill or a planned failover:',
      '',
      '1. Read the primary health check ID (Route 53 is global; this reads the primary stack\'s output):',
      '',
      '   ```sh',
      `   ${hcId}`,
      '   ```',
      `2. Scale the standby to the primary's ${r.primaryTasks} tasks and force the DNS shift (inverts the primary's health check):`,
      '',
      '   ```sh',
      `   ${run(r.documents.failoverName, true)}`,
      '   ```',
      '   Without the primary (real outage): ',
      '',
      '   ```sh',
      `   ${run(r.documents.failoverName, false)}`,
      '   ```',
      '',
    );
  } else {
    lines.push('The workload gave no ECS service, so there is no automation: Route 53 shifts traffic when the primary\'s health check fails. To force it, invert the primary health check:', '',
      '```sh', hcId, 'aws route53 update-health-check --health-check-id $HC --inverted', '```', '');
  }
  if (r.storeSteps && r.storeSteps.length > 0) {
    lines.push('## Data stores', '', ...r.storeSteps, '');
  }
  if (r.drillSteps && r.drillSteps.length > 0) {
    lines.push('## Rehearsal', '', ...r.drillSteps, '');
  }
  lines.push(
    '## What to watch',
    '',
    `- The primary health check turning unhealthy: \`aws route53 get-health-check-status --health-check-id $HC\` (${r.failureThreshold} failed checks x ${r.intervalSeconds} s).${r.calculated ? ' It is a CALCULATED check over the endpoint and the SLO regional health alarms: an alarm in ALARM fails it too.' : ''}`,
    `- Answers moving: \`dig +short ${r.recordName}\` returns the standby load balancer's addresses within about 60 s (the alias TTL) after the check is unhealthy.`,
    `- The standby's running tasks reaching ${r.primaryTasks ?? 'the primary\'s count'}: \`aws ecs describe-services --region ${r.standbyRegion} ...\` and its target group's healthy hosts.`,
    '- The standby\'s SLO alarms and 5XX count while it takes the load.',
    '',
    '## Fail back',
    '',
  );
  if (r.documents) {
    lines.push(
      `Once the primary region serves again (its stack deployed and its tasks healthy), restore the primary health check, wait ${r.failureThreshold} x ${r.intervalSeconds} s + 60 s for Route 53 and resolvers, and return the standby to ${r.standbyTasks} task${r.standbyTasks === 1 ? '' : 's'}:`,
      '',
      '```sh',
      hcId,
      run(r.documents.failBackName, true),
      '```',
      '',
      'After an unplanned outage Route 53 moves traffic back by itself when the primary is healthy again; the standby stays at the primary\'s count until the fail-back document runs (it returns the standby to its mode\'s count).',
    );
  } else {
    lines.push('```sh', hcId, 'aws route53 update-health-check --health-check-id $HC --no-inverted', '```');
  }
  lines.push('');
  return lines.join('\n');
}
