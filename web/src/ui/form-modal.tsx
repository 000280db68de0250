import type { ReactNode } from 'react';
import { Button } from './button.js';
import { Modal } from './modal.js';
import { ErrorNotice } from './notice.js';

/**
 * A dialog that is one form, as every "New …" dialog of the console is: why the last try failed, the
 * fields, then Cancel and the submit button (busy while the action runs, off until the form can be sent).
 */
export function FormModal(props: { open: boolean; title: string; onClose: () => void; onSubmit: () => void; error: unknown; errorTitle: string; busy: boolean; canSubmit: boolean; submitLabel: string; children: ReactNode }) {
  return (
    <Modal open={props.open} title={props.title} onClose={props.onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <ErrorNotice error={props.error} title={props.errorTitle} />
        {props.children}
        <div className="form-actions">
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={props.busy} disabled={!props.canSubmit}>
            {props.submitLabel}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
