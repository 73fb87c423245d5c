/**
 * Text PostgreSQL cannot hold in a text or jsonb column: U+0000, and surrogates without their
 * pair (which no UTF-8 can encode). Parsing refuses records holding it; storableText escapes it.
 */
// eslint-disable-next-line no-control-regex -- the control character is what this finds
export const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL_OR_LONE_SURROGATE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Outside text as a text column can hold it: PostgreSQL refuses U+0000 in text and jsonb, and
 * lone surrogates cannot be encoded, so each of those (and the other control characters
 * but tab and line breaks) is written as a \uXXXX escape, and the result is cut to
 * `maxCharacters`, saying how much was cut. For what a steward reads; original bytes are kept elsewhere.
 */
export function storableText(text: string, maxCharacters = 1000): string {
  const escaped = text.replace(CONTROL_OR_LONE_SURROGATE, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped.length <= maxCharacters) return escaped;
  const marker = ` … (${escaped.length - maxCharacters} more characters)`;
  const kept = escaped.slice(0, Math.max(0, maxCharacters - marker.length));
  // Never end on half a surrogate pair.
  return (/[\ud800-\udbff]$/.test(kept) ? kept.slice(0, -1) : kept) + marker;
}

