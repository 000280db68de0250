#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm install` or `npm run build`) when it is current; otherwise the
// TypeScript sources through tsx, so a checkout whose sources changed since the last build still runs them.
import { buildIsCurrent, builtEntry } from '../scripts/built.js';

if (buildIsCurrent()) {
  await import(builtEntry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
