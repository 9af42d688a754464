/** CloudFront's request limits at their boundaries, and the answers for what Node's parser refuses. */
import { clientErrorCode, requestLimitError } from '../../../emulator/http/limits';
import type { ViewerRequest } from '../../../emulator/types';

const viewer = (target: string, rawHeaders: string[] = []): ViewerRequest => ({
  method: 'GET',
  target,
  rawHeaders,
  clientIp: '203.0.113.1',
});
/** `GET <target> HTTP/1.1\r\n` is 3 + 1 + target + 11 bytes; a header line is name + value + 4. */
const headerOf = (bytes: number) => ['X-Pad', 'p'.repeat(bytes - 'X-Pad'.length - 4)];

describe('requestLimitError', () => {
  it.each<[string, string | undefined, ViewerRequest]>([
    ['a short request', undefined, viewer('/en/', ['Host', 'x'])],
    ['a URL of 8,192 bytes', undefined, viewer(`/${'a'.repeat(8191)}`)],
    ['a URL of 8,193 bytes', 'E_URI_TOO_LONG', viewer(`/${'a'.repeat(8192)}`)],
    ['a URL of 8,192 bytes of UTF-8', undefined, viewer(`/${'é'.repeat(4095)}a`)],
    [
      'a URL over 8,192 bytes in UTF-8, under in characters',
      'E_URI_TOO_LONG',
      viewer(`/${'é'.repeat(4096)}`),
    ],
    ['20,480 bytes in all', undefined, viewer('/', headerOf(20480 - 15))],
    ['20,481 bytes in all', 'E_HEADERS_TOO_LARGE', viewer('/', headerOf(20481 - 15))],
    [
      '5,000 lines of 8 bytes',
      'E_HEADERS_TOO_LARGE',
      viewer('/', Array.from({ length: 5000 }, () => ['X-N', '1']).flat()),
    ],
    [
      '2,000 lines of 8 bytes',
      undefined,
      viewer('/', Array.from({ length: 2000 }, () => ['X-N', '1']).flat()),
    ],
  ])('answers %s with %p', (_name, expected, v) => {
    expect(requestLimitError(v)).toBe(expected);
  });
});

describe('clientErrorCode', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 'E_HEADERS_TOO_LARGE'],
    ['HPE_INVALID_HEADER_TOKEN', 'E_BAD_REQUEST'],
    ['HPE_INVALID_METHOD', 'E_BAD_REQUEST'],
    [undefined, 'E_BAD_REQUEST'],
  ])('maps %p to %p', (code, expected) => {
    expect(clientErrorCode(Object.assign(new Error('parse'), { code }))).toBe(expected);
  });
});
