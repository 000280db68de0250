import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../../test/support/expression-eval.js';

describe('app role functions', () => {
  it('SingleAppRoleAssignment gives one role name, the same whatever the order', async () => {
    expect(await valueOf('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: ['User'] })).toBe('User');
    expect(await valueOf('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: ['Writer', 'Admin'] })).toBe('Admin');
    expect(await valueOf('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: ['Admin', 'Writer'] })).toBe('Admin');
    expect(await valueOf('SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: [] })).toBeNull();
  });

  it('AppRoleAssignmentsComplex gives every role in Entra\'s complex shape', async () => {
    expect(await valueOf('AppRoleAssignmentsComplex([appRoleAssignments])', { appRoleAssignments: ['Writer', 'Admin', 'Admin'] })).toEqual([
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Admin', value: 'Admin' },
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Writer', value: 'Writer' },
    ]);
    expect(await valueOf('AssertiveAppRoleAssignmentsComplex([appRoleAssignments])', { appRoleAssignments: ['A'] })).toEqual([
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'A', value: 'A' },
    ]);
    expect(await valueOf('AppRoleAssignmentsComplex([appRoleAssignments])')).toBeNull();
  });
});
