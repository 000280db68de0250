// Scoping filters (Entra ID's attribute-based scope): the one import for the engine.

/** The filter shape stored with an app. */
export type { ScopingClause, ScopingFilter } from './scoping-filter.js';
/** Checking filters before they are saved. */
export { validateScopingFilters, type ScopingValidationOptions } from './validate-scoping.js';
/** Evaluating filters for one object. */
export { evaluateScoping, type ClauseOutcome, type ScopingOutcome } from './evaluate-scoping.js';
/** The operator list for the console. */
export { findScopingOperator, scopingOperators, type OperatorArity, type ScopingOperatorInfo } from './scoping-operators.js';
/** Problems and the error that carries them. */
export { ScopingError, type ScopingProblem } from './scoping-errors.js';
