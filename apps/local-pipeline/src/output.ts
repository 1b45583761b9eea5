/**
 * A line writer that survives a closed reader: when stdout or stderr is a pipe whose reader has gone (`| head -1`, a
 * tee killed by Ctrl-C), writing fails with EPIPE; the run goes on draining (its summary goes where it still can) and
 * still removes its temporary folders, instead of dying on an unhandled 'error' event.
 */
export const lineWriter = (stream: NodeJS.WritableStream): ((line: string) => void) => {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (line) => {
    if (!closed) stream.write(`${line}\n`);
  };
};

/** stdout and stderr, line by line, closed readers tolerated: for every command of this app. */
export const say = lineWriter(process.stdout);
export const complain = lineWriter(process.stderr);
