// Mapping source and target names are SCIM attribute paths; this module is the one place the engine imports them from.

/** The parsed form of a mapping source or target name. */
export type { MappingPath, ValueSelector } from './mapping-path.js';
/** Parsing, printing and schema checks of mapping paths. */
export { formatMappingPath, isSchemaPath, parseMappingPath } from './parse-mapping-path.js';
/** Reading and writing a mapping path's value in a SCIM resource. */
export { readPath, writePath } from './path-values.js';
