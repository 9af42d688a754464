import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { completeConfig, DEFAULTS, defineConfig } from '../../edge-functions/config/define';
import { loadConfig } from '../../edge-functions/config/load';
import { ConfigError } from '../../edge-functions/config/validate';

const DEFINE = path.join(__dirname, '..', '..', 'edge-functions', 'config', 'define');

/** A throw-away config file importing the real defineConfig. */
function configFile(body: string, name = 'edge.config.ts'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-config-'));
  const file = path.join(dir, name);
  writeFileSync(file, `import { defineConfig } from ${JSON.stringify(DEFINE)};\n${body}\n`);
  return file;
}

const minimal = { siteUrl: 'https://www.example.com', locales: { supported: ['en'], default: 'en' } };

describe('defineConfig', () => {
  it('returns what it is given (it only types the file)', () => {
    expect(defineConfig(minimal)).toBe(minimal);
  });

  it('fills every omitted field from DEFAULTS', () => {
    const c = completeConfig(minimal);
    expect(c.site).toBe(DEFAULTS.site);
    expect(c.stackName).toBe(DEFAULTS.stackName);
    expect(c.locales).toEqual({ ...DEFAULTS.locales, supported: ['en'], default: 'en' });
    expect(c.experiments).toEqual({ ...DEFAULTS.experiments, list: [] });
    expect(c.cache).toEqual(DEFAULTS.cache);
    expect(c.csp).toEqual(DEFAULTS.csp);
    expect(c.logs).toEqual(DEFAULTS.logs);
    expect(c.viewer).toEqual({ runtime: 'lambda-edge' });
    expect(c.contentTypes).toEqual(DEFAULTS.contentTypes);
  });

  it('writes locale tags in canonical case (Intl.getCanonicalLocales), leaving what is not a tag for validation', () => {
    const c = completeConfig({
      siteUrl: 'https://www.example.com',
      locales: { supported: ['DE', 'pt-br', 'zh-hant', 'sr-latn-rs', 'pt_BR', 'iw'], default: 'PT-BR' },
    });
    expect(c.locales.supported).toEqual(['de', 'pt-BR', 'zh-Hant', 'sr-Latn-RS', 'pt_BR', 'iw']);
    expect(c.locales.default).toBe('pt-BR');
  });

  it("derives an experiment's cookie and override parameter from its id", () => {
    const c = completeConfig({
      ...minimal,
      experiments: { list: [{ id: 'pricing', paths: ['/pricing/'], variants: [] }] },
    });
    expect(c.experiments.list[0]).toMatchObject({
      cookieName: 'xp-pricing',
      overrideParam: 'xp-pricing',
      enabled: true,
      control: 'control',
      cookieMaxAgeSeconds: 2592000,
    });
  });

  it('keeps explicit values over defaults, and merges content types over the table', () => {
    const c = completeConfig({
      ...minimal,
      contentTypes: { md: 'text/markdown; charset=utf-8' },
      experiments: { list: [{ id: 'a', paths: ['/'], variants: [], cookieName: 'ab', enabled: false }] },
    });
    expect(c.contentTypes.md).toBe('text/markdown; charset=utf-8');
    expect(c.contentTypes.html).toBe(DEFAULTS.contentTypes.html);
    expect(c.experiments.list[0]).toMatchObject({ cookieName: 'ab', overrideParam: 'xp-a', enabled: false });
  });
});

describe('viewer.runtime', () => {
  it('keeps the chosen runtime, and passes anything but an object through for validation to name', () => {
    expect(completeConfig({ ...minimal, viewer: { runtime: 'cloudfront-functions' } }).viewer).toEqual({
      runtime: 'cloudfront-functions',
    });
    const given = { ...minimal, viewer: 'cloudfront-functions' } as never;
    expect(completeConfig(given).viewer).toBe('cloudfront-functions');
  });

  it("loads a file that chooses 'cloudfront-functions'", () => {
    const file = configFile(
      `export default defineConfig(${JSON.stringify({ ...minimal, viewer: { runtime: 'cloudfront-functions' } })});`,
    );
    expect(loadConfig(file).config.viewer.runtime).toBe('cloudfront-functions');
  });
});

describe('loadConfig', () => {
  it('loads a file, completes it and resolves the site folder next to it', () => {
    const file = configFile(
      `export default defineConfig(${JSON.stringify({ ...minimal, site: 'public' })});`,
    );
    const loaded = loadConfig(file);
    expect(loaded.file).toBe(file);
    expect(loaded.siteDir).toBe(path.join(path.dirname(file), 'public'));
    expect(loaded.config.locales.cookieName).toBe('locale');
  });

  it('reads the file anew on every call (an edit is seen without a restart)', () => {
    const file = configFile(`export default defineConfig(${JSON.stringify(minimal)});`);
    expect(loadConfig(file).config.stackName).toBe('EdgePersonalisation');
    writeFileSync(
      file,
      `import { defineConfig } from ${JSON.stringify(DEFINE)};\nexport default defineConfig(${JSON.stringify({ ...minimal, stackName: 'Edited' })});\n`,
    );
    expect(loadConfig(file).config.stackName).toBe('Edited');
  });

  it('throws a ConfigError naming the file and every bad field', () => {
    const file = configFile(
      `export default defineConfig({ siteUrl: 'ftp://x', locales: { supported: ['en'], default: 'fr' } });`,
    );
    let err: unknown;
    try {
      loadConfig(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain(`Invalid configuration in ${path.relative(process.cwd(), file)}:`);
    expect(message).toContain('locales.default must be one of ["en"], got: \'fr\'');
    expect(message).toContain("siteUrl must be the site's public origin");
  });

  it('names the file when it does not compile', () => {
    const file = configFile('export default defineConfig({ siteUrl: ');
    expect(() => loadConfig(file)).toThrow(/edge\.config\.ts: does not compile: /);
  });

  it('names the file when it is missing, with where to start', () => {
    expect(() => loadConfig('/nonexistent/edge.config.ts')).toThrow(
      /edge\.config\.ts: configuration file not found \(create it with defineConfig\(\), see docs\/your-site\.md\)/,
    );
  });

  it('rejects a file whose default export is not an object', () => {
    const file = configFile('export default 42;');
    expect(() => loadConfig(file)).toThrow('default export must be defineConfig({ … }), got: number');
  });
});
