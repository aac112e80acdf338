import { CfnResource, Stack } from 'aws-cdk-lib';
import { failoverRole, holdsRecords, normalizeName, recordsOf, RecordView, sameNameAndType, sameZone, RECORD_TYPES } from './records';
import { appResources, get, perApp, UNKNOWN } from '../../cfn';
import { COMPLIANT, NagMessageLevel, NagRuleCompliance, NON_COMPLIANT, NOT_APPLICABLE, RuleDefinition } from '../../rule';

/** A failover record of the app, with the stack it lives in. */
interface Entry {
  readonly view: RecordView;
  readonly stack: Stack;
  /** PRIMARY, SECONDARY, or UNKNOWN when only known at deploy time. */
  readonly role: 'PRIMARY' | 'SECONDARY' | typeof UNKNOWN;
}

interface PairIndex {
  /** Entries whose name and type are known, by `type|name`. */
  readonly byKey: Map<string, Entry[]>;
  /** Entries whose name or type is only known at deploy time: they may answer any name. */
  readonly wild: Entry[];
  readonly all: Entry[];
  readonly byResource: Map<CfnResource, Entry[]>;
}

/**
 * Failover records whose counterpart (same name, type and zone, the other role) is nowhere in
 * the app. A region pair deploys PRIMARY in one regional stack and SECONDARY in the other: the
 * plugin path validates the whole app at once (cdk-nag v3 gets the app construct), so the pair
 * is judged across every stack; the command line does the same across the templates checked
 * together in one app.
 */
export function Route53FailoverPair(node: CfnResource): NagRuleCompliance {
  if (!holdsRecords(node)) return NOT_APPLICABLE;
  const mine = (pairIndex(node).byResource.get(node) ?? []).filter((e) => e.role !== UNKNOWN);
  if (mine.length === 0) return NOT_APPLICABLE;
  return unpaired(node).length > 0 ? NON_COMPLIANT : COMPLIANT;
}

function keyOf(view: RecordView): string | undefined {
  const type = get(view.record, 'Type');
  const name = get(view.record, 'Name');
  if (typeof type !== 'string' || typeof name !== 'string') return undefined;
  return `${type}|${normalizeName(name)}`;
}

/** Every failover record of the app, indexed once per validation run. */
function pairIndex(node: CfnResource): PairIndex {
  return perApp(node, 'route53:failoverPairs', (root) => {
    const index: PairIndex = { byKey: new Map(), wild: [], all: [], byResource: new Map() };
    for (const r of appResources(root)) {
      if (!holdsRecords(r)) continue;
      const stack = Stack.of(r);
      const entries: Entry[] = [];
      for (const view of recordsOf(r)) {
        const role = failoverRole(view.record);
        if (role !== 'PRIMARY' && role !== 'SECONDARY' && role !== UNKNOWN) continue;
        const entry: Entry = { view, stack, role };
        entries.push(entry);
        index.all.push(entry);
        const key = keyOf(view);
        if (key === undefined) index.wild.push(entry);
        else index.byKey.set(key, [...(index.byKey.get(key) ?? []), entry]);
      }
      index.byResource.set(r, entries);
    }
    return index;
  });
}

function unpaired(node: CfnResource): string[] {
  const index = pairIndex(node);
  const out: string[] = [];
  for (const e of index.byResource.get(node) ?? []) {
    if (e.role === UNKNOWN) continue;
    const other = e.role === 'PRIMARY' ? 'SECONDARY' : 'PRIMARY';
    const key = keyOf(e.view);
    const candidates = key === undefined ? index.all : [...(index.byKey.get(key) ?? []), ...index.wild];
    const paired = candidates.some((c) => c !== e && (c.role === other || c.role === UNKNOWN) && sameNameAndType(e.view, c.view) && sameZone(e, c));
    if (!paired) out.push(`${e.view.label} (${e.role} without ${other})`);
  }
  return out;
}

export const Route53FailoverPairRule: RuleDefinition = {
  rule: Route53FailoverPair,
  resourceTypes: RECORD_TYPES,
  level: NagMessageLevel.ERROR,
  info: 'The failover record has no counterpart (the other of PRIMARY/SECONDARY for the same name, type and zone) anywhere in the app.',
  explanation: 'A PRIMARY without a SECONDARY has nowhere to fail over to, and a SECONDARY alone is never answered while nothing else fails. The two halves of a region pair usually live in two regional stacks of one app, which is fine: this rule looks for the counterpart in every stack of the app (and, on the command line, in every template checked together). Declare the other record; ActivePassiveRegionPair creates both.',
  checks: 'AWS::Route53::RecordSet, or a record in an AWS::Route53::RecordSetGroup, with `Failover` set and no record of the other role with the same `Name`, `Type` and hosted zone in any stack of the app (the command line: in any template given in the same run). Values known only at deploy time match anything, and so does a zone given by reference in another stack.',
  source: 'Route 53 Developer Guide, "Failover routing" (a failover configuration is a PRIMARY and a SECONDARY record of the same name and type); cdk-nag v3 NagPack.validate (runs on the app construct, so every stack is visible).',
  detail: (node) => `Records: ${unpaired(node).join(', ')}.`,
};
