/**
 * HTML with systematic escaping, for every server-rendered page (the staff portal, the citizen
 * portal, the simulators' login pages). Every page is built with the `html` tagged template: each
 * interpolated value is escaped unless it is itself the result of `html` (SafeHtml). Arrays are
 * rendered item by item; null, undefined and false render as nothing. There is no other way to
 * put text into a page, so text from users or services can never become markup.
 */

/** Markup that is safe to insert as is: only `html` (and `trustedMarkup` for constants) make one. */
export class SafeHtml {
  private constructor(readonly value: string) {}
  /** @internal used by `html`; not exported under another name. */
  static of(value: string): SafeHtml {
    return new SafeHtml(value);
  }
  toString(): string {
    return this.value;
  }
}

export type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The one way to write markup: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return SafeHtml.of(out);
}

/** Joins fragments with a separator (itself escaped when it is plain text). */
export function join(parts: readonly Interpolation[], separator: Interpolation = ''): SafeHtml {
  return SafeHtml.of(parts.map(render).join(render(separator)));
}

/**
 * Markup written in this code base as a constant (never built from input), e.g. an inline SVG
 * icon. Refuses anything that looks interpolated.
 */
export function trustedMarkup(constant: string): SafeHtml {
  if (constant.includes('${')) throw new Error('trustedMarkup takes constants only');
  return SafeHtml.of(constant);
}

/** A path with its dynamic segments percent-encoded: `path\`/x/${id}\`` for hrefs and actions. */
export function path(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
  let out = strings[0];
  for (let i = 0; i < segments.length; i++) out += encodeURIComponent(String(segments[i])) + strings[i + 1];
  return out;
}
