import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { adminRequest } from '../../../../../test/support/admin-request.js';
import { editorApi, type ScopingFilter } from './editor-api.js';
import { ScopingEditor } from './scoping-editor.js';

// The scoping-filter editor against the real admin API: filters OR-ed, clauses AND-ed, Entra's operators, problems beside their field.
describe('ScopingEditor', () => {
  const api = editorApi(adminRequest(inject('adminApi')));
  afterEach(cleanup);

  function Harness({ initial, seen }: { initial: ScopingFilter[]; seen?: { filters: ScopingFilter[]; valid: boolean[] } }) {
    const [value, setValue] = useState(initial);
    return (
      <ScopingEditor
        api={api}
        value={value}
        onChange={(v) => {
          setValue(v);
          if (seen) seen.filters = v;
        }}
        onValidity={(v) => seen?.valid.push(v)}
        debounceMs={50}
      />
    );
  }

  it("offers Entra's operators and builds filters OR-ed of clauses AND-ed", async () => {
    const seen = { filters: [] as ScopingFilter[], valid: [] as boolean[] };
    render(<Harness initial={[]} seen={seen} />);
    await screen.findByText(/No scoping filters/);
    fireEvent.click(screen.getByRole('button', { name: 'Add scoping filter' }));
    const op = (await screen.findByLabelText('Operator, filter 1, clause 1')) as HTMLSelectElement;
    const names = [...op.options].map((o) => o.value);
    expect(names).toEqual(expect.arrayContaining(['EQUALS', 'NOT EQUALS', 'IS TRUE', 'IS FALSE', 'IS NULL', 'IS NOT NULL', 'REGEX MATCH', 'NOT REGEX MATCH', 'Greater_Than', 'Greater_Than_OR_EQUALS', 'Includes', 'Not Includes']));
    fireEvent.change(screen.getByLabelText('Attribute, filter 1, clause 1'), { target: { value: 'department' } });
    fireEvent.change(screen.getByLabelText('Value, filter 1, clause 1'), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add clause (AND)' }));
    fireEvent.change(screen.getByLabelText('Attribute, filter 1, clause 2'), { target: { value: 'jobTitle' } });
    fireEvent.change(screen.getByLabelText('Operator, filter 1, clause 2'), { target: { value: 'IS NOT NULL' } });
    // A unary operator has no value box, and the clause carries no value.
    expect(screen.queryByLabelText('Value, filter 1, clause 2')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add scoping filter (OR)' }));
    fireEvent.change(screen.getByLabelText('Attribute, filter 2, clause 1'), { target: { value: 'employeeId' } });
    fireEvent.change(screen.getByLabelText('Operator, filter 2, clause 1'), { target: { value: 'Greater_Than' } });
    fireEvent.change(screen.getByLabelText('Value, filter 2, clause 1'), { target: { value: '1000' } });
    await screen.findByText('The filters are valid.');
    expect(seen.valid.at(-1)).toBe(true);
    expect(seen.filters).toEqual([
      { clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'Sales' }, { attribute: 'jobTitle', operator: 'IS NOT NULL' }] },
      { clauses: [{ attribute: 'employeeId', operator: 'Greater_Than', value: '1000' }] },
    ]);
  });

  it('shows each problem beside its field and marks the field invalid', async () => {
    const seen = { filters: [] as ScopingFilter[], valid: [] as boolean[] };
    render(
      <Harness
        seen={seen}
        initial={[
          { title: 'Sales', clauses: [{ attribute: 'departmnet', operator: 'EQUALS', value: 'Sales' }] },
          { clauses: [{ attribute: 'employeeId', operator: 'Greater_Than', value: 'ten' }, { attribute: 'mail', operator: 'REGEX MATCH', value: '(' }] },
        ]}
      />,
    );
    await screen.findByText('3 problems to fix before saving.');
    expect(seen.valid).toEqual([false]);
    const attr = screen.getByLabelText('Attribute, filter 1, clause 1');
    expect(attr.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(attr.getAttribute('aria-describedby')!)?.textContent).toMatch(/unknown User attribute "departmnet"/);
    const value = screen.getByLabelText('Value, filter 2, clause 1');
    expect(document.getElementById(value.getAttribute('aria-describedby')!)?.textContent).toMatch(/not an integer/);
    expect(screen.getByLabelText('Value, filter 2, clause 2').getAttribute('aria-invalid')).toBe('true');
    // Fixing the attribute clears its problem after the next check.
    fireEvent.change(attr, { target: { value: 'department' } });
    await screen.findByText('2 problems to fix before saving.');
    expect(attr.getAttribute('aria-invalid')).toBeNull();
    // Removing the clauses at fault leaves valid filters.
    const second = screen.getByRole('group', { name: /Scoping filter 2/ });
    fireEvent.click(within(second).getByRole('button', { name: 'Remove clause 2 of filter 2' }));
    fireEvent.change(screen.getByLabelText('Value, filter 2, clause 1'), { target: { value: '10' } });
    await screen.findByText('The filters are valid.');
    expect(seen.valid.at(-1)).toBe(true);
  });

  it('refuses a filter without clauses', async () => {
    render(<Harness initial={[{ clauses: [{ attribute: 'department', operator: 'EQUALS', value: 'x' }] }]} />);
    await screen.findByText('The filters are valid.');
    fireEvent.click(screen.getByRole('button', { name: 'Remove clause 1 of filter 1' }));
    expect(await screen.findByText(/needs at least one clause/)).toBeTruthy();
  });
});
