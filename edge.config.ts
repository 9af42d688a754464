/**
 * The site's configuration: the one file to edit (with the `site` folder) to adopt this service for your own
 * site. `npm run build` validates it and bakes it into the Lambda@Edge bundles; the CDK stack and the local
 * CloudFront read it too. Every field and its default: docs/your-site.md.
 *
 * This is the demo's configuration (a two-locale site with one home-page experiment); replace it.
 */
import { defineConfig } from './edge-functions/config/define';

export default defineConfig({
  site: 'site',
  siteUrl: 'https://edge-demo.example.com',
  locales: {
    supported: ['en', 'ja'],
    default: 'en',
  },
  experiments: {
    // Fired by the home hero's call to action (site/assets/*.js sends a beacon to /__edge/goal/hero-cta).
    goals: [{ id: 'hero-cta' }],
    list: [
      {
        id: 'home-hero',
        paths: ['/'],
        variants: [
          { name: 'control', weight: 50 },
          { name: 'bold', weight: 50 },
        ],
      },
    ],
  },
});
