// The SCIM shapes the directory pages read and write, and the user form's mapping to and from them.

/** The enterprise extension's schema URN (department). */
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A SCIM user as the pages read it. */
export interface ScimUser {
  id: string;
  userName: string;
  displayName?: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  emails?: { value: string; type?: string; primary?: boolean }[];
  title?: string;
  active?: boolean;
  externalId?: string;
  groups?: { value: string; display?: string }[];
  [ENTERPRISE]?: { department?: string; employeeNumber?: string; manager?: { value?: string; displayName?: string } };
  meta?: { created?: string; lastModified?: string };
}

/** A SCIM group as the pages read it. */
export interface ScimGroup {
  id: string;
  displayName: string;
  externalId?: string;
  members?: { value: string; display?: string; type?: string }[];
  meta?: { created?: string; lastModified?: string };
}

/** What to call a user: the display name, else given and family name. */
export const displayNameOf = (u: ScimUser) => u.displayName ?? [u.name?.givenName, u.name?.familyName].filter(Boolean).join(' ');

/** The user form's fields. */
export interface UserForm {
  userName: string;
  givenName: string;
  familyName: string;
  displayName: string;
  email: string;
  title: string;
  department: string;
  active: boolean;
}

/** An empty form for a new user. */
export const EMPTY_USER: UserForm = { userName: '', givenName: '', familyName: '', displayName: '', email: '', title: '', department: '', active: true };

/** The primary (else first) e-mail of a user. */
export const primaryEmail = (u: ScimUser) => (u.emails?.find((e) => e.primary) ?? u.emails?.[0])?.value ?? '';

/** A user's form values. */
export function formOf(u: ScimUser): UserForm {
  return {
    userName: u.userName,
    givenName: u.name?.givenName ?? '',
    familyName: u.name?.familyName ?? '',
    displayName: u.displayName ?? '',
    email: primaryEmail(u),
    title: u.title ?? '',
    department: u[ENTERPRISE]?.department ?? '',
    active: u.active !== false,
  };
}

/** The SCIM document of a new user. */
export function newUserDoc(f: UserForm): Record<string, unknown> {
  const t = (s: string) => s.trim() || undefined;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ...(t(f.department) ? [ENTERPRISE] : [])],
    userName: f.userName.trim(),
    ...(t(f.givenName) || t(f.familyName) ? { name: { givenName: t(f.givenName), familyName: t(f.familyName) } } : {}),
    ...(t(f.displayName) ? { displayName: t(f.displayName) } : {}),
    ...(t(f.email) ? { emails: [{ value: t(f.email), type: 'work', primary: true }] } : {}),
    ...(t(f.title) ? { title: t(f.title) } : {}),
    ...(t(f.department) ? { [ENTERPRISE]: { department: t(f.department) } } : {}),
    active: f.active,
  };
}

type Op = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

/** The PatchOp that turns `before` into `after`: only the changed fields, so nothing else of the user is touched. */
export function userPatch(before: UserForm, after: UserForm): { schemas: string[]; Operations: Op[] } {
  const ops: Op[] = [];
  const field = (path: string, a: string, b: string) => {
    if (a.trim() === b.trim()) return;
    ops.push(b.trim() ? { op: 'replace', path, value: b.trim() } : { op: 'remove', path });
  };
  field('userName', before.userName, after.userName);
  field('name.givenName', before.givenName, after.givenName);
  field('name.familyName', before.familyName, after.familyName);
  field('displayName', before.displayName, after.displayName);
  field('title', before.title, after.title);
  field(`${ENTERPRISE}:department`, before.department, after.department);
  if (before.email.trim() !== after.email.trim()) ops.push(after.email.trim() ? { op: 'replace', path: 'emails', value: [{ value: after.email.trim(), type: 'work', primary: true }] } : { op: 'remove', path: 'emails' });
  if (before.active !== after.active) ops.push({ op: 'replace', path: 'active', value: after.active });
  return { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops };
}

/** The PatchOp that sets `active`. */
export const activePatch = (active: boolean) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: active }] });
