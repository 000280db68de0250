// The console's shared UI pieces: import them from here.
export { Button } from './button.js';
export { CopyButton } from './copy-button.js';
export { DataTable, Pager, type Column } from './data-table.js';
export { CheckboxField, Field, SelectField, TextAreaField, TextField, type ControlProps } from './field.js';
export { formatAgo, formatTime } from './format.js';
export { ConfirmDialog, Modal } from './modal.js';
export { FormModal } from './form-modal.js';
export { ErrorNotice, Notice, describeError } from './notice.js';
export { PageHeader } from './page-header.js';
export { ProgressBar } from './progress-bar.js';
