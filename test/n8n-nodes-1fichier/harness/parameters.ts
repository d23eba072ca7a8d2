/**
 * The parameters a node version shows, flattened with their type, default, display conditions and choices:
 * what a saved workflow's meaning rests on (README, Versioning policy). Used by the version-1 and version-1.2 records.
 */
import type { INodeProperties } from 'n8n-workflow';

export type Entry = { key: string; type: string; default: unknown; choices?: unknown[] };
export type Record_ = Record<string, Entry[]>;

/** Whether one `@version` condition of n8n's displayOptions holds for `version`. */
function versionMatches(cond: unknown, version: number): boolean {
  if (typeof cond === 'number') return cond === version;
  const c = (cond as { _cnd?: Record<string, unknown> })._cnd;
  if (!c) return false;
  const [op, v] = Object.entries(c)[0] ?? [];
  switch (op) {
    case 'eq':
      return version === v;
    case 'not':
      return version !== v;
    case 'gte':
      return version >= (v as number);
    case 'lte':
      return version <= (v as number);
    case 'gt':
      return version > (v as number);
    case 'lt':
      return version < (v as number);
    case 'between': {
      const { from, to } = v as { from: number; to: number };
      return version >= from && version <= to;
    }
    default:
      throw new Error(`harness/parameters.ts does not know the @version condition ${JSON.stringify(cond)}`);
  }
}

function shownAt(p: INodeProperties, version: number): boolean {
  const show = p.displayOptions?.show?.['@version'] as unknown[] | undefined;
  const hide = p.displayOptions?.hide?.['@version'] as unknown[] | undefined;
  if (show && !show.some((c) => versionMatches(c, version))) return false;
  if (hide && hide.some((c) => versionMatches(c, version))) return false;
  return true;
}

/** The display conditions other than the version, which a workflow's values are matched against. */
function conditions(p: INodeProperties): unknown {
  const strip = (o: Record<string, unknown> | undefined) => o && Object.fromEntries(Object.entries(o).filter(([k]) => k !== '@version'));
  const show = strip(p.displayOptions?.show);
  const hide = strip(p.displayOptions?.hide);
  return { ...(show && Object.keys(show).length ? { show } : {}), ...(hide && Object.keys(hide).length ? { hide } : {}) };
}

export function flatten(props: readonly unknown[], version: number, prefix = ''): Entry[] {
  const out: Entry[] = [];
  for (const raw of props) {
    const p = raw as INodeProperties & { values?: INodeProperties[] };
    if (p.type === 'notice' || !shownAt(p, version)) continue;
    const name = `${prefix}${p.name}`;
    const when = conditions(p);
    const key = Object.keys(when as object).length ? `${name} ${JSON.stringify(when)}` : name;
    const entry: Entry = { key, type: p.type, default: p.default ?? null };
    if ((p.type === 'options' || p.type === 'multiOptions') && Array.isArray(p.options)) {
      entry.choices = (p.options as Array<{ value: unknown }>).map((o) => o.value);
    }
    out.push(entry);
    if (p.type === 'collection' && Array.isArray(p.options)) out.push(...flatten(p.options, version, `${name}.`));
    if (p.type === 'fixedCollection' && Array.isArray(p.options)) {
      for (const group of p.options as Array<{ name: string; values: INodeProperties[] }>) {
        out.push(...flatten(group.values, version, `${name}.${group.name}.`));
      }
    }
    if (p.type === 'resourceLocator' && Array.isArray(p.modes)) {
      entry.choices = p.modes.map((m) => m.name);
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
