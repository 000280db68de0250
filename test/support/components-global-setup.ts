import type { TestProject } from 'vitest/node';
import { startAdminApiServer } from './admin-api-server.js';

/**
 * The component tests' admin API: started once in Node (the DOM test environment replaces globals such as
 * URL, which the server cannot run with) and handed to every test file with inject('adminApi').
 */
export default async function setup(project: TestProject) {
  const server = await startAdminApiServer();
  const { scenario: _s, close, ...address } = server;
  project.provide('adminApi', address);
  return close;
}
