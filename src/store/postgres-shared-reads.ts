import { unavailableOf } from './dialect.js';
import type { Row, Statement } from './reader.js';

type Job = { s: Statement; resolve: (rows: Row[]) => void; reject: (err: unknown) => void };

/** Most reads one shared statement answers; a larger group is split, so no statement grows without bound. */
export const MAX_SHARED = 128;

/** The column of a shared statement's rows that says which read a row answers (1-based); the rows keep it. */
export const SHARED_INDEX = 'scimkit_i';

// Shared texts by statement name: each fixed statement has one text, so this stays as small as their number.
const texts = new Map<string, string>();

/**
 * The one statement that answers several reads of the same fixed statement: the reads' parameters go in
 * as parallel arrays, `unnest … WITH ORDINALITY` numbers them, and the fixed statement runs once per read
 * as a LATERAL sub-query, with its own index seek, ORDER BY and LIMIT. Rows come back in read order, and
 * within a read in the statement's own order.
 */
export function sharedStatement(reads: readonly Statement[]): Statement {
  const first = reads[0]!;
  const n = first.parameters.length;
  const name = `${first.name}_shared`;
  let sql = texts.get(name);
  if (sql === undefined) {
    const arrays: string[] = [];
    const columns: string[] = [];
    for (let i = 1; i <= n; i++) {
      arrays.push(`$${i}::text[]`);
      columns.push(`p${i}`);
    }
    const inner = first.sql.replace(/\$(\d+)/g, 'k.p$1');
    const order = first.sharedOrder ? `, ${first.sharedOrder.split(',').map((c) => `s.${c.trim()}`).join(', ')}` : '';
    sql = `SELECT s.*, k.${SHARED_INDEX} FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS k(${columns.join(', ')}, ${SHARED_INDEX}) CROSS JOIN LATERAL (${inner}) s ORDER BY k.${SHARED_INDEX}${order}`;
    texts.set(name, sql);
  }
  const parameters: string[][] = [];
  for (let p = 0; p < n; p++) {
    const values: string[] = new Array(reads.length);
    for (let j = 0; j < reads.length; j++) values[j] = String(reads[j]!.parameters[p]);
    parameters.push(values);
  }
  return { sql, parameters, name };
}

// Whether a statement may join a shared one: its parameters travel as text, so only strings and numbers.
function shareable(s: Statement): boolean {
  if (s.sharedOrder === undefined || !s.name) return false;
  for (const v of s.parameters) if (typeof v !== 'string' && typeof v !== 'number') return false;
  return true;
}

/**
 * PostgreSQL's quick reads that arrive together run as one statement per fixed statement. Every statement
 * sent costs a socket write and a round trip on both sides: in a CPU profile of `userName eq` lookups, the
 * write to PostgreSQL alone was a quarter of scimkit's CPU. Reads queue until the event loop has taken in
 * the requests that arrived with them (setImmediate), as SQLite's shared read transaction does. Each read was
 * asked for before its statement was sent, so it sees every write acknowledged before it was asked for.
 */
export class SharedReads {
  private queue: Job[] = [];

  constructor(private readonly runOne: (s: Statement) => Promise<Row[]>) {}

  /** Runs a statement, together with the others of its name that arrive in the same turn when it is shareable. */
  run(s: Statement): Promise<Row[]> {
    if (!shareable(s)) return this.runOne(s);
    return new Promise((resolve, reject) => {
      this.queue.push({ s, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const jobs = this.queue;
    this.queue = [];
    const byName = new Map<string, Job[]>();
    for (const job of jobs) {
      const list = byName.get(job.s.name!);
      if (list) list.push(job);
      else byName.set(job.s.name!, [job]);
    }
    for (const list of byName.values()) {
      for (let i = 0; i < list.length; i += MAX_SHARED) void this.runGroup(list.slice(i, i + MAX_SHARED));
    }
  }

  private async runGroup(jobs: Job[]): Promise<void> {
    if (jobs.length === 1) return this.runAlone(jobs[0]!);
    let rows: Row[];
    try {
      rows = await this.runOne(sharedStatement(jobs.map((j) => j.s)));
    } catch (err) {
      // A database out of reach fails them all; any other error may be one read's own (a value PostgreSQL
      // refuses), so each read runs again alone and only that one fails.
      if (unavailableOf(err)) for (const j of jobs) j.reject(err);
      else for (const j of jobs) void this.runAlone(j);
      return;
    }
    const answers: Row[][] = jobs.map(() => []);
    for (const r of rows) answers[Number(r[SHARED_INDEX]) - 1]!.push(r);
    for (let i = 0; i < jobs.length; i++) jobs[i]!.resolve(answers[i]!);
  }

  private async runAlone(job: Job): Promise<void> {
    try {
      job.resolve(await this.runOne(job.s));
    } catch (err) {
      job.reject(err);
    }
  }
}
