import * as fs from 'fs';
import { CheckCommand, DecideCommand, HelpCommand, parseArgs, USAGE, UsageError } from './args';
import { checkTemplates } from './check';
import { runDecide } from './decide';
import { templateFiles } from './load';
import { renderJson, renderSarif, renderTable, summarize } from './output';

/** Where the command line writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
/** Usage errors, and runs where nothing could be checked (no template found, none loadable). */
export const EXIT_USAGE = 2;

/** Runs the command line with the arguments after the program name; returns the exit status. */
export function run(argv: string[], io: Io): number {
  let parsed: CheckCommand | DecideCommand | HelpCommand;
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
  if (parsed.command === 'decide') return runDecide(parsed, io);
  const { sources, missing, problems } = templateFiles(parsed.paths);
  if (missing.length > 0) {
    io.err(`cdk-cloud-native-patterns: no such file or folder: ${missing.join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (sources.length === 0 && problems.length === 0) {
    io.err(`cdk-cloud-native-patterns: no template found in ${parsed.paths.join(', ')}\n`);
    return EXIT_USAGE;
  }
  const checkedResult = checkTemplates(sources, { awsSolutions: parsed.awsSolutions });
  // Files a cloud assembly names but that cannot be read are not checked either: list them too.
  const result = { ...checkedResult, unloadable: [...problems, ...checkedResult.unloadable] };
  io.out(renderTable(result));
  try {
    if (parsed.json) fs.writeFileSync(parsed.json, renderJson(result));
    if (parsed.sarif) fs.writeFileSync(parsed.sarif, renderSarif(result));
  } catch (e) {
    io.err(`cdk-cloud-native-patterns: cannot write the report: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (result.checked.length === 0) {
    // Every input was empty, not a template or unloadable: a gate must not pass on that.
    io.err(`cdk-cloud-native-patterns: nothing could be checked: none of the ${result.unloadable.length} template${result.unloadable.length === 1 ? '' : 's'} could be loaded (reasons above)\n`);
    return EXIT_USAGE;
  }
  return summarize(result).errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
