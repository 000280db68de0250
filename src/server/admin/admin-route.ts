import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** One admin API operation: what the router registers and what the OpenAPI document describes, from one definition. */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** An OpenAPI-style path under /admin/v1, e.g. `/apps/{app}`. */
  path: string;
  tag: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The success status and what the answer holds. */
  response: { status: number; description: string };
  /** No admin key needed (the OpenAPI document itself). */
  public?: boolean;
  handler(req: FastifyRequest, reply: FastifyReply, input: { params: Record<string, string>; body: any; query: any }): Promise<unknown>;
}

/** A route definition, typed. */
export function route(r: AdminRoute): AdminRoute {
  return r;
}

/** `/apps/{app}` → `/apps/:app` for the router. */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
