/**
 * HTML with systematic escaping: every interpolated value is escaped unless it is itself made
 * by `html`. A small copy of services/portal/src/domain/html.ts (that one is not in a lib; the
 * two apps share no code at run time, see ADR 0025).
 */
export class SafeHtml {
  private constructor(readonly value: string) {}
  static of(value: string): SafeHtml {
    return new SafeHtml(value);
  }
  toString(): string {
    return this.value;
  }
}

export type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return SafeHtml.of(out);
}
