/** The origin-response phase alone: what the function sees and may change, and the Set-Cookie rule after it. */
import { originResponsePhase } from '../../../emulator/phases/origin-response';
import { originRequest } from '../../../emulator/phases/origin';
import { viewerRequest as viewerEvent } from '../../support/events';
import { behaviorOf, edgeResponse, newTrace, recordingLogger, slotOf } from './support';

const request = originRequest(
  viewerEvent({ uri: '/en/index.html' }).Records[0]!.cf.request,
  behaviorOf('*').cachePolicy,
);
const origin = () => edgeResponse(200, { ETag: '"x"', 'Set-Cookie': 'a=1' }, 'origin body');
const step = (handler?: (e: any) => unknown, forwardsCookies = true) => ({
  slot: handler ? slotOf(handler) : undefined,
  forwardsCookies,
  ...recordingLogger(),
  trace: newTrace(),
});

describe('originResponsePhase', () => {
  it('hands the origin response on where the behaviour has no function', async () => {
    const r = await originResponsePhase(step(), request, origin());
    expect(r).toMatchObject({ status: 200, headers: { etag: [{ value: '"x"' }] } });
  });

  it('removes Set-Cookie where the behaviour forwards no cookie', async () => {
    const r = await originResponsePhase(step(undefined, false), request, origin());
    expect('headers' in r && r.headers['set-cookie']).toBeUndefined();
  });

  it('gives the function the status as a string and the origin request, not the body', async () => {
    let seen: any;
    await originResponsePhase(
      step((e) => ((seen = e.Records[0].cf), seen.response)),
      request,
      origin(),
    );
    expect(seen.config.eventType).toBe('origin-response');
    expect(seen.response.status).toBe('200');
    expect(seen.response.body).toBeUndefined();
    expect(seen.request.uri).toBe('/en/index.html');
    expect(seen.request.headers['x-amz-cf-id']).toBeUndefined();
  });

  it('applies the status, headers and replacement body the function returns', async () => {
    const r = await originResponsePhase(
      step((e) => ({ ...e.Records[0].cf.response, status: '404', body: 'gone', headers: {} })),
      request,
      origin(),
    );
    expect(r).toMatchObject({ status: 404, headers: {} });
    expect('body' in r && r.body.toString()).toBe('gone');
  });

  it('keeps the origin body when the function returns none', async () => {
    const r = await originResponsePhase(
      step((e) => e.Records[0].cf.response),
      request,
      origin(),
    );
    expect('body' in r && r.body.toString()).toBe('origin body');
  });

  it('validates against the headers the origin sent, whatever the function did to its event', async () => {
    const r = await originResponsePhase(
      step((e) => {
        const res = e.Records[0].cf.response;
        res.headers.via = [{ key: 'Via', value: 'forged' }];
        return res;
      }),
      request,
      origin(),
    );
    expect(r).toMatchObject({ kind: 'error', code: 'E_READ_ONLY_HEADER' });
  });

  it('leaves the origin response untouched when the function edits its event in place', async () => {
    const o = origin();
    await originResponsePhase(
      step((e) => (delete e.Records[0].cf.response.headers.etag, e.Records[0].cf.response)),
      request,
      o,
    );
    expect(o.headers.etag).toEqual([{ key: 'ETag', value: '"x"' }]);
  });
});
