import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminRequest } from '../../../../../test/support/admin-request.js';
import { editorApi, type EditorApi } from './editor-api.js';
import { ExpressionEditor } from './expression-editor.js';

// The expression editor against the real admin API: checks as you type, marks the error position, previews on a real user.
describe('ExpressionEditor', () => {
  const server = inject('adminApi');
  const request = adminRequest(server);
  const api: EditorApi = editorApi(request);
  let appId: string;

  beforeAll(async () => {
    await request('POST', `/tenants/${server.source}/users`, { userName: 'ada@corp.example', name: { givenName: 'Ada', familyName: 'Lovelace' } });
    appId = (await request<{ app: { id: string } }>('POST', '/apps', { tenant: server.source, name: 'Expression editor test', template: 'howspace', targetUrl: server.targetUrl, token: server.targetToken })).app.id;
  });
  afterEach(cleanup);

  function Harness(props: { initial: string; app?: string; tenant?: string; onValidity?(v: boolean): void }) {
    const [value, setValue] = useState(props.initial);
    return <ExpressionEditor api={api} value={value} onChange={setValue} app={props.app} tenant={props.tenant} onValidity={props.onValidity} debounceMs={50} />;
  }

  it('says a valid expression is valid', async () => {
    const seen: boolean[] = [];
    render(<Harness initial='Join(" ", [givenName], [surname])' onValidity={(v) => seen.push(v)} />);
    await screen.findByText('The expression is valid.');
    expect(seen).toEqual([true]);
  });

  it('shows the error position and what was expected, and the button moves the cursor there', async () => {
    render(<Harness initial='Join(" ", [givenName] [surname])' />);
    const status = await screen.findByText(/Column 23:/);
    expect(status.textContent).toMatch(/expected/i);
    const box = screen.getByLabelText('Expression') as HTMLTextAreaElement;
    expect(box.getAttribute('aria-invalid')).toBe('true');
    // The marker highlights the character at the error: the "[" of [surname].
    expect(document.querySelector('mark.ed-marker-at')?.textContent).toBe('[');
    fireEvent.click(screen.getByRole('button', { name: 'Go to the error' }));
    expect(box.selectionStart).toBe(22);
  });

  it('checks again after typing pauses, and names the function meant by a misspelt one', async () => {
    render(<Harness initial="ToUpper([surname])" />);
    await screen.findByText('The expression is valid.');
    fireEvent.change(screen.getByLabelText('Expression'), { target: { value: 'ToUpperr([surname])' } });
    expect(screen.getByText('Checking…')).toBeTruthy();
    const problem = await screen.findByText(/unknown function/i, { selector: 'li' });
    expect(problem.textContent).toMatch(/"ToUpperr".*ToUpper\b/);
  });

  it('previews the result on a user of the app directory, and says when the user does not exist', async () => {
    render(<Harness initial='Join(" ", ToUpper([surname]), [givenName])' app={appId} tenant={server.source} />);
    const sample = screen.getByLabelText(/Preview on a user/);
    fireEvent.change(sample, { target: { value: 'ada@corp.example' } });
    await screen.findByText('LOVELACE Ada');
    fireEvent.change(sample, { target: { value: 'nobody@corp.example' } });
    expect(await screen.findByText(/No preview: .*nobody@corp\.example/)).toBeTruthy();
    // The expression itself is still checked.
    expect(screen.getByText('The expression is valid.')).toBeTruthy();
  });

  it('inserts a function or an attribute at the cursor', async () => {
    render(<Harness initial="" />);
    const box = screen.getByLabelText('Expression') as HTMLTextAreaElement;
    fireEvent.click(await screen.findByRole('button', { name: 'Insert ToLower' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Insert attribute mail' }));
    await act(async () => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    expect(box.value).toBe('ToLower([mail]');
  });
});
