import * as TE from 'fp-ts/TaskEither';

/** Why the local pipeline did not start; nothing it started is left running. */
export type StartProblem =
  | { readonly _tag: 'DeploymentUnreadable'; readonly workspace: string; readonly message: string }
  | { readonly _tag: 'UnknownFaultTarget'; readonly message: string }
  | { readonly _tag: 'ResourceCreationFailed'; readonly resource: string; readonly message: string }
  | { readonly _tag: 'StartFailed'; readonly what: string; readonly message: string };

export const describeStartProblem = (problem: StartProblem): string => {
  switch (problem._tag) {
    case 'DeploymentUnreadable':
      return `cannot read the Terraform for workspace ${problem.workspace}: ${problem.message}`;
    case 'UnknownFaultTarget':
      return problem.message;
    case 'ResourceCreationFailed':
      return `cannot create ${problem.resource} on the emulators: ${problem.message}`;
    case 'StartFailed':
      return `cannot start ${problem.what}: ${problem.message}`;
  }
};

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const startFailed =
  (what: string) =>
  (error: unknown): StartProblem => ({ _tag: 'StartFailed', what, message: errorMessage(error) });

/** The one place a Left becomes an exception: where a Promise API (a caller's await, a port of the runner) forces it. */
export const orThrow =
  <E>(toError: (problem: E) => Error) =>
  async <A>(task: TE.TaskEither<E, A>): Promise<A> => {
    const result = await task();
    if (result._tag === 'Left') throw toError(result.left);
    return result.right;
  };
