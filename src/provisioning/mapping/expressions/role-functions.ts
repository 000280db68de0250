import { defineFunction, type FunctionDef } from './function-types.js';
import { isNull, textOf, type Value } from './values.js';

/** The role type Entra sends in a complex `roles` value. */
export const ENTRA_ROLE_TYPE = 'WindowsAzureActiveDirectoryRole';

/** Role names from [appRoleAssignments], sorted so the same assignments always give the same result. */
function roleNames(v: Value): string[] {
  if (isNull(v)) return [];
  const list = Array.isArray(v) ? v : [v];
  return [...new Set(list.filter((r) => !isNull(r)).map((r) => textOf(r)!))].sort();
}

function complexRoles(v: Value): Value {
  const names = roleNames(v);
  return names.length === 0 ? null : names.map((name) => ({ primary: false, type: ENTRA_ROLE_TYPE, display: name, value: name }));
}

/** App role functions: SingleAppRoleAssignment, AppRoleAssignmentsComplex, AssertiveAppRoleAssignmentsComplex. */
export const roleFunctions: FunctionDef[] = [
  defineFunction('SingleAppRoleAssignment', "One of the object's app role names (the first in order, when several are assigned).", ['appRoleAssignments'], ([roles]) =>
    roleNames(roles.value())[0] ?? null,
  ),
  defineFunction('AppRoleAssignmentsComplex', 'Every app role as a complex roles value {primary: false, type, display, value}; roles are only added.', ['appRoleAssignments'], ([roles]) =>
    complexRoles(roles.value()),
  ),
  defineFunction('AssertiveAppRoleAssignmentsComplex', 'Like AppRoleAssignmentsComplex, but the target role set is replaced, removing roles no longer assigned.', ['appRoleAssignments'], ([roles]) =>
    complexRoles(roles.value()),
  ),
];
