// The app pages' calls to the admin API, over the console's one client (session cookie, CSRF token on writes).
import { api, call, seg } from '../../api/client.js';
import type { App, AppMappings, AppStatusReport, Assignment, LogRecord, PlannedAction, Template, Tenant, TestResult } from './app-types.js';
import { editorApi, type AdminRequest } from './editors/editor-api.js';

const request: AdminRequest = (method, path, body) => call(method, path, body === undefined ? {} : { body });

/** The expression and scoping editors' calls, signed like every other console call. */
export const consoleEditorApi = editorApi(request);

/** What a provisioning log query filters on. */
export interface LogQuery {
  since?: string;
  action?: string;
  status?: string;
  identity?: string;
}

/** Every call the app pages make. */
export const appApi = {
  templates: async () => (await api.get<{ templates: Template[] }>('/templates')).templates,
  tenants: async () => (await api.get<{ tenants: Tenant[] }>('/tenants')).tenants,
  list: async () => (await api.get<{ apps: App[] }>('/apps')).apps,
  get: async (app: string) => (await api.get<{ app: App }>(`/apps/${seg(app)}`)).app,
  create: async (body: { tenant: string; name: string; template: string; targetUrl: string; token: string; settings?: Partial<App['settings']> }) => (await api.post<{ app: App }>('/apps', body)).app,
  update: async (app: string, body: { name?: string; targetUrl?: string; token?: string; settings?: Partial<App['settings']> }) => (await api.patch<{ app: App }>(`/apps/${seg(app)}`, body)).app,
  remove: (app: string) => api.delete(`/apps/${seg(app)}`),
  testNew: (body: { template: string; targetUrl: string; token: string }) => api.post<TestResult>('/test-connection', body),
  test: (app: string, body: { targetUrl?: string; token?: string }) => api.post<TestResult>(`/apps/${seg(app)}/test`, body),
  setMappings: async (app: string, m: AppMappings) => (await api.put<{ app: App }>(`/apps/${seg(app)}/mappings`, m)).app,
  restoreMappings: async (app: string) => (await api.post<{ app: App }>(`/apps/${seg(app)}/mappings/restore`)).app,
  start: (app: string) => api.post(`/apps/${seg(app)}/start`),
  stop: (app: string) => api.post(`/apps/${seg(app)}/stop`),
  restart: (app: string) => api.post(`/apps/${seg(app)}/restart`),
  syncNow: (app: string) => api.post(`/apps/${seg(app)}/sync`, {}),
  dryRun: (app: string) => api.post<{ actions: PlannedAction[]; counts: Record<string, number>; heldByGuard: boolean }>(`/apps/${seg(app)}/sync`, { dryRun: true }),
  provision: (app: string, who: { user: string } | { group: string }) => api.post<{ cycleId: string; records: LogRecord[]; error: string | null }>(`/apps/${seg(app)}/provision`, who),
  status: (app: string, signal?: AbortSignal) => api.get<AppStatusReport>(`/apps/${seg(app)}/status`, undefined, signal),
  approveDeletes: (app: string) => api.post<{ approved: number }>(`/apps/${seg(app)}/deletes/approve`),
  rejectDeletes: (app: string) => api.post<{ rejected: number }>(`/apps/${seg(app)}/deletes/reject`),
  assignments: async (app: string) => (await api.get<{ assignments: Assignment[] }>(`/apps/${seg(app)}/assignments`)).assignments,
  assign: (app: string, body: { user?: string; group?: string; role?: string }) => api.post(`/apps/${seg(app)}/assignments`, body),
  unassign: (app: string, principal: string) => api.delete(`/apps/${seg(app)}/assignments/${seg(principal)}`),
  logs: async (app: string, q: LogQuery, signal?: AbortSignal) => (await api.get<{ records: LogRecord[] }>(`/apps/${seg(app)}/logs`, { ...q, limit: 200 }, signal)).records,
};

/** The export link of an app's logs with the same filters: a plain GET the browser downloads with the session cookie. */
export function logsExportHref(app: string, q: LogQuery, format: 'csv' | 'json'): string {
  const qs = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(q)) if (v) qs.set(k, v);
  return `/admin/v1/apps/${seg(app)}/logs?${qs}`;
}
