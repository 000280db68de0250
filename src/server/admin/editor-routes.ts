import { z } from 'zod';
import { isExpressionError } from '../../provisioning/mapping/mapping-errors.js';
import { evaluateExpression, functionCatalogue, parseExpression, validateExpression } from '../../provisioning/mapping/expressions/index.js';
import { isKnownSourceAttribute, resolveSourceAttribute, sourceAttributeAliases, type SourceObject } from '../../provisioning/mapping/source-attributes.js';
import { scopingOperators, validateScopingFilters, type ScopingFilter } from '../../provisioning/scoping/index.js';
import { SourceDirectory } from '../../provisioning/source/source-directory.js';
import { provError } from '../../provisioning/errors.js';
import type { Store } from '../../data/store.js';
import { evaluateBody, scopingBody } from './admin-schemas.js';
import { route, type AdminRoute } from './admin-route.js';
import type { AdminDeps } from './app-routes.js';

/** What an expression check answers: every problem with its position, and the value for the sample object. */
interface EvaluateAnswer {
  valid: boolean;
  errors: { message: string; position: number; line: number; column: number; expected: string[] | string | undefined }[];
  value?: unknown;
  redacted?: boolean;
  ignoreFlow?: boolean;
}

/** The routes the console's editors use (functions, operators, attributes; check and preview an expression; check scoping filters). */
export function editorRoutes(d: AdminDeps, store: Store): AdminRoute[] {
  return [
    route({ method: 'GET', path: '/expressions/functions', tag: 'editors', summary: 'The expression function library', response: { status: 200, description: '{ functions }' }, handler: async () => ({ functions: functionCatalogue }) }),
    route({ method: 'GET', path: '/scoping/operators', tag: 'editors', summary: 'The scoping filter operators', response: { status: 200, description: '{ operators }' }, handler: async () => ({ operators: scopingOperators }) }),
    route({
      method: 'GET',
      path: '/attributes',
      tag: 'editors',
      summary: 'Source attribute names a mapping or filter may use (Entra names; any SCIM path also works)',
      query: z.object({ kind: z.enum(['User', 'Group']).default('User') }),
      response: { status: 200, description: '{ attributes }' },
      handler: async (_q, _r, i) => ({ attributes: sourceAttributeAliases[i.query.kind as 'User' | 'Group'] }),
    }),
    route({
      method: 'POST',
      path: '/expressions/evaluate',
      tag: 'editors',
      summary: 'Check an expression (every problem with its position) and evaluate it for a sample user or group',
      body: evaluateBody,
      response: { status: 200, description: 'EvaluateAnswer' },
      handler: async (_q, _r, i): Promise<EvaluateAnswer> => {
        const kind = i.body.kind as 'User' | 'Group';
        let node;
        try {
          node = parseExpression(i.body.expression);
        } catch (err) {
          if (!isExpressionError(err)) throw err;
          return { valid: false, errors: [{ message: err.message, position: err.position, line: err.line, column: err.column, expected: err.expected }] };
        }
        const problems = validateExpression(node, { kind, isKnownAttribute: (n) => isKnownSourceAttribute(kind, n), attributeNames: sourceAttributeAliases[kind].map((a) => a.name) });
        if (problems.length) return { valid: false, errors: problems.map((p) => ({ message: p.message, position: p.position, line: p.line, column: p.column, expected: p.expected })) };
        let sample: SourceObject | undefined;
        if (i.body.attributes) sample = { kind, id: String(i.body.attributes.id ?? 'sample'), doc: i.body.attributes, isSoftDeleted: i.body.attributes.active === false, appRoles: [] };
        else if (i.body.source) {
          if (!i.body.app) throw provError.invalid('give "app" with "source", so the source is looked up in its tenant');
          const app = await d.engine().app(i.body.app);
          const dir = new SourceDirectory(store, app.tenantId);
          const found = kind === 'User' ? await dir.findUser(i.body.source) : await dir.findGroup(i.body.source);
          if (!found) throw provError.notFound(`no ${kind.toLowerCase()} ${JSON.stringify(i.body.source)} in the app's source tenant`);
          const ent = kind === 'User' ? await d.engine().entitlement(app.id, found.id) : { roles: [] as string[], entitled: true };
          sample = { kind, id: found.id, doc: found.doc, isSoftDeleted: found.doc.active === false || !ent.entitled, appRoles: ent.roles };
        }
        if (!sample) return { valid: true, errors: [] };
        const s = sample;
        const r = await evaluateExpression(node, { attribute: (n) => resolveSourceAttribute(s, n), now: () => new Date(), random: Math.random });
        return { valid: true, errors: [], value: r.value, redacted: !!r.redacted, ignoreFlow: !!r.ignoreFlow };
      },
    }),
    route({
      method: 'POST',
      path: '/scoping/validate',
      tag: 'editors',
      summary: 'Check scoping filters (every problem, naming its filter and clause)',
      body: scopingBody,
      response: { status: 200, description: '{ valid, problems }' },
      handler: async (_q, _r, i) => {
        const kind = i.body.kind as 'User' | 'Group';
        const problems = validateScopingFilters(i.body.filters as unknown as ScopingFilter[], { kind, isKnownAttribute: (n) => isKnownSourceAttribute(kind, n) });
        return { valid: problems.length === 0, problems };
      },
    }),
  ];
}
