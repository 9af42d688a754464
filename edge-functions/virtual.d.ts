/** Resolved by `notFoundPagesPlugin` in build.ts: locale → not-found page HTML. */
declare module 'virtual:not-found-pages' {
  const pages: Readonly<Record<string, string>>;
  export = pages;
}
