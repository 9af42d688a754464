/**
 * The URLs a stylesheet references — `url(x)`, `url("x")`, `@import "x"` — read from css-tree's CSS Syntax
 * Level 3 tokenizer (https://www.w3.org/TR/css-syntax-3/#tokenization), which reads each character once: an
 * unclosed `url(`, a run of `/*` or an unclosed quote cost no more than any other stylesheet of that size
 * (the regexes this replaces took over 30 s on 240 KB of them; `bench/site-scan.ts`). Comments are tokens
 * of their own, so a `url()` inside one is never read.
 */
import { string, tokenize, tokenTypes as T, url } from 'css-tree';

export function cssUrls(css: string): string[] {
  const out: string[] = [];
  // The next string is a URL when it is the argument of `url(` or of `@import`.
  let argument = false;
  tokenize(css, (type, start, end) => {
    const text = css.slice(start, end);
    if (type === T.WhiteSpace || type === T.Comment) return;
    if (type === T.Url) out.push(url.decode(text));
    else if (type === T.String && argument) out.push(string.decode(text));
    const name = text.toLowerCase();
    argument = (type === T.Function && name === 'url(') || (type === T.AtKeyword && name === '@import');
  });
  return out.filter((u) => u !== '' && !u.trim().toLowerCase().startsWith('data:'));
}
