import * as fs from 'fs';
import { DecideCommand } from './args';
import { decideTopology } from '../decision/decide';
import { TopologyDecisionError, TopologyDecisionInput } from '../decision/input';
import { decisionMarkdown } from '../decision/markdown';

/** Where the command line writes (the same shape as run.ts's Io). */
interface Io {
  out(text: string): void;
  err(text: string): void;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;

/** `decide input.json`: reads the input, decides, prints the Markdown and writes the files asked for. */
export function runDecide(cmd: DecideCommand, io: Io): number {
  let text: string;
  try {
    text = fs.readFileSync(cmd.input, 'utf8');
  } catch (e) {
    io.err(`cdk-cloud-native-patterns: cannot read ${cmd.input}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    io.err(`cdk-cloud-native-patterns: ${cmd.input} is not JSON: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  let result;
  try {
    result = decideTopology(input as TopologyDecisionInput);
  } catch (e) {
    if (e instanceof TopologyDecisionError) {
      io.err(`cdk-cloud-native-patterns: ${cmd.input}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const markdown = decisionMarkdown(result, 1);
  io.out(markdown);
  try {
    if (cmd.json) fs.writeFileSync(cmd.json, `${JSON.stringify(result, undefined, 2)}\n`);
    if (cmd.markdown) fs.writeFileSync(cmd.markdown, markdown);
  } catch (e) {
    io.err(`cdk-cloud-native-patterns: cannot write the decision: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}
