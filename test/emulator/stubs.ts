/**
 * Stub handlers and temporary buckets for the emulator suites: a fixture's configuration and behaviours
 * with small recording handlers, so a test controls exactly what the functions return.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CloudFrontRequestEvent, CloudFrontResponseEvent } from '../../edge-functions/cloudfront/types';
import { startServer, type Handler, type LocalCloudFront, type ServerOptions } from '../../emulator';
import { serverOptions, type FixtureName } from '../support/fixtures';

export type RequestHandler = (event: CloudFrontRequestEvent) => unknown;
export type ResponseHandler = (event: CloudFrontResponseEvent) => unknown;

export const requestOf = (e: CloudFrontRequestEvent) => e.Records[0]!.cf.request;
export const responseOf = (e: CloudFrontResponseEvent) => e.Records[0]!.cf.response;
export const passRequest: RequestHandler = async (e) => requestOf(e);
export const passResponse: ResponseHandler = async (e) => responseOf(e);

/** A folder with the given files (paths relative to it); removed by `removeTempDirs()`. */
const dirs: string[] = [];
export function tempSite(files: Readonly<Record<string, string | Buffer>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'emulator-site-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export function tempDir(prefix = 'emulator-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export interface StubOptions extends Partial<Omit<ServerOptions, 'viewerRequest' | 'originResponse'>> {
  readonly viewerRequest?: RequestHandler;
  readonly originResponse?: ResponseHandler;
}

/** Servers started by `startStub`, closed by `closeStubs()`. */
const servers: LocalCloudFront[] = [];

/** The local CloudFront with a fixture's configuration, pass-through handlers unless given, no log. */
export async function startStub(fixture: FixtureName, options: StubOptions = {}): Promise<LocalCloudFront> {
  const s = await startServer({
    ...serverOptions(fixture),
    port: 0,
    log: false,
    ...options,
    viewerRequest: (options.viewerRequest ?? passRequest) as Handler,
    originResponse: (options.originResponse ?? passResponse) as Handler,
  });
  servers.push(s);
  return s;
}

export async function closeStubs(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An origin-response stub that edits the response headers in place. */
export function editResponse(
  edit: (headers: CloudFrontResponseEvent['Records'][0]['cf']['response']['headers']) => void,
): ResponseHandler {
  return async (e) => {
    const res = responseOf(e);
    edit(res.headers);
    return res;
  };
}
