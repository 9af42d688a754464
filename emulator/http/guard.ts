/**
 * The local CloudFront's own pages (`/__cloudfront/*`) are for the developer at this machine, never for a
 * page on another site their browser has open:
 * - DNS rebinding: a page whose name an attacker points at 127.0.0.1 sends its own name in `Host`
 *   (RFC 9110 §7.2), so only a loopback name with this server's port is answered, else 421 (§15.5.20);
 * - cross-site requests: a browser sends `Origin` on every cross-origin POST (RFC 6454 §7; Fetch "origin
 *   header"), so a request that is not GET or HEAD is answered only without one (curl) or from this
 *   server's own origin, else 403.
 */
import type { ErrorCode } from '../errors';

/** The names a browser on this machine uses for the local CloudFront (`npm start` listens on 127.0.0.1). */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** `Host` values this server answers on `port`: each loopback name with the port (alone on port 80). */
export function loopbackHosts(port: number): string[] {
  const withPort = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  return port === 80 ? [...withPort, ...LOOPBACK_NAMES] : withPort;
}

/** Every value of `name` in `[name, value, …]` header lines, repeats kept. */
function values(rawHeaders: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.toLowerCase() === name) out.push(rawHeaders[i + 1]!.trim().toLowerCase());
  return out;
}

/** Why a request for an own page is refused, if it is: exactly one loopback `Host`, no foreign `Origin`. */
export function ownPageRefusal(
  method: string,
  rawHeaders: readonly string[],
  port: number,
): ErrorCode | undefined {
  const hosts = loopbackHosts(port);
  const host = values(rawHeaders, 'host');
  if (host.length !== 1 || !hosts.includes(host[0]!)) return 'E_FOREIGN_HOST';
  if (method === 'GET' || method === 'HEAD') return undefined;
  const origin = values(rawHeaders, 'origin');
  const own = hosts.map((h) => `http://${h}`);
  return origin.every((o) => own.includes(o)) && origin.length <= 1 ? undefined : 'E_FOREIGN_ORIGIN';
}
