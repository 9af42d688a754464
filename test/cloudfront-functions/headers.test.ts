/**
 * The security headers a CloudFront Function adds to the responses it generates (CloudFront never runs
 * origin-response on them): the baked table, under the core's own headers, never over one the core set.
 */
import { addHeaders } from '../../edge-functions/cloudfront-functions/headers';
import type { FunctionResponse } from '../../edge-functions/cloudfront-functions/types';

const response = (): FunctionResponse => ({
  statusCode: 302,
  headers: { location: { value: '/en/' }, 'cache-control': { value: 'private, no-store' } },
});
const table = {
  'strict-transport-security': { value: 'max-age=63072000' },
  'cache-control': { value: 'no-transform' },
  'x-frame-options': { value: 'DENY' },
};

describe('addHeaders', () => {
  it('adds every header of the table the core did not set itself', () => {
    expect(addHeaders(response(), table).headers).toEqual({
      location: { value: '/en/' },
      'cache-control': { value: 'private, no-store' },
      'strict-transport-security': { value: 'max-age=63072000' },
      'x-frame-options': { value: 'DENY' },
    });
  });

  it('gives each response its own header objects, never the baked table’s', () => {
    const out = addHeaders(response(), table);
    expect(out.headers!['x-frame-options']).not.toBe(table['x-frame-options']);
    out.headers!['x-frame-options']!.value = 'changed';
    expect(table['x-frame-options'].value).toBe('DENY');
  });

  it('adds nothing when the site has no security headers', () => {
    expect(addHeaders(response(), {})).toEqual(response());
  });
});
