import { hostname } from 'node:os';
import { randomBytes, randomInt } from 'node:crypto';
import type { Store } from '../data/store.js';
import { AppStore } from './apps/app-store.js';
import type { App } from './apps/app-types.js';
import { AssignmentStore } from './assignments/assignment-store.js';
import { createScimClient, type ScimClient, type ScimClientOptions } from './client/scim-client.js';
import { CycleStore } from './cycle/cycle-store.js';
import { DirtyStore } from './cycle/dirty-store.js';
import { ENTRA_ESCROW_SCHEDULE, EscrowStore, type EscrowSchedule } from './cycle/escrow-store.js';
import { HeldDeleteStore } from './cycle/held-deletes.js';
import { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy } from './cycle/target-snapshot.js';
import { DEFAULT_QUARANTINE_THRESHOLDS, type QuarantineThresholds } from './cycle/quarantine.js';
import { migrateProvisioning, type ProvDb } from './db/migrate.js';
import { LinkStore } from './links/link-store.js';
import { DEFAULT_LOG_RETENTION_DAYS, LogStore } from './logs/log-store.js';
import { noMailer, type Mailer } from './notify/mailer.js';
import { SecretBox } from './secrets/secret-box.js';
import { loadSecretKey } from './secrets/secret-key.js';

/** How the engine is set up; everything but the database has a production default, and tests inject clocks and schedules. */
export interface EngineOptions {
  /** The database URL (a SQLite path or postgres://), for the secret key file beside a SQLite database. */
  dbUrl: string;
  env?: NodeJS.ProcessEnv;
  /** The secret key itself (else SCIMKIT_SECRET_KEY or the key file). */
  secretKey?: Buffer;
  now?: () => number;
  random?: () => number;
  escrowSchedule?: EscrowSchedule;
  quarantine?: QuarantineThresholds;
  /** How long a cycle's lease lasts without renewal (default 30 s). */
  leaseTtlMs?: number;
  /** Outbound client settings every app gets (timeouts, retry policy, a test clock). */
  client?: Partial<Omit<ScimClientOptions, 'baseUrl' | 'token'>>;
  mailer?: Mailer;
  logRetentionDays?: number;
  /** Names this process in leases (default host:pid:random). */
  holder?: string;
  /** When a full cycle reads the target's matching values once instead of a GET per user (tests lower the threshold). */
  snapshot?: Partial<SnapshotPolicy>;
}

/** What every engine operation shares: the stores, the options and the way clients are made. */
export class EngineContext {
  readonly apps: AppStore;
  readonly assignments: AssignmentStore;
  readonly links: LinkStore;
  readonly logs: LogStore;
  readonly escrows: EscrowStore;
  readonly held: HeldDeleteStore;
  readonly cycles: CycleStore;
  readonly dirty: DirtyStore;
  readonly now: () => number;
  readonly random: () => number;
  readonly quarantine: QuarantineThresholds;
  readonly leaseTtlMs: number;
  readonly mailer: Mailer;
  readonly holder: string;
  readonly logRetentionDays: number;

  private constructor(readonly store: Store, readonly db: ProvDb, box: SecretBox, readonly opts: EngineOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? (() => randomInt(0, 2 ** 47) / 2 ** 47);
    const date = () => new Date(this.now());
    this.apps = new AppStore(db, box, date);
    this.assignments = new AssignmentStore(db, date);
    this.links = new LinkStore(db, date);
    this.logs = new LogStore(db);
    this.escrows = new EscrowStore(db, opts.escrowSchedule ?? ENTRA_ESCROW_SCHEDULE, this.now);
    this.held = new HeldDeleteStore(db);
    this.cycles = new CycleStore(db, date);
    this.dirty = new DirtyStore(db);
    this.quarantine = opts.quarantine ?? DEFAULT_QUARANTINE_THRESHOLDS;
    this.leaseTtlMs = opts.leaseTtlMs ?? 30_000;
    this.mailer = opts.mailer ?? noMailer;
    this.holder = opts.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.logRetentionDays = opts.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  }

  /** Migrates the provisioning tables and loads the secret key (a clear error when there is none to load). */
  static async open(store: Store, opts: EngineOptions): Promise<EngineContext> {
    const key = opts.secretKey ?? loadSecretKey(opts.dbUrl, opts.env ?? process.env);
    const db = await migrateProvisioning(store.db);
    return new EngineContext(store, db, new SecretBox(key), opts);
  }

  /** The outbound client of an app, with its decrypted token; the caller closes it. */
  async clientFor(app: App, override?: { targetUrl?: string; token?: string }): Promise<ScimClient> {
    return createScimClient({
      ...this.opts.client,
      baseUrl: override?.targetUrl ?? app.targetUrl,
      token: override?.token ?? (await this.apps.token(app.id)),
      concurrency: app.settings.concurrency,
      profile: app.settings.profile,
      maxMembersPerPatch: app.settings.membersPerPatch,
    });
  }

  /** The dependencies a cycle run needs. */
  cycleDeps() {
    return {
      store: this.store,
      links: this.links,
      logs: this.logs,
      escrows: this.escrows,
      dirty: this.dirty,
      assignments: this.assignments,
      now: this.now,
      random: this.random,
      snapshot: { ...DEFAULT_SNAPSHOT_POLICY, ...this.opts.snapshot },
    };
  }
}
