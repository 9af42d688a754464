/** Resolved by `notFoundPagesPlugin` in build.ts: locale → not-found page HTML. */
declare module 'virtual:not-found-pages' {
  const pages: Readonly<Record<string, string>>;
  export = pages;
}

/**
 * Resolved by `bakedConfigPlugin` in build.ts: the validated configuration, projected to what the bundle's
 * handler reads (`viewerConfig` / `originConfig`). Typed as their union; each entry point passes it to its
 * own handler, whose parameter type checks the fields it uses.
 */
declare module 'virtual:edge-config' {
  const config: import('./config/resolve').ViewerConfig &
    import('./config/resolve').OriginConfig &
    Partial<import('./cloudfront-functions/run').FunctionBaked>;
  export = config;
}
