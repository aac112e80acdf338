import { DecisionWorkloadKind } from './input';
import { TopologyDecisionResult } from './model';
import { SLA_ROWS } from './sla';
import { formatNumber, formatUsd } from '../report/decimal';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function seconds(s: number | undefined): string {
  if (s === undefined) return 'none';
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** An exact percentage rounded to 6 decimals for the table (the JSON keeps every digit). */
function percent(text: string): string {
  const frac = text.split('.')[1] ?? '';
  return frac.length > 6 ? Number(text).toFixed(6) : text;
}

/**
 * The decision for people: the comparison table, the recommendation with the break-even revenue,
 * each candidate's arithmetic, the SLA sources, the assumptions and the sensitivity lines.
 * `level` is the heading level of the title (1 in its own file, 2 inside the report).
 */
export function decisionMarkdown(d: TopologyDecisionResult, level: number = 1): string {
  const h = (n: number) => '#'.repeat(level + n);
  const out: string[] = [];
  const rec = d.candidates.find((c) => c.topology === d.recommendation.topology);
  out.push(`${h(0)} Topology decision: ${d.workloadName}`, '');
  out.push(`${d.region} (primary) and ${d.standbyRegion} (the other region of the two-region topologies); $${formatNumber(d.revenuePerHourUsd)}/h of downtime, `
    + `$${formatNumber(d.dataLossUsdPerMinute)}/min of lost writes. Policy: ${d.policy}.`, '');
  if (d.workloadKind === DecisionWorkloadKind.QUEUE_WORKER) {
    out.push('Workload: a queue worker, no load balancer. A regional failover here means the producers send to, and the other region\'s workers consume, '
      + 'that region\'s own SQS queue (no ALB, no Route 53 health checks or DNS failover); SQS does not replicate queues across regions, so the region RPO '
      + 'includes the backlog left in the lost region\'s queue.', '');
  }
  out.push(`**Recommendation: ${rec ? rec.name : 'none'}.** ${d.recommendation.reason}.`, '');
  out.push(`- Next topology up: ${d.recommendation.nextUpArithmetic}.`);
  out.push(`- Driven by ${d.recommendation.drivenBy}.`, '');
  out.push('| Topology | Meets policy | Region RTO | Region RPO | SLA (composed) | Modelled downtime | Expected loss | Monthly cost | + loss / 12 | Monthly total | Pays off above |',
    '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of d.candidates) {
    const region = c.domains.find((x) => x.domain === 'region')!;
    const mark = [c.current ? ' (current)' : '', c.topology === d.recommendation.topology ? ' **recommended**' : ''].join('');
    if (!c.applicable) {
      out.push(`| ${cell(c.name)}${mark} | not applicable: ${cell(c.notApplicableReason ?? '')} | | | | | | | | | |`);
      continue;
    }
    const pays = c.topology === d.recommendation.topology ? '-' : c.breakEvenRevenuePerHourUsd === undefined ? 'never' : `${formatUsd(c.breakEvenRevenuePerHourUsd)}/h`;
    out.push(`| ${cell(c.name)}${mark} | ${c.meetsPolicy ? 'yes' : `no: ${cell(c.policyMisses.join('; '))}`} | ${seconds(region.rtoSeconds)}${region.survives ? '' : ' (not automatic)'} | ${seconds(region.rpoSeconds)} `
      + `| ${percent(c.slaAvailabilityPercent)} % | ${formatNumber(c.modelledDowntimeMinutesPerYear)} min/year | ${formatUsd(c.expectedLossUsdPerYear)}/year | ${formatUsd(c.monthlyCostUsd)} `
      + `| ${formatUsd(c.expectedMonthlyLossUsd)} | ${formatUsd(c.monthlyTotalUsd)} | ${pays} |`);
  }
  for (const c of d.candidates.filter((x) => x.profileCheck)) out.push('', `${c.name}, checked against the workload's profile: ${cell(c.profileCheck!)}.`);
  out.push('', 'Ranked by monthly cost + expected monthly loss among the topologies that meet the policy. "Pays off above": the revenue per hour above which the topology costs less than the recommended one; "never": it has no less modelled downtime.', '');
  for (const c of d.candidates.filter((x) => x.applicable)) {
    out.push(`${h(1)} ${c.name}`, '');
    out.push('| Failure | Survives | RTO | RPO | Downtime and lost writes | How |', '|---|---|---|---|---|---|');
    for (const x of c.domains) {
      out.push(`| ${x.domain} | ${x.survives ? 'yes' : 'no'} | ${seconds(x.rtoSeconds)} | ${seconds(x.rpoSeconds)} | ${cell(x.arithmetic)} | ${cell(x.how)} |`);
    }
    out.push('', `- Modelled downtime ${formatNumber(c.modelledDowntimeMinutesPerYear)} min/year = ${formatNumber(c.modelledAvailabilityPercent)} %; expected loss: ${c.lossArithmetic}.`,
      `- SLA ${c.slaAvailabilityPercent} % = ${c.slaArithmetic}: ${formatNumber(c.slaDowntimeMinutesPerYear)} min/year credited, not predicted.`,
      `- Break-even: ${c.breakEvenArithmetic}.`, '');
    out.push('| Cost | Arithmetic | USD/month |', '|---|---|---|');
    for (const l of c.costLines) out.push(`| ${cell(l.item)} | ${cell(l.arithmetic)} | ${l.usd.toFixed(2)} |`);
    out.push(`| **Total** | | **${c.monthlyCostUsd.toFixed(2)}** |`, '');
  }
  out.push(`${h(1)} Sensitivity`, '', 'How far each assumption can move, the others held, before the recommendation changes:', '');
  out.push(...d.sensitivity.map((s) => `- ${s.text}`), '');
  out.push(`${h(1)} Assumptions`, '', '| Input | Value | Source |', '|---|---|---|');
  out.push(...d.assumptions.map((a) => `| ${a.field} | ${cell(a.value)} | ${cell(a.source)} |`), '');
  out.push(`${h(1)} SLAs`, '', '| Service | SLA | Applies to | Page | Checked |', '|---|---|---|---|---|');
  out.push(...SLA_ROWS.map((s) => `| ${cell(s.service)} | ${s.percent} % | ${cell(s.appliesTo)} | ${s.url} (${cell(s.pageVersion)}) | ${s.checked} |`), '');
  out.push('Topologies: AWS whitepaper "Disaster Recovery of Workloads on AWS", https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html.', '');
  out.push('Not modelled:', '', ...d.notModelled.map((t) => `- ${t}`), '');
  return out.join('\n');
}
