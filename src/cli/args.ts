/** What the command line asked for. */
export interface CheckCommand {
  readonly command: 'check';
  readonly paths: string[];
  readonly awsSolutions: boolean;
  readonly json?: string;
  readonly sarif?: string;
}

/** `decide input.json`: the topology decision from a JSON input file. */
export interface DecideCommand {
  readonly command: 'decide';
  readonly input: string;
  readonly json?: string;
  readonly markdown?: string;
}

export interface HelpCommand {
  readonly command: 'help';
}

/** A usage error: the message to print before the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
    Object.setPrototypeOf(this, UsageError.prototype);
  }
}

export const USAGE = `Usage: cdk-cloud-native-patterns check <template files or cdk.out folders...> [options]

Loads the CloudFormation templates (JSON or YAML) with CfnInclude into one app, one stack each, and
runs the CloudNative and CloudNativeCost rule packs on them. A cdk.out folder (a cloud assembly) is
read through its manifest.json: the stacks' templates and their nested stacks' templates, with the
acknowledgements made in code (Validations.of(x).acknowledge) honoured; a *.template.json the
manifest does not name is not checked. Another folder is searched for cloud assemblies and
*.template.json files or, when it has none, for every template file in it. A template past a
CloudFormation quota (500 resources, 200 outputs/parameters/mappings, 1 MB) gets a warning.

Options:
  --aws-solutions   also run cdk-nag's AwsSolutions pack
  --json FILE       write the findings as JSON to FILE
  --sarif FILE      write the findings as SARIF 2.1.0 to FILE (for code-scanning tools)
  -h, --help        show this help

Exit status: 1 when an error finding is present, 0 otherwise, 2 for usage errors and when nothing
could be checked (no template found, or none could be loaded: the reason is printed per file).
Rules: see RULES.md in the package.

       cdk-cloud-native-patterns decide <input.json> [--json FILE] [--markdown FILE]

Decides the topology (single region, backup and restore, pilot light, warm, hot standby,
active-active) from a JSON file of TopologyDecisionInput ({ "workloadName", "region",
"revenuePerHourUsd", "compute": { "tasks" }, ... }; see the README, "Choosing a topology"), without a
CDK app. Prints the comparison as Markdown; --json and --markdown also write it to files.
Exit status: 0, or 2 when the file cannot be read or the input is wrong (each field named).`;

/** Parses the arguments after the program name. Throws UsageError. */
export function parseArgs(argv: string[]): CheckCommand | DecideCommand | HelpCommand {
  if (argv.length === 0) throw new UsageError('missing command');
  if (argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === 'decide') return parseDecide(rest);
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
  const paths: string[] = [];
  let awsSolutions = false;
  let json: string | undefined;
  let sarif: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--aws-solutions') {
      awsSolutions = true;
    } else if (arg === '--json' || arg === '--sarif') {
      const file = rest[i + 1];
      if (file === undefined || file.startsWith('--')) throw new UsageError(`${arg} needs a file name`);
      if (arg === '--json') json = file;
      else sarif = file;
      i++;
    } else if (arg.startsWith('--json=')) {
      json = arg.slice('--json='.length);
    } else if (arg.startsWith('--sarif=')) {
      sarif = arg.slice('--sarif='.length);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('give at least one template file or cdk.out folder');
  return { command: 'check', paths, awsSolutions, json, sarif };
}

function parseDecide(rest: string[]): DecideCommand {
  const inputs: string[] = [];
  let json: string | undefined;
  let markdown: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json' || arg === '--markdown') {
      const file = rest[i + 1];
      if (file === undefined || file.startsWith('--')) throw new UsageError(`${arg} needs a file name`);
      if (arg === '--json') json = file;
      else markdown = file;
      i++;
    } else if (arg.startsWith('--json=')) {
      json = arg.slice('--json='.length);
    } else if (arg.startsWith('--markdown=')) {
      markdown = arg.slice('--markdown='.length);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length !== 1) throw new UsageError(`decide takes one input file, got ${inputs.length}`);
  return { command: 'decide', input: inputs[0], json, markdown };
}
