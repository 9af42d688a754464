/**
 * Names in the report come from log lines, which anyone who can write a line can fill: before any of it
 * reaches a terminal or a page, control characters are shown as visible `\uXXXX` escapes, so a name can
 * never move the cursor, recolour the terminal, ring its bell or retitle it. The table, the HTML page, the
 * JSON output and the CLI's messages all go through this module.
 *
 * Escaped: the C0 controls, DEL and the C1 controls (general category Cc; U+009B is a one-character CSI on
 * terminals that honour C1), and the characters that reorder or break text without being seen: the
 * bidirectional formatting characters (Unicode UAX #9: U+061C, U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069) and the line and paragraph separators U+2028, U+2029.
 * https://www.unicode.org/reports/tr9/
 */
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** The same set minus what JSON.stringify already escapes (U+0000–U+001F). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every unsafe character as a visible `\uXXXX`: for one line of a table, a page or stderr. */
export const printable = (text: string): string => text.replace(UNSAFE, escape);

/**
 * JSON text (JSON.stringify output, line breaks of its indentation included) with the unsafe characters
 * JSON.stringify leaves raw escaped too: the same JSON values, safe to print (RFC 8259 §7).
 */
export const printableJson = (json: string): string => json.replace(UNSAFE_IN_JSON, escape);
