import type { AppMappings } from '../mapping/mapping-types.js';
import type { AppSettings } from './app-settings.js';

/** Provisioning status: On runs cycles on schedule and on change; Off runs none (a manual `sync` still can). */
export type AppStatus = 'on' | 'off';

/** An app as admins see it: everything but its secret token, which is never returned once set. */
export interface App {
  id: string;
  tenantId: string;
  name: string;
  template: string;
  targetUrl: string;
  settings: AppSettings;
  mappings: AppMappings;
  status: AppStatus;
  configVersion: number;
  watermark: number;
  evaluatedVersion: number;
  restart: RestartScope[] | null;
  quarantine: { reason: string; detail: string | null; since: string; mailed: string | null } | null;
  nextCycleAt: string | null;
  lastCycleId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the next cycle resets or allows first (Entra's resetScope): the watermark, the escrows, the quarantine, or the held deletes (ForceDeletes). */
export type RestartScope = 'watermark' | 'escrows' | 'quarantine' | 'deletes';
