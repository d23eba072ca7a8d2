import { Errors } from './errors';
import { PARIS_DATE_RE } from './util';

/**
 * Strict request checking: an unknown field or a wrong type is a KO, so a client bug shows up against the
 * sandbox instead of in production (where the real service may silently ignore it).
 */
export type FieldSpec =
  | 'int'
  | 'flag' // integer 0 or 1
  | 'string'
  | 'date' // "YYYY-MM-DD HH:MM:SS"
  | 'string[]'
  | { kind: 'int-range'; min: number; max: number }
  | { kind: 'object'; fields: Schema }
  | { kind: 'array'; of: FieldSpec }
  | { kind: 'custom'; describe: string; check: (v: unknown) => boolean };

export interface FieldRule {
  spec: FieldSpec;
  required?: boolean;
}
export type Schema = Record<string, FieldSpec | FieldRule>;

const rule = (r: FieldSpec | FieldRule): FieldRule => (typeof r === 'object' && 'spec' in r ? r : { spec: r });

export const req = (spec: FieldSpec): FieldRule => ({ spec, required: true });

function describe(spec: FieldSpec): string {
  if (typeof spec === 'string') {
    return {
      int: 'an integer (a JSON number, not a string)',
      flag: 'the integer 0 or 1',
      string: 'a string',
      date: 'a date string "YYYY-MM-DD HH:MM:SS" (Paris time)',
      'string[]': 'an array of strings',
    }[spec];
  }
  switch (spec.kind) {
    case 'int-range':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'object':
      return 'an object';
    case 'array':
      return `an array of ${describe(spec.of)}`;
    case 'custom':
      return spec.describe;
  }
}

function check(value: unknown, spec: FieldSpec, path: string): void {
  const bad = () => Errors.wrongType(path, describe(spec));
  if (typeof spec === 'string') {
    switch (spec) {
      case 'int':
        if (!Number.isSafeInteger(value)) throw bad();
        return;
      case 'flag':
        if (value !== 0 && value !== 1) throw bad();
        return;
      case 'string':
        if (typeof value !== 'string') throw bad();
        return;
      case 'date':
        if (typeof value !== 'string' || !PARIS_DATE_RE.test(value)) throw bad();
        return;
      case 'string[]':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw bad();
        return;
    }
  }
  switch (spec.kind) {
    case 'int-range':
      if (!Number.isSafeInteger(value) || (value as number) < spec.min || (value as number) > spec.max) throw bad();
      return;
    case 'object':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw bad();
      validate(value as Record<string, unknown>, spec.fields, `${path}.`);
      return;
    case 'array':
      if (!Array.isArray(value)) throw bad();
      value.forEach((v, i) => check(v, spec.of, `${path}[${i}]`));
      return;
    case 'custom':
      if (!spec.check(value)) throw bad();
      return;
  }
}

export function validate(body: Record<string, unknown>, schema: Schema, prefix = ''): void {
  // Own keys only: `key in schema` would accept toString, constructor or __proto__ (they live on
  // Object.prototype), letting a hostile body past the unknown-field check.
  for (const key of Object.keys(body)) {
    if (!Object.hasOwn(schema, key)) throw Errors.unknownField(prefix + key);
  }
  for (const [key, r] of Object.entries(schema)) {
    const { spec, required } = rule(r);
    if (!Object.hasOwn(body, key)) {
      if (required) throw Errors.missingField(prefix + key);
      continue;
    }
    check(body[key], spec, prefix + key);
  }
}
