/** A number the evaluated Terraform must give (a variable of the root or of a module): refused by name when it does not. */
export const terraformNumber = (variables: Readonly<Record<string, unknown>>, name: string, where: string): number => {
  const value = variables[name];
  if (typeof value !== 'number') throw new Error(`the Terraform gives ${where} ${name} no number (got ${JSON.stringify(value)})`);
  return value;
};
