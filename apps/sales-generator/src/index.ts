import { salesGeneratorHandler } from '@sales-pipeline/sales-generation';

// Built at cold start: a misconfigured environment fails the initialisation, naming the variable.
export const handler = salesGeneratorHandler(process.env);
