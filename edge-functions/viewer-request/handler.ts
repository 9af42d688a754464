/**
 * viewer-request: read the event → decide with pure modules (`decide.ts`) → return the rewritten request or
 * a generated response. The decision is computed first and applied last, and its log lines are written only
 * once it is complete, so any internal failure leaves the request untouched and logs one `E_INTERNAL` line
 * instead (a throw would be a 503 for the visitor). An event outside the contract (no `Records[0].cf.request`,
 * or a request without a string `uri`/`querystring` and a header map of lists) has no request to pass
 * through: it gets a generated 400 and an `E_EVENT` line.
 */
import type { CloudFrontRequestResult } from '../cloudfront/types';
import { cookieHeader, rewriteCookieHeader } from '../shared/cookies';
import { cfOf } from '../shared/event';
import { errorLine, type LogSink } from '../shared/log';
import { decide, type Decision, type ViewerRequestDeps } from './decide';
import { lambdaResponse } from './lambda-response';
import { badRequest } from './responses';

export { decide, type Decision, type ViewerRequestDeps };

/** Log without ever failing: a logger that throws must not turn an answer into a 503. */
function write(log: LogSink, lines: readonly string[]): void {
  try {
    for (const line of lines) log(line);
  } catch {
    // Nothing else to do: the answer still goes out.
  }
}

export function createHandler(deps: ViewerRequestDeps) {
  return async (event: unknown): Promise<CloudFrontRequestResult> => {
    const request = cfOf(event)?.request;
    if (!request) {
      write(deps.log, [errorLine('viewer-request', 'malformed event', 'E_EVENT')]);
      return lambdaResponse(badRequest(), deps.config.securityHeaderList);
    }
    const lines: string[] = [];
    let decision: Decision;
    try {
      decision = decide(request, deps, lines);
    } catch (err) {
      write(deps.log, [errorLine('viewer-request', err)]);
      return request;
    }
    write(deps.log, lines);
    if (decision.kind === 'respond') return lambdaResponse(decision.response, deps.config.securityHeaderList);
    request.uri = decision.uri;
    if (decision.cookies === undefined) return request;
    const names = deps.config.experimentCookieNames;
    const cookie = rewriteCookieHeader(cookieHeader(request.headers), names, decision.cookies);
    if (cookie === '') delete request.headers.cookie;
    else request.headers.cookie = [{ key: 'Cookie', value: cookie }];
    return request;
  };
}
