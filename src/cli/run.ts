import * as fs from 'fs';
import { parseArgs, USAGE, UsageError } from './args';
import { checkTemplates } from './check';
import { templateFiles } from './load';
import { renderJson, renderSarif, renderTable, summarize } from './output';

/** Where the command line writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Runs the command line with the arguments after the program name; returns the exit status. */
export function run(argv: string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk-cloud-native-patterns: ${e.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (parsed.command === 'help') {
    io.out(`${USAGE}\n`);
    return EXIT_OK;
  }
  const { files, missing } = templateFiles(parsed.paths);
  if (missing.length > 0) {
    io.err(`cdk-cloud-native-patterns: no such file or folder: ${missing.join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (files.length === 0) {
    io.err(`cdk-cloud-native-patterns: no template found in ${parsed.paths.join(', ')}\n`);
    return EXIT_USAGE;
  }
  const result = checkTemplates(files, { awsSolutions: parsed.awsSolutions });
  io.out(renderTable(result));
  try {
    if (parsed.json) fs.writeFileSync(parsed.json, renderJson(result));
    if (parsed.sarif) fs.writeFileSync(parsed.sarif, renderSarif(result));
  } catch (e) {
    io.err(`cdk-cloud-native-patterns: cannot write the report: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  return summarize(result).errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
