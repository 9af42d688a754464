/** The viewer-request phase alone: methods per behaviour, forward, generated response, failures. */
import { decisionLine } from '../../../edge-functions/shared/log';
import { viewerRequestPhase, ALLOWED_METHODS } from '../../../emulator/phases/viewer-request';
import { viewerRequest as viewerEvent, type RequestInput } from '../../support/events';
import { behaviorOf, newTrace, recordingLogger, slotOf } from './support';

const run = (pattern: string, handler: (e: any) => unknown, input: RequestInput = {}) => {
  const { logger, lines } = recordingLogger();
  const trace = newTrace();
  const step = { behavior: behaviorOf(pattern), slot: slotOf(handler), logger, trace };
  return { result: viewerRequestPhase(step, viewerEvent(input)), lines, trace };
};
const pass = (e: any) => e.Records[0].cf.request;

describe('viewerRequestPhase', () => {
  it('lists CloudFront’s two method sets', () => {
    expect(ALLOWED_METHODS).toEqual({
      GET_HEAD: ['GET', 'HEAD'],
      ALL: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
    });
  });

  it.each([
    ['*', 'POST', 'E_METHOD_NOT_ALLOWED'],
    ['/assets/*', 'DELETE', 'E_METHOD_NOT_ALLOWED'],
    ['/__edge/*', 'TRACE', 'E_METHOD_NOT_ALLOWED'],
    ['/__edge/*', 'get', 'E_METHOD_NOT_ALLOWED'],
  ])('refuses on %s a %s, without calling the function', async (pattern, method, code) => {
    let calls = 0;
    const { result } = run(pattern, (e) => (calls++, pass(e)), { method });
    expect(await result).toMatchObject({ kind: 'error', code });
    expect(calls).toBe(0);
  });

  it.each(['GET', 'POST', 'OPTIONS'])(
    'lets %s through on /__edge/* with the method in the event',
    async (method) => {
      const seen: string[] = [];
      const { result } = run('/__edge/*', (e) => (seen.push(e.Records[0].cf.request.method), pass(e)), {
        method,
      });
      expect(await result).toMatchObject({ kind: 'forward', request: { method } });
      expect(seen).toEqual([method]);
    },
  );

  it('forwards without a function where the behaviour has none', async () => {
    let calls = 0;
    const { result } = run('/assets/*', (e) => (calls++, pass(e)), { uri: '/assets/a.css' });
    expect(await result).toMatchObject({ kind: 'forward', request: { uri: '/assets/a.css' } });
    expect(calls).toBe(0);
  });

  it('forwards the request the function returns, with its new URI', async () => {
    const { result } = run('*', (e) => ({ ...pass(e), uri: '/en/index.html' }), { uri: '/' });
    expect(await result).toMatchObject({ kind: 'forward', request: { uri: '/en/index.html' } });
  });

  it('turns a returned response into a generated outcome with a numeric status and bytes', async () => {
    const { result } = run('*', async () => ({
      status: '302',
      statusDescription: 'Found',
      headers: { location: [{ key: 'Location', value: '/en/' }] },
      body: Buffer.from('moved').toString('base64'),
      bodyEncoding: 'base64',
    }));
    const r = await result;
    expect(r.kind).toBe('generated');
    if (r.kind !== 'generated') return;
    expect(r.response).toMatchObject({ status: 302, statusDescription: 'Found' });
    expect(r.response.body.toString()).toBe('moved');
  });

  it.each<[string, (e: any) => unknown, string]>([
    [
      'a throw',
      () => {
        throw new Error('boom');
      },
      'E_LAMBDA_THROW',
    ],
    [
      'a rejection',
      async () => {
        throw new Error('boom');
      },
      'E_LAMBDA_THROW',
    ],
    ['a hang', () => new Promise(() => undefined), 'E_LAMBDA_TIMEOUT'],
    ['no result', () => undefined, 'E_NOT_OBJECT'],
    [
      'a changed Host',
      (e) => ({ ...pass(e), headers: { ...pass(e).headers, host: [{ key: 'Host', value: 'x' }] } }),
      'E_READ_ONLY_HEADER',
    ],
    ['a querystring with #', (e) => ({ ...pass(e), querystring: 'a#b' }), 'E_QUERYSTRING'],
  ])('answers %s with the error %s, printed by code', async (_name, handler, code) => {
    const { result, lines } = run('*', handler);
    expect(await result).toMatchObject({ kind: 'error', code });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^  ${code}: `))]);
  });

  it('keeps what the function printed as notes of the request, and its decision', async () => {
    // Written by the functions' own writer; the shipped bundles' lines: test/emulator/decisions.test.ts.
    const { result, trace } = run('*', (e) => {
      console.log(
        decisionLine({ action: 'forward', locale: 'ja', source: 'header', experiments: ['x=b(new)'] }),
      );
      console.log('a line of the developer’s own');
      return pass(e);
    });
    await result;
    expect(trace.notes).toEqual([
      'locale=ja(header)',
      'x=b(new)',
      'viewer-request: a line of the developer’s own',
    ]);
    expect(trace.decision).toEqual(['locale=ja(header)', 'x=b(new)']);
  });
});
