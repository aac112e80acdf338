#!/usr/bin/env node
/**
 * Compares the examples' findings.json (written by scripts/synth-examples.ts) of two runs: the
 * aws-cdk-lib floor and another version (scripts/latest-cdk.sh). Per example: the synth's exit code
 * and error, the stacks, and every finding (plugin, rule id, resource) with its severity and
 * whether it is acknowledged. Each difference fails unless the accepted-differences file lists it
 * (plugin, rule, change, reason, tab-separated); an accepted difference that no longer occurs fails
 * too, so the list stays true. Exits 1 on any failing difference or when no example was compared.
 *
 *   node scripts/compare-findings.js <floor out/examples> <other out/examples> <floor version> <other version> <accepted.tsv>
 */
const fs = require('fs');
const path = require('path');

const [floorDir, newDir, floorV, newV, acceptedFile] = process.argv.slice(2);
if (!acceptedFile) {
  console.error('usage: compare-findings.js <floor dir> <other dir> <floor version> <other version> <accepted.tsv>');
  process.exit(2);
}

const names = [...new Set([floorDir, newDir].flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : [])))]
  .filter((n) => fs.existsSync(path.join(floorDir, n, 'findings.json')) || fs.existsSync(path.join(newDir, n, 'findings.json')))
  .sort();
const load = (d, n) => {
  const f = path.join(d, n, 'findings.json');
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf-8')) : undefined;
};
/** One plugin's rule on one resource. */
const where = (f) => `${f.plugin} ${f.rule} on ${f.constructPath || '-'} (${f.logicalId || '-'})`;
const state = (f) => `${f.severity}, ${f.status}`;

// A change is `<severity, status> -> <severity, status>`, `only-floor` or `only-newest`.
const accepted = fs.readFileSync(acceptedFile, 'utf-8').split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [plugin, rule, change, reason] = l.split('\t');
    return { plugin, rule, change, reason, seen: 0 };
  });
const accept = (f, change) => {
  const a = accepted.find((x) => x.plugin === f.plugin && x.rule === f.rule && x.change === change);
  if (a) a.seen++;
  return a !== undefined;
};

let differences = 0;
let acceptedCount = 0;
for (const n of names) {
  const a = load(floorDir, n);
  const b = load(newDir, n);
  const lines = [];
  const ok = [];
  if (!a || !b) {
    lines.push(`no findings.json on ${!a ? floorV : newV}`);
  } else {
    if (a.synthExitCode !== b.synthExitCode) lines.push(`synth exit code ${a.synthExitCode} on ${floorV}, ${b.synthExitCode} on ${newV}`);
    if (a.error !== b.error) lines.push(`error on ${floorV}: ${a.error || '(none)'}; on ${newV}: ${b.error || '(none)'}`);
    const sa = a.stacks.map((s) => s.name).join(', ');
    const sb = b.stacks.map((s) => s.name).join(', ');
    if (sa !== sb) lines.push(`stacks ${sa || '(none)'} on ${floorV}, ${sb || '(none)'} on ${newV}`);
    const group = (list) => {
      const m = new Map();
      for (const f of list) m.set(where(f), [...(m.get(where(f)) || []), f]);
      return m;
    };
    const ga = group(a.findings);
    const gb = group(b.findings);
    for (const w of [...new Set([...ga.keys(), ...gb.keys()])].sort()) {
      const fa = (ga.get(w) || []).map(state).sort().join(' + ');
      const fb = (gb.get(w) || []).map(state).sort().join(' + ');
      if (fa === fb) continue;
      const f = (ga.get(w) || gb.get(w))[0];
      const change = !fa ? 'only-newest' : !fb ? 'only-floor' : `${fa} -> ${fb}`;
      const text = `${w}: ${fa || '(none)'} on ${floorV}, ${fb || '(none)'} on ${newV}`;
      (accept(f, change) ? ok : lines).push(text);
    }
    const ra = a.stacks.map((s) => `${s.name} ${s.resources}`).join(', ');
    const rb = b.stacks.map((s) => `${s.name} ${s.resources}`).join(', ');
    if (ra !== rb && sa === sb) console.log(`  ${n}: resources ${ra} on ${floorV}, ${rb} on ${newV} (reported, not compared)`);
  }
  acceptedCount += ok.length;
  if (lines.length === 0) {
    const un = b.findings.filter((f) => f.status === 'unacknowledged').length;
    console.log(`  ${n}: same exit code (${b.synthExitCode}) and findings (${b.findings.length}: ${un} unacknowledged, ${b.findings.length - un} acknowledged)${ok.length ? ` but for ${ok.length} accepted difference(s)` : ''}`);
  } else {
    differences += lines.length;
    console.log(`  ${n}: DIFFERENT`);
    for (const l of lines) console.log(`    ${l}`);
  }
  if (process.env.VERBOSE) for (const l of ok) console.log(`    accepted: ${l}`);
}
for (const a of accepted) {
  if (a.seen === 0) {
    differences++;
    console.log(`  accepted difference no longer seen (remove it from ${path.basename(acceptedFile)}): ${a.plugin} ${a.rule} ${a.change}`);
  } else {
    console.log(`  accepted on ${a.seen} resource(s): ${a.plugin} ${a.rule} ${a.change}: ${a.reason}`);
  }
}
console.log(`examples: ${names.length} compared between aws-cdk-lib ${floorV} and ${newV}: ${differences} difference(s), ${acceptedCount} accepted`);
process.exit(differences === 0 && names.length > 0 ? 0 : 1);
