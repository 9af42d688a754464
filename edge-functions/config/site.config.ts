import type { SiteConfig } from './schema';

/**
 * The demo site's configuration — the single source of truth for the edge bundles, the CDK stack and the
 * local CloudFront. Change it, run `npm run build`; a bad value fails the build naming the field.
 */
export const siteConfig: SiteConfig = {
  locales: {
    supported: ['en', 'ja'],
    default: 'en',
    cookieName: 'locale',
    mode: 'redirect',
    neutralPaths: ['/robots.txt', '/favicon.ico', '/sitemap.xml', '/assets/*'],
    notFoundObject: '404.html',
  },
  experiments: {
    list: [
      {
        id: 'home-hero',
        enabled: true,
        paths: ['/'],
        variants: [
          { name: 'control', weight: 50 },
          { name: 'bold', weight: 50 },
        ],
        control: 'control',
        cookieName: 'xp-home-hero',
        cookieMaxAgeSeconds: 30 * 24 * 3600,
        overrideParam: 'xp-home-hero',
      },
    ],
  },
  securityHeaders: {},
  cache: {
    pages: { min: 0, default: 300, max: 86400 },
    assets: { min: 0, default: 86400, max: 31536000 },
    queryStrings: [],
    htmlCacheControl: 'public, max-age=0, s-maxage=300, must-revalidate',
    immutableCacheControl: 'public, max-age=31536000, immutable',
    defaultCacheControl: 'public, max-age=3600',
    notFoundCacheControl: 'public, max-age=0, s-maxage=60',
  },
  contentTypes: {
    html: 'text/html; charset=utf-8',
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    mjs: 'text/javascript; charset=utf-8',
    json: 'application/json',
    map: 'application/json',
    txt: 'text/plain; charset=utf-8',
    xml: 'application/xml',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/x-icon',
    woff: 'font/woff',
    woff2: 'font/woff2',
    webmanifest: 'application/manifest+json',
    pdf: 'application/pdf',
  },
};
