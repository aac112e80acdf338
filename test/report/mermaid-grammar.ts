/**
 * A checker for the Mermaid flowchart subset the report emits. The real Mermaid parser needs a DOM
 * (jsdom) and an ESM-only package jest cannot load in this setup; this checks the same grammar rules
 * that break rendering: the header, quoted labels without raw quotes, generated ids (w workloads, c parts, x outside parties), balanced
 * subgraph/end, arrows with quoted labels, and edges only between declared nodes.
 */
export function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines[0] !== 'flowchart LR') problems.push(`line 1: expected 'flowchart LR', got '${lines[0]}'`);
  const declared = new Set<string>();
  const edges: Array<[number, string, string]> = [];
  let depth = 0;
  const label = '"[^"\\n]*"';
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    let m: RegExpExecArray | null;
    if (new RegExp(`^\\s+subgraph [A-Za-z][A-Za-z0-9_]*\\[${label}\\]$`).test(line)) {
      depth++;
    } else if (/^\s+end$/.test(line)) {
      depth--;
      if (depth < 0) problems.push(`line ${n}: 'end' without a subgraph`);
    } else if ((m = new RegExp(`^\\s+([wxc]\\d+)(\\[${label}\\]|\\(\\[${label}\\]\\))$`).exec(line))) {
      if (declared.has(m[1])) problems.push(`line ${n}: node ${m[1]} declared twice`);
      declared.add(m[1]);
    } else if ((m = new RegExp(`^\\s+([wxc]\\d+) -->\\|${label}\\| ([wxc]\\d+)$`).exec(line))) {
      edges.push([n, m[1], m[2]]);
    } else {
      problems.push(`line ${n}: not valid in the emitted grammar: '${line}'`);
    }
  });
  if (depth > 0) problems.push(`${depth} subgraph(s) not closed with 'end'`);
  for (const [n, from, to] of edges) {
    for (const id of [from, to]) if (!declared.has(id)) problems.push(`line ${n}: edge to undeclared node ${id}`);
  }
  return problems;
}
