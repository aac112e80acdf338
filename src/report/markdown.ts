import { formatUsd } from './decimal';
import { DEFINITIONS, formatSeconds, ReportWorkload } from './model';
import { PolicyCheckResult } from './policy-check';

/** Mermaid-safe text inside a quoted label. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[\r\n]+/g, ' ');
}

/** Mermaid ids: letters, digits and underscores only. */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '_');
}

/**
 * A Mermaid flowchart of the workloads, grouped by region, with the profiled parts each depends on
 * (its VPC: an edge from the workload, labelled), the outside parties (users, internet, AWS
 * services) and the data flows between them. Ids are generated, never taken from user text, so any
 * workload name is safe.
 */
export function mermaidDiagram(workloads: ReportWorkload[]): string {
  const lines = ['flowchart LR'];
  const ids = new Map<string, string>();
  workloads.forEach((w, i) => ids.set(w.name, `w${i + 1}`));
  // A part (a VPC) is one node however many workloads depend on it.
  const partIds = new Map<string, string>();
  const partsByPath = new Map<string, ReportWorkload['parts'][number]>();
  for (const w of workloads) {
    for (const p of w.parts ?? []) {
      if (!partIds.has(p.path)) {
        partIds.set(p.path, `c${partIds.size + 1}`);
        partsByPath.set(p.path, p);
      }
    }
  }
  const regions = [...new Set([...workloads.map((w) => w.region ?? ''), ...[...partsByPath.values()].map((p) => p.region ?? '')])].sort();
  // A workload outside any stack whose parts run in several regions (a region pair) spans them.
  const spanned = (w: ReportWorkload) => [...new Set((w.parts ?? []).map((p) => p.region).filter((r): r is string => !!r))].sort();
  const unplaced = workloads.filter((w) => w.region === null);
  const spans = unplaced.length > 0 && unplaced.every((w) => spanned(w).length >= 2)
    ? [...new Set(unplaced.flatMap(spanned))].sort()
    : [];
  const regionLabel = (region: string) => region || (spans.length > 0 ? `across ${spans.join(' and ')}` : 'region not set');
  regions.forEach((region, ri) => {
    lines.push(`  subgraph r${ri + 1}_${idPart(region || 'unset')}["${label(regionLabel(region))}"]`);
    for (const w of workloads.filter((x) => (x.region ?? '') === region)) {
      const zones = w.zones === null ? '' : `, ${w.zones} zone${w.zones === 1 ? '' : 's'}`;
      lines.push(`    ${ids.get(w.name)}["${label(w.name)}<br/>${label(w.pattern)}${zones}<br/>${formatUsd(w.monthlyCostUsd.total)}/month"]`);
    }
    for (const [p, id] of partIds) {
      const part = partsByPath.get(p)!;
      if ((part.region ?? '') === region) lines.push(`    ${id}["${label(part.name)}<br/>${label(part.pattern)}"]`);
    }
    lines.push('  end');
  });
  const outside = new Map<string, string>();
  const partByName = new Map([...partIds].map(([p, id]) => [partsByPath.get(p)!.name, id]));
  const nodeId = (name: string): string => {
    const known = ids.get(name) ?? partByName.get(name);
    if (known) return known;
    if (!outside.has(name)) outside.set(name, `x${outside.size + 1}`);
    return outside.get(name)!;
  };
  const edges: string[] = [];
  for (const w of workloads) {
    for (const f of w.dataFlows) edges.push(`  ${nodeId(f.from)} -->|"${label(f.label)}"| ${nodeId(f.to)}`);
    for (const p of w.parts ?? []) {
      const down = p.takesDown ?? [];
      const text = `depends on${down.length ? `; fails with it: ${down.join(', ')}` : ''}`;
      edges.push(`  ${ids.get(w.name)} -->|"${label(text)}"| ${partIds.get(p.path)}`);
    }
  }
  for (const [p, id] of partIds) {
    const part = partsByPath.get(p)!;
    for (const f of part.dataFlows) {
      const from = f.from === part.name ? id : nodeId(f.from);
      const to = f.to === part.name ? id : nodeId(f.to);
      edges.push(`  ${from} -->|"${label(f.label)}"| ${to}`);
    }
  }
  for (const [name, id] of outside) lines.push(`  ${id}(["${label(name)}"])`);
  lines.push(...[...new Set(edges)]);
  return lines.join('\n');
}

/** An SLO window as people state it: `30 days`, else like the recovery times. */
function windowText(seconds: number): string {
  return seconds >= 86_400 && seconds % 86_400 === 0 ? `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}` : formatSeconds(seconds);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** The report for people: summary, per-workload detail with the arithmetic, prices, policies and the diagram. */
export function markdownReport(workloads: ReportWorkload[], totalUsd: number, policies: PolicyCheckResult[]): string {
  const out: string[] = [];
  out.push('# Cloud-native report', '');
  out.push(`${workloads.length} workload${workloads.length === 1 ? '' : 's'}, ${formatUsd(totalUsd)} a month in modelled cost drivers (730 h a month, on-demand list prices, traffic as assumed).`, '');
  out.push(`- ${DEFINITIONS.rto}`, `- ${DEFINITIONS.rpo}`, '');
  out.push('| Workload | Pattern | Region | Zones | Survives | RTO | RPO | Monthly |', '|---|---|---|---|---|---|---|---|');
  for (const w of workloads) {
    const survives = w.failureDomains.filter((d) => d.survives).map((d) => d.domain).join(', ') || 'none';
    out.push(`| ${cell(w.name)} | ${w.pattern} | ${w.region ?? 'not set'} | ${w.zones ?? '-'} | ${survives} | ${w.rto.seconds === null ? 'none' : formatSeconds(w.rto.seconds)} | ${w.rpo.seconds === null ? 'not modelled' : formatSeconds(w.rpo.seconds)} | ${formatUsd(w.monthlyCostUsd.total)} |`);
  }
  out.push('', '```mermaid', mermaidDiagram(workloads), '```', '');
  for (const w of workloads) {
    out.push(`## ${w.name}`, '', `${w.pattern} at \`${w.path}\`${w.components.length ? ` (with ${w.components.map((c) => `\`${c}\``).join(', ')})` : ''}.`, '');
    const deps = (w.parts ?? []).filter((p) => p.relation === 'dependency');
    if (deps.length > 0) {
      out.push('Depends on:', '');
      for (const p of deps) {
        const where = p.pricedUnder === w.path
          ? `its cost (${formatUsd(p.monthlyCostUsd)}) is listed here`
          : `its cost (${formatUsd(p.monthlyCostUsd)}) is listed under \`${p.pricedUnder}\`, not here, so no total counts it twice`;
        out.push(`- ${p.name} (${p.pattern}) at \`${p.path}\`: its failure domains are folded in below; ${where}.`);
      }
      out.push('');
    }
    out.push('| Failure | Survives | How | Recovery |', '|---|---|---|---|');
    for (const d of w.failureDomains) {
      out.push(`| ${d.domain} | ${d.survives ? 'yes' : 'no'} | ${cell(d.how)} | ${d.recoverySeconds === null ? '-' : formatSeconds(d.recoverySeconds)} |`);
    }
    out.push('', `- RTO ${w.rto.seconds === null ? 'none' : formatSeconds(w.rto.seconds)}: ${w.rto.arithmetic}`,
      `- RPO ${w.rpo.seconds === null ? 'not modelled' : formatSeconds(w.rpo.seconds)}: ${w.rpo.seconds === null ? w.rpo.arithmetic.replace(/^not modelled: /, '') : w.rpo.arithmetic}`, '');
    out.push('| Cost driver | Arithmetic | USD/month |', '|---|---|---|');
    for (const l of w.monthlyCostUsd.lines) out.push(`| ${cell(l.item)} | ${cell(l.arithmetic)} | ${l.usd.toFixed(2)} |`);
    out.push(`| **Total** | | **${w.monthlyCostUsd.total.toFixed(2)}** |`, '');
    if ((w.costScenarios ?? []).length > 0) {
      out.push(`Cost scenarios of ${cell(w.name)} (the drivers that differ, priced with the same table; not in the total):`, '',
        '| Scenario | Arithmetic | USD/month | Against |', '|---|---|---|---|');
      for (const sc of w.costScenarios) {
        const arithmetic = sc.lines.map((l) => `${l.item}: ${l.arithmetic}`).join('; ');
        out.push(`| ${cell(sc.name)} | ${cell(arithmetic)} | ${sc.monthlyUsd.toFixed(2)} | ${sc.differenceArithmetic === null ? '-' : cell(sc.differenceArithmetic)} |`);
      }
      out.push('');
    }
    if ((w.notModelled ?? []).length > 0) {
      out.push('Not modelled:', '', ...w.notModelled.map((t) => `- ${t}`), '');
    }
    if (w.objectives.length > 0) {
      out.push('| Objective | SLI | Target | Window | Error budget | Alarms |', '|---|---|---|---|---|---|');
      for (const o of w.objectives) {
        out.push(`| ${cell(o.name)} | ${cell(o.sli)} | ${o.targetPercent} % | ${windowText(o.windowSeconds)} | ${o.errorBudgetMinutes} min | ${o.alarms.map(cell).join('<br>')} |`);
      }
      out.push('');
      for (const o of w.objectives) {
        for (const n of o.notes ?? []) out.push(`- ${cell(o.name)}: ${n}`);
      }
      if (w.objectives.some((o) => (o.notes ?? []).length > 0)) out.push('');
    }
    if (w.rollout) {
      const ro = w.rollout;
      out.push(`Rollout of ${cell(w.name)}: ${cell(ro.description)}`, '', '| Bad release | Value | Arithmetic |', '|---|---|---|',
        `| users reached before rollback | ${ro.usersReachedPercent} % | ${cell(ro.usersReachedArithmetic)} |`,
        `| from reaching users to rollback | ${ro.timeToRollback ? formatSeconds(ro.timeToRollback.seconds) : 'not rolled back'} | ${ro.timeToRollback ? cell(ro.timeToRollback.arithmetic) : '-'} |`,
        `| good release, start to finish | ${formatSeconds(ro.deploymentTime.seconds)} | ${cell(ro.deploymentTime.arithmetic)} |`, '',
        ...ro.judgedBy.map((j) => `- rolled back by ${cell(j)}`), ...(ro.notes ?? []).map((n) => `- ${cell(n)}`), '');
    }
    if ((w.drills ?? []).length > 0) {
      out.push(`Failure drills of ${cell(w.name)} (AWS FIS experiments; each run priced on its own, not in the total):`, '',
        '| Drill | Tests | Expected outcome | Stops on | Start it | Per run |', '|---|---|---|---|---|---|');
      for (const d of w.drills ?? []) {
        out.push(`| ${cell(d.name)} (${cell(d.action)}) | ${cell(d.claim)} | ${cell(d.expectedOutcome)} | ${d.stopConditions.map(cell).join('<br>')} | \`${cell(d.command)}\` | ${cell(d.costPerRun.arithmetic)} |`);
      }
      out.push('');
    }
    const pw = w.pricedWith;
    out.push(`Priced with the ${pw.region} table of ${pw.asOf}${pw.overridden.length ? `, overridden: ${pw.overridden.join(', ')}` : ''} (${pw.confidence}).${pw.note ? ` ${pw.note}.` : ''}`, '');
  }
  if (policies.length > 0) {
    out.push('## Policies', '');
    for (const p of policies) {
      out.push(`- \`${p.path}\` (${p.enforcement}): ${p.passed ? 'met' : 'missed'}`);
      for (const m of p.misses) out.push(`  - ${m.prop}: ${m.problem}. Fix: ${m.fix}`);
    }
    out.push('');
  }
  const sources = [...new Set(workloads.flatMap((w) => w.pricedWith.sources))].sort();
  if (sources.length) out.push('## Price sources', '', ...sources.map((s) => `- ${s}`), '');
  return out.join('\n');
}
