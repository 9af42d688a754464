/**
 * The URLs a stylesheet references — `url(x)`, `url("x")`, `@import "x"` — read from css-tree's CSS
 * Syntax Level 3 tokenizer (https://www.w3.org/TR/css-syntax-3/#tokenization), which reads each character
 * once: an unclosed `url(`, a run of `/*` or an unclosed quote cost no more than any other stylesheet of
 * that size (the regexes this replaces took over 30 s on 240 KB of them; `bench/site-scan.ts`). Comments
 * are tokens of their own, so a `url()` inside one is never read.
 */
import type * as CssTree from 'css-tree';

let library: typeof CssTree | undefined;
/**
 * css-tree takes about 0.3 s to load (its lexer's data), so it is loaded with the first stylesheet, not
 * with everything that imports the site checks (the build, and through it every test suite).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cssTree = (): typeof CssTree => (library ??= require('css-tree') as typeof CssTree);

export function cssUrls(css: string): string[] {
  const { string, tokenize, tokenTypes: T, url } = cssTree();
  const out: string[] = [];
  // The next string is a URL when it is the argument of `url(` or of `@import`.
  let argument = false;
  const named = (start: number, end: number, name: string) =>
    end - start === name.length && css.slice(start, end).toLowerCase() === name;
  tokenize(css, (type, start, end) => {
    if (type === T.WhiteSpace || type === T.Comment) return;
    if (type === T.Url) out.push(url.decode(css.slice(start, end)));
    else if (type === T.String && argument) out.push(string.decode(css.slice(start, end)));
    argument =
      (type === T.Function && named(start, end, 'url(')) ||
      (type === T.AtKeyword && named(start, end, '@import'));
  });
  return out.filter((u) => u !== '' && !u.trim().toLowerCase().startsWith('data:'));
}
