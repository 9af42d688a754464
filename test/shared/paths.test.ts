import {
  controlObject,
  extensionOf,
  matchesPath,
  pagePath,
  resolveTarget,
  sharedPattern,
  variantObject,
} from '../../edge-functions/shared/paths';
import { fixture } from '../support/fixtures';

const config = fixture('demo').resolved;

const types = config.fileExtensions;

describe('resolveTarget', () => {
  it.each([
    ['/', { kind: 'object', object: '/index.html' }],
    ['/about/', { kind: 'object', object: '/about/index.html' }],
    ['/about', { kind: 'directory', location: '/about/' }],
    ['/v1.2', { kind: 'directory', location: '/v1.2/' }],
    ['/v1.2/', { kind: 'object', object: '/v1.2/index.html' }],
    ['/robots.txt', { kind: 'object', object: '/robots.txt' }],
    ['/a/page.HTML', { kind: 'object', object: '/a/page.HTML' }],
    ['/.well-known', { kind: 'directory', location: '/.well-known/' }],
    ['/archive.tar.unknownext', { kind: 'directory', location: '/archive.tar.unknownext/' }],
  ])('maps %s', (path, expected) => {
    expect(resolveTarget(path, types)).toEqual(expected);
  });

  it('does not treat Object.prototype names as extensions', () => {
    expect(resolveTarget('/x.constructor', types)).toEqual({
      kind: 'directory',
      location: '/x.constructor/',
    });
    expect(resolveTarget('/x.__proto__', types)).toEqual({ kind: 'directory', location: '/x.__proto__/' });
  });
});

describe('extensionOf', () => {
  it.each([
    ['/a/b.CSS', 'css'],
    ['/a/.hidden', undefined],
    ['/a/b', undefined],
    ['/a.b/c', undefined],
  ])('%s → %s', (path, ext) => expect(extensionOf(path)).toBe(ext));
});

describe('matchesPath', () => {
  it.each([
    [['/robots.txt'], '/robots.txt', true],
    [['/robots.txt'], '/robots.txt/', false],
    [['/assets/*'], '/assets/site.css', true],
    [['/assets/*'], '/assetsX', false],
    [[], '/', false],
  ])('%j matches %s: %s', (patterns, path, expected) => expect(matchesPath(patterns, path)).toBe(expected));
});

describe('sharedPattern', () => {
  it.each([
    ['/docs/intro/', '/docs/intro/', '/docs/intro/'],
    ['/docs/*', '/docs/intro/', '/docs/intro/'],
    ['/docs/intro/', '/docs/*', '/docs/intro/'],
    ['/docs/*', '/docs/', '/docs/'],
    ['/docs/*', '/docs/guides/*', '/docs/guides/*'],
    ['/*', '/pricing/', '/pricing/'],
    ['/*', '/docs/*', '/docs/*'],
    ['/docs/*', '/docsearch/', undefined],
    ['/docs/*', '/doc/*', undefined],
    ['/docs', '/docs/*', undefined],
    ['/pricing/', '/', undefined],
  ])('%s and %s share %s', (a, b, shared) => expect(sharedPattern(a, b)).toBe(shared));
});

describe('pagePath', () => {
  it.each([
    ['/index.html', '/'],
    ['/about/index.html', '/about/'],
    ['/about/team.html', '/about/team.html'],
  ])('%s → %s', (object, page) => expect(pagePath(object)).toBe(page));
});

describe('variantObject', () => {
  it.each([
    ['/en/index.html', 'bold', '/en/index.bold.html'],
    ['/en/v1.2/index.html', 'b', '/en/v1.2/index.b.html'],
    ['/en/file', 'b', '/en/file.b'],
    ['/en/.hidden', 'b', '/en/.hidden.b'],
  ])('%s + %s → %s', (object, variant, expected) => expect(variantObject(object, variant)).toBe(expected));
});

describe('controlObject', () => {
  it.each<[string, string, string | undefined]>([
    ['/en/index.bold.html', 'bold', '/en/index.html'],
    ['/en/v1.2/index.b.html', 'b', '/en/v1.2/index.html'],
    ['/en/pricing.cards.html', 'cards', '/en/pricing.html'],
    ['/en/index.html', 'bold', undefined],
    ['/en/index.notbold.html', 'bold', undefined],
    ['/en/.bold.html', 'bold', undefined],
    ['/en/bold.html', 'bold', undefined],
    ['/en.bold/index.html', 'bold', undefined],
    ['/en/file.b', 'b', undefined],
  ])('%s − %s → %p', (object, variant, expected) => expect(controlObject(object, variant)).toBe(expected));

  it.each(['/en/index.html', '/en/v1.2/index.html', '/en/a/pricing.html'])(
    'undoes variantObject on %s',
    (object) => expect(controlObject(variantObject(object, 'x-1'), 'x-1')).toBe(object),
  );
});
