// What the expression and scoping-filter editors ask the admin API (src/server/admin/editor-routes.ts),
// built on whatever makes the console's requests, so the editors do not care how it signs them.
import type { ScopingClause, ScopingFilter } from '../../../../../src/provisioning/scoping/scoping-filter.js';

/** Any admin API request: a path under /admin/v1, an optional JSON body; resolves to the parsed answer, rejects with an Error saying what went wrong. */
export type AdminRequest = <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<T>;

/** Users and groups are mapped and scoped with different attributes. */
export type ObjectKind = 'User' | 'Group';

/** One function of the expression language, as the API lists it. */
export interface FunctionInfo {
  name: string;
  parameters: { name: string; required: boolean; repeats: boolean }[];
  description: string;
}

/** One source attribute name (Entra's name) with what it reads. */
export interface AttributeInfo {
  name: string;
  reads?: string;
  description?: string;
}

/** One scoping operator, as Entra ID spells it. */
export interface OperatorInfo {
  name: string;
  arity: 'unary' | 'binary';
  valueKind: 'none' | 'text' | 'integer' | 'regex';
  description: string;
}

/** One problem in an expression, with where it is and what the parser expected there. */
export interface ExpressionProblem {
  message: string;
  position: number;
  line: number;
  column: number;
  expected?: string[] | string;
}

/** The answer to an expression check, with the preview value when a user or group was chosen. */
export interface EvaluateAnswer {
  valid: boolean;
  errors: ExpressionProblem[];
  value?: unknown;
  redacted?: boolean;
  ignoreFlow?: boolean;
}

// The engine's scoping filter shapes, as the API takes and returns them (type-only).
export type { ScopingClause, ScopingFilter };

/** One problem in scoping filters, located by filter, clause and field. */
export interface ScopingProblem {
  filter: number;
  clause: number;
  field: 'attribute' | 'operator' | 'value';
  message: string;
}

/** A directory user or group to preview an expression on. */
export interface SamplePrincipal {
  id: string;
  name: string;
}

/** The calls the editors make; one object, so a page builds it once from its request function. */
export interface EditorApi {
  functions(): Promise<FunctionInfo[]>;
  attributes(kind: ObjectKind): Promise<AttributeInfo[]>;
  operators(): Promise<OperatorInfo[]>;
  evaluate(input: { kind: ObjectKind; expression: string; app?: string; source?: string }): Promise<EvaluateAnswer>;
  validateScoping(kind: ObjectKind, filters: ScopingFilter[]): Promise<ScopingProblem[]>;
  /** Users (or groups) of a tenant whose name contains the text, for choosing a preview sample. */
  searchPrincipals(tenant: string, kind: ObjectKind, text: string): Promise<SamplePrincipal[]>;
}

// Lists that never change while the console runs are fetched once per request function.
const cache = new WeakMap<AdminRequest, Map<string, Promise<unknown>>>();
function once<T>(request: AdminRequest, key: string, load: () => Promise<T>): Promise<T> {
  let m = cache.get(request);
  if (!m) cache.set(request, (m = new Map()));
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    m.set(key, p);
    p.catch(() => m!.delete(key));
  }
  return p;
}

/** The editors' calls over a request function (the console's session client, or a test's admin-key client). */
export function editorApi(request: AdminRequest): EditorApi {
  return {
    functions: () => once(request, 'functions', async () => (await request<{ functions: FunctionInfo[] }>('GET', '/expressions/functions')).functions),
    attributes: (kind) => once(request, `attributes:${kind}`, async () => (await request<{ attributes: AttributeInfo[] }>('GET', `/attributes?kind=${kind}`)).attributes),
    operators: () => once(request, 'operators', async () => (await request<{ operators: OperatorInfo[] }>('GET', '/scoping/operators')).operators),
    evaluate: (input) => request<EvaluateAnswer>('POST', '/expressions/evaluate', input),
    validateScoping: async (kind, filters) => (await request<{ problems: ScopingProblem[] }>('POST', '/scoping/validate', { kind, filters })).problems,
    searchPrincipals: async (tenant, kind, text) => {
      const segment = kind === 'User' ? 'users' : 'groups';
      const q = new URLSearchParams({ count: '10', ...(text.trim() ? { search: text.trim() } : {}) });
      const page = await request<{ Resources?: { id: string; userName?: string; displayName?: string }[] }>('GET', `/tenants/${encodeURIComponent(tenant)}/${segment}?${q}`);
      return (page.Resources ?? []).map((r) => ({ id: r.id, name: r.userName ?? r.displayName ?? r.id }));
    },
  };
}
