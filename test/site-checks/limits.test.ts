/**
 * Limits met at build: a not-found page that with its headers is over the generated-response limit fails
 * the build (named, with its size and the limit), the headers estimate equals what the shipped
 * origin-response bundle returns, and the scanners read hostile inputs of 240 KB in one pass (the results
 * are asserted here; the times are measured by hand, `bench/site-scan.ts`).
 */
import { GENERATED_RESPONSE_LIMIT, generatedResponseBytes } from '../../edge-functions/cloudfront/rules';
import { cssUrls } from '../../site-checks/css';
import { readHtml } from '../../site-checks/html';
import { notFoundHeaders } from '../../site-checks/rules/limits';
import { scriptGoals } from '../../site-checks/scripts';
import { originResponse } from '../support/events';
import { fixture, handlerOf } from '../support/fixtures';
import { broken } from '../support/sites';

const LIMIT = GENERATED_RESPONSE_LIMIT['origin-response'];
const f = fixture('three-locales');
const headerBytes = generatedResponseBytes(notFoundHeaders(f.config, 'ja'), 0);
/** A not-found page of exactly `bytes` UTF-8 bytes (multi-byte text, as a Japanese page has). */
const pageOf = (bytes: number): string => {
  const head = '<!doctype html><html lang="ja"><head><title>見つかりません</title></head><body>';
  const tail = '</body></html>';
  const room = bytes - Buffer.byteLength(head + tail);
  return head + 'あ'.repeat(Math.floor(room / 3)) + 'x'.repeat(room % 3) + tail;
};

describe('not-found pages within the generated-response limit', () => {
  it('fails a page that with its headers is one byte over, naming the file, the sizes and the limit', () => {
    const body = LIMIT - headerBytes + 1;
    expect(broken('three-locales', ({ write }) => write('ja/404.html', pageOf(body)))).toEqual([
      `<site>/ja/404.html is ${body.toLocaleString('en-US')} bytes: with its headers every 404 in /ja/ is a ${(LIMIT + 1).toLocaleString('en-US')} bytes response, over the 1,048,576 bytes CloudFront allows a response generated in origin-response (edge-functions/cloudfront/rules.ts), so each would be a 502; make the page at most ${(body - 1).toLocaleString('en-US')} bytes (link large images, styles and scripts instead of inlining them)`,
    ]);
  });

  it('accepts a page that with its headers is exactly at the limit', () => {
    expect(broken('three-locales', ({ write }) => write('ja/404.html', pageOf(LIMIT - headerBytes)))).toEqual(
      [],
    );
  });

  it('estimates the headers the shipped origin-response bundle puts on a not-found page', async () => {
    const handler = handlerOf('three-locales', 'origin-response');
    const result = await handler(originResponse({ uri: '/ja/missing/index.html', status: '403' }));
    const returned = Object.entries(result.headers as Record<string, Array<{ value: string }>>).map(
      ([name, list]) => [name, list.map((h) => h.value)] as const,
    );
    const body = Buffer.byteLength(result.body, 'utf8');
    expect(generatedResponseBytes(returned, body)).toBe(headerBytes + body);
  });
});

/** 240 KB of `unit`, then `end`. */
const hostile = (unit: string, end = ''): string => unit.repeat(Math.ceil((240 * 1024) / unit.length)) + end;

describe('scanners on hostile shapes (240 KB, one pass)', () => {
  it.each([
    ['unclosed url( repeated', hostile('url(', ') a{b:url(y.png)}'), ['y.png']],
    ['url( then whitespace', `url(${hostile(' ', 'z.png)')}`, ['z.png']],
    ['a run of unclosed /*', hostile('/* ', '*/ a{b:url(x.png)}'), ['x.png']],
    [
      'unclosed @import quotes, each ended by a newline',
      hostile("@import 'a\n", '@import "i.css";'),
      ['i.css'],
    ],
    ['quotes broken by newlines', hostile('"\'\n', 'a{b:url(q.png)}'), ['q.png']],
    ['an unclosed url(" (the string runs to the end)', `url("${hostile('a')}`, [hostile('a')]],
  ])('reads the URLs of a stylesheet of %s', (_shape, css, urls) => {
    expect(cssUrls(css)).toEqual(urls);
  });

  it('reads a page of unclosed attribute quotes and a srcset of commas', () => {
    expect(readHtml(hostile('<a href="')).references.length).toBeLessThanOrEqual(1);
    expect(readHtml(`<img srcset="${hostile(', ')}">`).references).toEqual([]);
  });

  it('reads goal ids in scripts full of unclosed goal URLs', () => {
    expect(scriptGoals(hostile("sendBeacon('/__edge/goal/", "\nsendBeacon('/__edge/goal/buy');"))).toEqual([
      'buy',
    ]);
    expect(readHtml(`<script>${hostile("'/__edge/goal/")}</script>`).goals).toEqual([]);
  });
});
