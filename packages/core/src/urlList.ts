/**
 * A list of web addresses a person typed or pasted (n8n's Upload From URL, VS Code's Remote Upload): one
 * rule, so both front ends accept the same text and say the same about it.
 */

/** How the addresses are separated, in the words the front ends' labels use. */
export const URL_LIST_SEPARATORS = 'spaces, commas or new lines';

/**
 * The addresses, separated by spaces, commas or new lines. A comma inside an address (legal in URLs, as in
 * `?ids=1,2`) stays in it: a comma separates only where the next address starts with http:// or https://,
 * or before a space or the end.
 */
export function splitUrlList(text: string): string[] {
  return text
    .split(/\s+|,(?=https?:\/\/)/i)
    .map((part) => part.replace(/^,+|,+$/g, ''))
    .filter((part) => part !== '');
}
