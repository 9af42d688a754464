/**
 * URI safety and normalisation (step 1 of viewer-request).
 *
 * CloudFront hands the URI over percent-encoded as the viewer sent it
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html) and S3
 * decodes it into an object key. So the path is decoded once, split into segments, dot-segments are removed
 * as RFC 3986 §5.2.4 does (a `..` can never climb above the root), empty segments collapse, and each segment
 * is re-encoded canonically. `\` is a separator too, as in the WHATWG URL parser for http(s), so `/\evil.com`
 * cannot turn into a scheme-relative `Location`.
 */
import { MAX_URL_LENGTH } from '../cloudfront/limits';
import { URI_CONTROL, utf16Length } from '../shared/syntax';

/**
 * What a refused URI is answered with: 414 when it is too long for CloudFront, 400 for a bad escape or a
 * control character (a number, not a code name: the bundle's size budget counts every byte).
 */
export type UriProblem = 400 | 414;

export type NormalisedUri =
  | {
      readonly ok: true;
      /** Canonical, percent-encoded, starts with exactly one `/`; ends with `/` for a directory. */
      readonly path: string;
    }
  | { readonly ok: false; readonly problem: UriProblem };

const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** Already canonical: unreserved characters only, no empty, `.` or `..` segment (the common case). */
const CANONICAL = /^(?:\/[A-Za-z0-9\-_~]+(?:\.[A-Za-z0-9\-_~]+)*)*\/?$/;

export function normaliseUri(raw: string): NormalisedUri {
  if (raw.length <= 1024 && CANONICAL.test(raw)) return { ok: true, path: raw };
  if (utf16Length(raw) > MAX_URL_LENGTH) return { ok: false, problem: 414 };
  if (URI_CONTROL.test(raw)) return { ok: false, problem: 400 };
  if (BAD_ESCAPE.test(raw)) return { ok: false, problem: 400 };
  let decoded: string;
  try {
    // Throws URIError on escapes that are not UTF-8 (`%C0%AF`, lone `%FF`).
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, problem: 400 };
  }
  if (URI_CONTROL.test(decoded)) return { ok: false, problem: 400 };

  // `replace` then a string `split`: a regex `split` allocates per character in njs (CloudFront Functions).
  // `\` is a separator too (as browsers read it); split and joined, not a global regex, which njs 0.7 can
  // loop on forever once the text holds a non-ASCII character (`shared/syntax.ts`).
  const raws = decoded.split('\\').join('/').split('/');
  const segments: string[] = [];
  for (let i = 0; i < raws.length; i++) {
    const segment = raws[i]!;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const last = raws[raws.length - 1];
  const directory = last === '' || last === '.' || last === '..';
  if (segments.length === 0) return { ok: true, path: '/' };
  const path = `/${segments.map(encodeURIComponent).join('/')}${directory ? '/' : ''}`;
  return { ok: true, path };
}
