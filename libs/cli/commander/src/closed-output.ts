/**
 * A reader that went away (`| head -1`) closes stdout or stderr, and a write then fails with EPIPE: the command goes
 * on and ends with its own exit code, quietly, instead of dying on an unhandled 'error' event with a stack trace.
 */
export const tolerateClosedOutput = (streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr]): void => {
  for (const stream of streams)
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
};
