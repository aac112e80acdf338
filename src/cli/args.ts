/** What the command line asked for. */
export interface CheckCommand {
  readonly command: 'check';
  readonly paths: string[];
  readonly awsSolutions: boolean;
  readonly json?: string;
  readonly sarif?: string;
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

Loads each CloudFormation template (JSON or YAML) with CfnInclude into its own stack and runs the
CloudNative and CloudNativeCost rule packs on it. A folder is searched for *.template.json (a cdk.out
cloud assembly) or, when it has none, for every template file in it.

Options:
  --aws-solutions   also run cdk-nag's AwsSolutions pack
  --json FILE       write the findings as JSON to FILE
  --sarif FILE      write the findings as SARIF 2.1.0 to FILE (for code-scanning tools)
  -h, --help        show this help

Exit status: 1 when an error finding is present, 0 otherwise, 2 for usage errors.
Rules: see RULES.md in the package.`;

/** Parses the arguments after the program name. Throws UsageError. */
export function parseArgs(argv: string[]): CheckCommand | HelpCommand {
  if (argv.length === 0) throw new UsageError('missing command');
  if (argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
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
