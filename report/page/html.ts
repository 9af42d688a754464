/**
 * HTML escaping for text and attribute values (every name in the report can come from a log line): control
 * characters become visible `\uXXXX` (printable()), then the markup characters become entities.
 */
import { printable } from '../format/printable';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const esc = (text: string | number): string =>
  printable(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** An element with escaped attribute values; children are trusted markup built with esc(). */
export function el(
  tag: string,
  attrs: Readonly<Record<string, string | number>>,
  ...children: string[]
): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
  return `<${tag}${a}>${children.join('')}</${tag}>`;
}
