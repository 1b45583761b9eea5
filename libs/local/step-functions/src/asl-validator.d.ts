// asl-validator@4 ships no type declarations; this is the part the runner uses (module.exports = validator).
declare module 'asl-validator' {
  interface ValidationResult {
    readonly isValid: boolean;
    readonly errorsText: (separator?: string) => string;
  }
  function validator(definition: unknown, options?: { readonly checkPaths?: boolean; readonly checkArn?: boolean }): ValidationResult;
  export = validator;
}
