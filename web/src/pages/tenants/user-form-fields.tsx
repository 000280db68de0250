import { CheckboxField, TextField } from '../../ui/index.js';
import type { UserForm } from './scim-resources.js';

/** The user form's inputs, shared by "New user" and "Edit user". */
export function UserFormFields({ value, onChange }: { value: UserForm; onChange: (v: UserForm) => void }) {
  const set = (k: keyof UserForm) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value });
  return (
    <>
      <TextField label="User name" hint="Unique in this tenant, usually the sign-in e-mail." required value={value.userName} onChange={set('userName')} autoComplete="off" />
      <div className="grid-2 grid-tight">
        <TextField label="Given name" value={value.givenName} onChange={set('givenName')} autoComplete="off" />
        <TextField label="Family name" value={value.familyName} onChange={set('familyName')} autoComplete="off" />
      </div>
      <TextField label="Display name" value={value.displayName} onChange={set('displayName')} autoComplete="off" />
      <TextField label="E-mail" type="email" value={value.email} onChange={set('email')} autoComplete="off" />
      <div className="grid-2 grid-tight">
        <TextField label="Job title" value={value.title} onChange={set('title')} autoComplete="off" />
        <TextField label="Department" value={value.department} onChange={set('department')} autoComplete="off" />
      </div>
      <CheckboxField label="Active (can be provisioned and sign in)" checked={value.active} onChange={(e) => onChange({ ...value, active: e.target.checked })} />
    </>
  );
}
