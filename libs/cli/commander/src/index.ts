export { CliExitCode, parseCommandLine } from './parse-command-line';
export { tolerateClosedOutput } from './closed-output';
