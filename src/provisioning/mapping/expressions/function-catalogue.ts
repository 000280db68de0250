import { functionLibrary } from './function-library.js';

/** One function as the console's expression editor lists it. */
export interface FunctionInfo {
  name: string;
  parameters: { name: string; required: boolean; repeats: boolean }[];
  /** One line on what it returns. */
  description: string;
}

/** The functions of the expression language with their parameters, for the console's expression editor and the admin API. */
export const functionCatalogue: readonly FunctionInfo[] = functionLibrary.map((f) => ({
  name: f.name,
  parameters: f.params.map((p) => ({ name: p.name, required: p.required, repeats: p.repeats === true })),
  description: f.description,
}));
