import { provError } from '../../errors.js';
import { genericTemplate } from './generic.js';
import { howspaceTemplate } from './howspace.js';
import { officespaceTemplate } from './officespace.js';
import { spaceiqTemplate } from './spaceiq.js';
import type { AppTemplate } from './template-types.js';

/** The gallery, in the order the console shows it. */
export const TEMPLATES: readonly AppTemplate[] = [spaceiqTemplate, officespaceTemplate, howspaceTemplate, genericTemplate];

/** A template by id (case-insensitive), or a clear error listing the ones there are. */
export function templateById(id: string): AppTemplate {
  const t = TEMPLATES.find((x) => x.id === id.trim().toLowerCase());
  if (!t) throw provError.invalid(`unknown template ${JSON.stringify(id)}: choose one of ${TEMPLATES.map((x) => x.id).join(', ')}`);
  // A deep copy: callers edit the mappings they get.
  return structuredClone(t);
}
