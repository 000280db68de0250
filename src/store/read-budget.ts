import { scimError, type ScimError } from '../scim/errors.js';

/** The default time a heavy read may take (`--read-budget-ms`), in milliseconds. */
export const DEFAULT_READ_BUDGET_MS = 10_000;

/** The SCIM error of a read stopped at its time budget: 400 tooMany, with what the client can do about it. */
export function overBudgetError(budgetMs: number): ScimError {
  return scimError.tooMany(
    `The query needs more work than a read may take here (${budgetMs} ms). Filter by an indexed attribute ` +
      '(userName, externalId, id, displayName, emails.value, meta.created or meta.lastModified), or use simpler conditions.',
  );
}
