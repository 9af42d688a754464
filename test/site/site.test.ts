/**
 * Static checks on `site/`: what the strict CSP and the edge functions rely on, verified file by file.
 * (The real-browser suite in test/e2e checks the same pages render with zero CSP violations.)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { config } from '../../edge-functions/config';
import { listFiles } from '../../infra/site-files';

const SITE = path.join(__dirname, '..', '..', 'site');
const files = listFiles(SITE);
const html = files.filter((f) => f.endsWith('.html'));
const read = (f: string) => readFileSync(path.join(SITE, f), 'utf8');

describe('site/', () => {
  it.each(html)('%s has no inline script, style or event handler (CSP: script-src/style-src self)', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(text).not.toMatch(/<style[\s>]/i);
    expect(text).not.toMatch(/\sstyle=/i);
    expect(text).not.toMatch(/\son[a-z]+=/i);
    expect(text).not.toMatch(/javascript:/i);
  });

  it.each(html)('%s declares the lang of its locale folder and links only existing same-origin assets', (file) => {
    const text = read(file);
    const locale = file.split('/')[0]!;
    expect(config.locales.supported).toContain(locale);
    expect(text).toMatch(new RegExp(`<html lang="${locale}">`));
    for (const [, ref] of text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) expect(existsSync(path.join(SITE, ref!))).toBe(true);
    expect(text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it('names every asset after the first 8 hex digits of its SHA-256 (safe to cache as immutable)', () => {
    const assets = files.filter((f) => f.startsWith('assets/'));
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const file of assets) {
      const hash = createHash('sha256').update(readFileSync(path.join(SITE, file))).digest('hex').slice(0, 8);
      const named = /\.([0-9a-f]{8})\.[a-z0-9]+$/.exec(file)?.[1];
      expect({ file, named }).toEqual({ file, named: hash });
    }
  });

  it.each(config.locales.supported)('has every page, both home variants and a not-found page in %s', (locale) => {
    for (const page of ['index.html', 'index.bold.html', 'features/index.html', 'architecture/index.html', '404.html'])
      expect(files).toContain(`${locale}/${page}`);
    for (const variant of ['control', 'bold']) {
      const file = variant === 'control' ? 'index.html' : `index.${variant}.html`;
      expect(read(`${locale}/${file}`)).toContain(`<body data-page="home" data-experiment="home-hero" data-variant="${variant}">`);
    }
    expect(read(`${locale}/404.html`)).toContain('data-page="not-found"');
  });

  it('offers hreflang alternates (with x-default), a canonical link and a switcher on every page', () => {
    for (const file of html.filter((f) => !f.endsWith('404.html'))) {
      const text = read(file);
      for (const l of config.locales.supported) {
        expect(text).toMatch(new RegExp(`<link rel="alternate" hreflang="${l}" href="/${l}/`));
        expect(text).toMatch(new RegExp(`<a href="/${l}/[^"]*" data-locale="${l}"`));
      }
      expect(text).toContain('hreflang="x-default"');
      expect(text).toMatch(/<link rel="canonical" href="\/(en|ja)\//);
    }
  });

  it('writes real Japanese in the ja pages', () => {
    for (const file of html.filter((f) => f.startsWith('ja/'))) expect(read(file)).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]{10,}/);
  });

  it('has an alt attribute on every image and one h1 per page', () => {
    for (const file of html) {
      const text = read(file);
      for (const [img] of text.matchAll(/<img\b[^>]*>/g)) expect(img).toMatch(/\salt="/);
      expect(text.match(/<h1[\s>]/g)).toHaveLength(1);
      expect(text).toMatch(/<main id="main">/);
    }
  });
});
