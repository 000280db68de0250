/** One condition on one source attribute: `department EQUALS Sales`, `jobTitle IS NOT NULL`. */
export interface ScopingClause {
  /** A source attribute: an Entra alias (`department`) or a SCIM path (`emails[type eq "work"].value`). */
  attribute: string;
  /** An operator of the catalogue, in any case, with spaces or underscores (`NOT EQUALS`, `Not_Equals`). */
  operator: string;
  /** The operand of binary operators (text; an integer for the numeric comparisons, a .NET regex for REGEX MATCH). */
  value?: string;
}

/** A scoping filter: its clauses are AND-ed; an app's filters are OR-ed. */
export interface ScopingFilter {
  title?: string;
  clauses: ScopingClause[];
}
