import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { RFC_RESOURCE_SCHEMAS, RFC_SERVICE_PROVIDER_SCHEMAS, type RfcAttribute } from '../support/rfc7643-schemas.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 10: strict, schema-driven clients (python's scim2-models builds its classes from /Schemas)
// must be able to read every schema we serve. Every attribute of every schema is compared with RFC 7643
// §8.7.1, and the discovery resources themselves are checked against the §8.7.2 schemas. Discovery reads no
// storage, so one database is enough.

const CHARACTERISTICS = ['type', 'multiValued', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness', 'referenceTypes', 'canonicalValues'] as const;

/** Deliberate differences from the RFC's JSON, each with its reason. Anything not listed here must match. */
const DEVIATIONS: Record<string, Partial<RfcAttribute> | 'extra'> = {
  // RFC 7643 §4.2's prose calls displayName REQUIRED (the §8.7.1 JSON says false); scimkit also keeps it unique
  // per tenant, because Entra ID and Okta match groups by displayName (docs/architecture.md).
  'urn:ietf:params:scim:schemas:core:2.0:Group:displayName': { required: true, uniqueness: 'server' },
  // §2.4: every multi-valued attribute may mark one value primary; the §8.7.1 JSON omits it for addresses only.
  'urn:ietf:params:scim:schemas:core:2.0:User:addresses.primary': 'extra',
  // The §8.4 example group shows members with a display name; the §8.7.1 JSON has no such sub-attribute.
  'urn:ietf:params:scim:schemas:core:2.0:Group:members.display': 'extra',
};

type Served = Record<string, unknown> & { name: string; subAttributes?: Served[] };

function characteristics(x: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CHARACTERISTICS) if (x[k] !== undefined) out[k] = x[k];
  return out;
}

/** Compares served attribute definitions with the RFC's, returning one line per difference. */
function compare(urn: string, served: Served[], rfc: RfcAttribute[], prefix = ''): string[] {
  const problems: string[] = [];
  for (const s of served) {
    const key = `${urn}:${prefix}${s.name}`;
    const want = rfc.find((r) => r.name === s.name);
    const deviation = DEVIATIONS[key];
    if (!want) {
      if (deviation !== 'extra') problems.push(`${key}: served, but RFC 7643 §8.7.1 has no such attribute`);
      continue;
    }
    const expected = characteristics({ ...want, ...(deviation && deviation !== 'extra' ? deviation : {}) });
    const got = characteristics(s);
    for (const k of CHARACTERISTICS) {
      if (JSON.stringify(got[k]) !== JSON.stringify(expected[k])) problems.push(`${key}.${k}: served ${JSON.stringify(got[k])}, RFC ${JSON.stringify(expected[k])}`);
    }
    if (want.subAttributes || s.subAttributes) problems.push(...compare(urn, s.subAttributes ?? [], want.subAttributes ?? [], `${prefix}${s.name}.`));
  }
  for (const r of rfc) if (!served.some((s) => s.name === r.name)) problems.push(`${urn}:${prefix}${r.name}: in RFC 7643 §8.7.1 but not served`);
  return problems;
}

/** Checks a served resource against a §8.7.2 schema: required attributes present, values of the declared type. */
function conforms(value: Record<string, unknown>, attrs: RfcAttribute[], where: string): string[] {
  const problems: string[] = [];
  for (const at of attrs) {
    const v = value[at.name];
    if (v === undefined || v === null) {
      if (at.required) problems.push(`${where}.${at.name}: required, missing`);
      continue;
    }
    const values = at.multiValued ? (Array.isArray(v) ? v : (problems.push(`${where}.${at.name}: multi-valued, not an array`), [])) : [v];
    for (const [i, one] of values.entries()) {
      const at_ = `${where}.${at.name}${at.multiValued ? `[${i}]` : ''}`;
      const ok =
        at.type === 'complex'
          ? typeof one === 'object' && !Array.isArray(one)
          : at.type === 'boolean'
            ? typeof one === 'boolean'
            : at.type === 'integer'
              ? Number.isInteger(one)
              : typeof one === 'string';
      if (!ok) problems.push(`${at_}: expected ${at.type}, got ${JSON.stringify(one)}`);
      else if (at.type === 'complex') problems.push(...conforms(one as Record<string, unknown>, at.subAttributes ?? [], at_));
    }
  }
  return problems;
}

function* walk(attrs: Served[], prefix = ''): Generator<[string, Served]> {
  for (const a of attrs) {
    yield [`${prefix}${a.name}`, a];
    if (a.subAttributes) yield* walk(a.subAttributes, `${prefix}${a.name}.`);
  }
}

describe(`${DIALECTS[0]}: /Schemas against RFC 7643 §8.7.1 and §8.7.2`, () => {
  let s: TestServer;
  let served: (Record<string, unknown> & { id: string; attributes: Served[] })[];
  beforeAll(async () => {
    s = await startTestServer(DIALECTS[0]!);
    served = (await s.scim('GET', '/Schemas')).body.Resources;
  });
  afterAll(async () => s.close());

  it('serves exactly the resource schemas of §8.7.1, and every attribute has the RFC characteristics', () => {
    expect(served.map((x) => x.id).sort()).toEqual(Object.keys(RFC_RESOURCE_SCHEMAS).sort());
    const problems = served.flatMap((sch) => compare(sch.id, sch.attributes, RFC_RESOURCE_SCHEMAS[sch.id]!));
    expect(problems).toEqual([]);
  });

  it('every attribute states all its characteristics, and every reference names its referenceTypes', () => {
    const problems: string[] = [];
    for (const sch of served) {
      for (const [path, a] of walk(sch.attributes)) {
        for (const k of ['type', 'multiValued', 'required', 'mutability', 'returned', 'uniqueness']) if (a[k] === undefined) problems.push(`${sch.id}:${path}: no ${k}`);
        if (a.type !== 'complex' && a.type !== 'boolean' && a.caseExact === undefined) problems.push(`${sch.id}:${path}: no caseExact`);
        if (a.type === 'reference' && !(Array.isArray(a.referenceTypes) && a.referenceTypes.length > 0)) problems.push(`${sch.id}:${path}: a reference without referenceTypes`);
        if (a.type !== 'reference' && a.referenceTypes !== undefined) problems.push(`${sch.id}:${path}: referenceTypes on a ${String(a.type)}`);
        if ((a.type === 'complex') !== Array.isArray(a.subAttributes)) problems.push(`${sch.id}:${path}: subAttributes must come with type complex, and only then`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('/Schemas/{id} serves the same definition as the list', async () => {
    for (const sch of served) {
      const one = await s.scim('GET', `/Schemas/${sch.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(sch);
    }
  });

  it('the Schema, ResourceType and ServiceProviderConfig resources conform to the §8.7.2 schemas', async () => {
    const problems: string[] = [];
    for (const sch of served) problems.push(...conforms(sch, RFC_SERVICE_PROVIDER_SCHEMAS['urn:ietf:params:scim:schemas:core:2.0:Schema']!, sch.id));
    for (const rt of (await s.scim('GET', '/ResourceTypes')).body.Resources) {
      problems.push(...conforms(rt, RFC_SERVICE_PROVIDER_SCHEMAS['urn:ietf:params:scim:schemas:core:2.0:ResourceType']!, `ResourceType ${rt.id}`));
    }
    const spc = (await s.scim('GET', '/ServiceProviderConfig')).body;
    problems.push(...conforms(spc, RFC_SERVICE_PROVIDER_SCHEMAS['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']!, 'ServiceProviderConfig'));
    expect(problems).toEqual([]);
  });
});
