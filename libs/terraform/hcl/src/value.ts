/** A Terraform value as the evaluator produces it. */
export type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };

export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
