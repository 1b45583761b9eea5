export { CliExitCode, parseCommandLine } from './parse-command-line';
