import { CfnResource, Stack } from 'aws-cdk-lib';
import { holdsRecords, latencyRegion, recordsOf, RecordView, sameNameAndType, sameZone, RECORD_TYPES } from './records';
import { appResources, perApp, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** A latency record of the app, with the stack it lives in. */
interface Entry {
  readonly view: RecordView;
  readonly stack: Stack;
  readonly region: string | typeof UNKNOWN;
}

interface LatencyIndex {
  readonly all: Entry[];
  readonly byResource: Map<CfnResource, Entry[]>;
}

/**
 * Latency records whose name, type and zone are answered from one region only across the whole
 * app. ActiveActiveRegions deploys one latency record per regional stack: the plugin path
 * validates the app at once (cdk-nag v3 gets the app construct), so the set is judged across every
 * stack, as Route53FailoverPair judges a pair; the command line does the same across the templates
 * checked together.
 */
export function Route53LatencyRegionSet(node: CfnResource): NagRuleCompliance {
  if (!holdsRecords(node)) return NOT_APPLICABLE;
  const mine = (latencyIndex(node).byResource.get(node) ?? []).filter((e) => e.region !== UNKNOWN);
  if (mine.length === 0) return NOT_APPLICABLE;
  return alone(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function latencyIndex(node: CfnResource): LatencyIndex {
  return perApp(node, 'route53:latencySets', (root) => {
    const index: LatencyIndex = { all: [], byResource: new Map() };
    for (const r of appResources(root)) {
      if (!holdsRecords(r)) continue;
      const entries: Entry[] = [];
      for (const view of recordsOf(r)) {
        const region = latencyRegion(view.record);
        if (region === undefined) continue;
        const entry: Entry = { view, stack: Stack.of(r), region };
        entries.push(entry);
        index.all.push(entry);
      }
      index.byResource.set(r, entries);
    }
    return index;
  });
}

function alone(node: CfnResource): string[] {
  const index = latencyIndex(node);
  const out: string[] = [];
  for (const e of index.byResource.get(node) ?? []) {
    if (e.region === UNKNOWN) continue;
    const elsewhere = index.all.some((c) => c !== e && (c.region === UNKNOWN || c.region !== e.region)
      && sameNameAndType(e.view, c.view) && sameZone(e, c));
    if (!elsewhere) out.push(`${e.view.label} (only ${e.region})`);
  }
  return out;
}

export const Route53LatencyRegionSetRule: RuleDefinition = {
  rule: Route53LatencyRegionSet,
  resourceTypes: RECORD_TYPES,
  level: NagMessageLevel.ERROR,
  info: 'The latency records of this name, type and zone all point to one region, in every stack of the app.',
  explanation: 'Latency routing sends each user to the nearest healthy region; with records in one region only there is no other region to send anyone to, so a region loss is an outage however healthy the checks are. The regional records of an active-active workload usually live in one stack per region, which is fine: this rule looks for another region\'s record in every stack of the app (and, on the command line, in every template checked together). Add a record in a second region; ActiveActiveRegions creates one per region.',
  checks: 'AWS::Route53::RecordSet, or a record in an AWS::Route53::RecordSetGroup, with `Region`, when no record with the same `Name`, `Type` and hosted zone and another `Region` exists in any stack of the app (the command line: in any template given in the same run). Values known only at deploy time match anything, and so does a zone given by reference in another stack.',
  source: 'Route 53 Developer Guide, "Latency-based routing" (one record per region with the same name and type, each with its own SetIdentifier); cdk-nag v3 NagPack.validate (runs on the app construct, so every stack is visible).',
  detail: (node) => `Records: ${alone(node).join(', ')}.`,
};
