import { matchesValueFilter } from '../scim/filter/evaluate-filter.js';
import { groupSchema } from '../scim/schema/group-schema.js';
import type { MemberMatcher } from '../store/memberships.js';

const membersDef = groupSchema.attributes.find((a) => a.name === 'members')!;

/** Lets the store evaluate `members[...]` PATCH filters with the SCIM core's evaluator, without depending on HTTP. */
export const memberMatcher: MemberMatcher = (member, filter) =>
  matchesValueFilter('Group', membersDef, member as unknown as Record<string, unknown>, filter);
