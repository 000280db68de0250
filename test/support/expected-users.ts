/**
 * What each gallery template sends for a source user, written out from the templates' attribute tables
 * (not computed by the engine's mapper), so a test can state the exact target document it expects.
 */
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The templates the engine ships. */
export type TemplateId = 'spaceiq' | 'officespace' | 'howspace' | 'generic';

/** A source user's facts, in the source's SCIM attribute names; `manager` is the manager's userName. */
export interface UserFacts {
  userName: string;
  active: boolean;
  givenName: string;
  familyName: string;
  displayName: string;
  title?: string;
  /** The work e-mail. */
  mail?: string;
  mobile?: string;
  department?: string;
  manager?: string;
}

/** A source user document for these facts (what Entra ID would have written into the source tenant). */
export function sourceUserDoc(f: Omit<UserFacts, 'userName' | 'manager'> & { managerId?: string }): Record<string, unknown> {
  return {
    active: f.active,
    name: { givenName: f.givenName, familyName: f.familyName },
    displayName: f.displayName,
    ...(f.title ? { title: f.title } : {}),
    ...(f.mail ? { emails: [{ value: f.mail, type: 'work', primary: true }] } : {}),
    ...(f.mobile ? { phoneNumbers: [{ value: f.mobile, type: 'mobile' }] } : {}),
    ...(f.department || f.managerId
      ? {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
          [ENTERPRISE]: { ...(f.department ? { department: f.department } : {}), ...(f.managerId ? { manager: { value: f.managerId } } : {}) },
        }
      : {}),
  };
}

function enterprise(f: UserFacts, withManager: boolean): Record<string, unknown> {
  const ent = { ...(f.department ? { department: f.department } : {}), ...(withManager && f.manager ? { manager: f.manager } : {}) };
  return Object.keys(ent).length ? { [ENTERPRISE]: ent } : {};
}

/** The target user a template sends for these facts, in the shape of `TargetState` (manager by userName). */
export function expectedTargetUser(template: TemplateId, f: UserFacts): Record<string, unknown> {
  const externalId = f.userName.split('@')[0];
  const work = f.mail ? { emails: [{ value: f.mail, type: 'work' }] } : {};
  const mobile = f.mobile ? { phoneNumbers: [{ value: f.mobile, type: 'mobile' }] } : {};
  const title = f.title ? { title: f.title } : {};
  switch (template) {
    case 'spaceiq':
      return { userName: f.userName, active: f.active, displayName: f.displayName, ...work, name: { givenName: f.givenName, familyName: f.familyName }, ...title, externalId, ...enterprise(f, true) };
    case 'officespace':
      return { userName: f.userName, active: f.active, displayName: f.displayName, ...work, name: { givenName: f.givenName, familyName: f.familyName }, ...title, externalId, ...enterprise(f, false) };
    case 'howspace':
      return { userName: f.userName, active: f.active, name: { givenName: f.givenName, familyName: f.familyName }, ...mobile, externalId };
    case 'generic':
      return {
        userName: f.userName,
        active: f.active,
        displayName: f.displayName,
        ...title,
        ...work,
        name: { givenName: f.givenName, familyName: f.familyName, formatted: `${f.givenName} ${f.familyName}` },
        ...mobile,
        externalId,
        ...enterprise(f, true),
      };
  }
}

/** Whether a template provisions groups. */
export function templateHasGroups(template: TemplateId): boolean {
  return template !== 'spaceiq';
}
