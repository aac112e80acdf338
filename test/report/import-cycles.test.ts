import * as path from 'path';
import { findCycles, importGraph, relativeImports } from './import-cycles';

const src = path.join(__dirname, '..', '..', 'src');

describe('no import circle', () => {
  test('the finder sees imports, re-exports and requires, not commented ones, and finds a circle', () => {
    expect(relativeImports([
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export * from './d';",
      "const e = require('./e');",
      "// import { f } from './f';",
      "/* import { g } from './g'; */",
      "import * as fs from 'fs';",
    ].join('\n'))).toEqual(['./a', '../b', './c', './d', './e']);
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  test('src/report has none (the report checks policies; the policy construct ensures a report)', () => {
    const cycles = findCycles(importGraph(path.join(src, 'report'))).map((c) => c.map((f) => path.relative(src, f)).join(' -> '));
    expect(cycles).toEqual([]);
  });

  test('src/ has none', () => {
    const cycles = findCycles(importGraph(src)).map((c) => c.map((f) => path.relative(src, f)).join(' -> '));
    expect(cycles).toEqual([]);
  });
});
