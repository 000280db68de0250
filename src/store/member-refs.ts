/** A member of a group as the store returns it; `display` comes from the member's own record. */
export interface MemberRef {
  value: string;
  type: 'User' | 'Group';
  display?: string;
}

/** A group a user belongs to (directly), for the User `groups` attribute. */
export interface GroupRef {
  value: string;
  display?: string;
}
