/**
 * The VS Code extension's translations (issue 27): every string its code hands to `vscode.l10n.t` is in
 * l10n/bundle.l10n.json and in each translation with the same placeholders, no bundle holds a key the code
 * no longer uses; the same for the manifest's %keys% (package.nls*.json). And the escape scan, in place of
 * `@vscode/l10n-dev generate-pseudo`: no literal sentence reaches a notification, prompt, quick pick,
 * progress title, tooltip or status text without l10n.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';
import { l10nStrings, placeholders, sourceFiles } from './l10n-strings';

const root = join(__dirname, '..', '..');
const extension = join(root, 'packages', 'vscode-1fichier');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : (v as { message: string }).message);

function extensionFiles(): string[] {
  return sourceFiles(join(extension, 'src'));
}

/** Checks one bundle family: the default (English) one against the code, each translation against it. */
function checkBundles(dir: string, base: string, used: ReadonlySet<string>) {
  const english = readJson(join(dir, `${base}.json`));
  const translations = readdirSync(dir).filter((f) => f.startsWith(`${base}.`) && f !== `${base}.json`);
  return { english, translations: translations.map((f) => ({ file: f, texts: readJson(join(dir, f)) })), used };
}

const languageServer = join(root, 'packages', 'language-server');
const PACKAGES = [
  { name: 'the extension', dir: extension, files: extensionFiles },
  { name: 'the language server', dir: languageServer, files: () => sourceFiles(join(languageServer, 'src')) },
];

describe.each(PACKAGES)('$name: its code and its l10n bundles', ({ dir, files }) => {
  const { strings, dynamic } = l10nStrings(files());
  const used = new Set(strings.map((s) => s.key));
  const bundles = checkBundles(join(dir, 'l10n'), 'bundle.l10n', used);

  it('hands l10n only literal messages (a computed one cannot be extracted)', () => {
    expect(dynamic).toEqual([]);
  });

  it('has every message in the English bundle, and no key the code does not use', () => {
    expect([...used].filter((k) => !(k in bundles.english))).toEqual([]);
    expect(Object.keys(bundles.english).filter((k) => !used.has(k))).toEqual([]);
  });

  it('ships French, with every key and the same placeholders', () => {
    expect(bundles.translations.map((t) => t.file)).toContain('bundle.l10n.fr.json');
    for (const t of bundles.translations) {
      expect(Object.keys(bundles.english).filter((k) => !(k in t.texts))).toEqual([]);
      expect(Object.keys(t.texts).filter((k) => !(k in bundles.english))).toEqual([]);
      const mismatched = Object.entries(t.texts).filter(
        ([k, v]) => placeholders(text(v)).join() !== placeholders(text(bundles.english[k])).join(),
      );
      expect(mismatched).toEqual([]);
    }
  });

  it('writes French with its typography: a narrow no-break space before : ; ? ! and « » with no-break spaces', () => {
    const fr = readJson(join(dir, 'l10n', 'bundle.l10n.fr.json'));
    const nls = dir === extension ? readJson(join(extension, 'package.nls.fr.json')) : {};
    for (const v of [...Object.values(fr), ...Object.values(nls)].map(text)) {
      // A space (plain or no-break) before the high punctuation, or a plain space inside guillemets, is wrong.
      expect(v).not.toMatch(/[ \u00a0][:;?!](?!\/)/);
      expect(v).not.toMatch(/« | »|"\{/);
    }
  });
});

describe('the manifest and its package.nls files', () => {
  const manifest = readFileSync(join(extension, 'package.json'), 'utf8');
  const keys = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] ?? ''));
  const english = readJson(join(extension, 'package.nls.json'));

  it('has every %key% in package.nls.json, and no unused key', () => {
    expect([...keys].filter((k) => !(k in english))).toEqual([]);
    expect(Object.keys(english).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('has every key in each translation, with the same command links and code spans', () => {
    const files = readdirSync(extension).filter((f) => /^package\.nls\.[\w-]+\.json$/.test(f));
    expect(files).toContain('package.nls.fr.json');
    for (const f of files) {
      const t = readJson(join(extension, f));
      expect(Object.keys(english).filter((k) => !(k in t))).toEqual([]);
      expect(Object.keys(t).filter((k) => !(k in english))).toEqual([]);
      const links = (s: unknown) => [...text(s).matchAll(/\]\((command:[^)]+)\)/g)].map((m) => m[1]).join();
      expect(Object.keys(english).filter((k) => links(english[k]) !== links(t[k]))).toEqual([]);
    }
  });

  it('declares the l10n folder, so VS Code loads the bundles', () => {
    expect(JSON.parse(manifest).l10n).toBe('./l10n');
    expect(existsSync(join(extension, 'l10n', 'bundle.l10n.fr.json'))).toBe(true);
  });
});

/**
 * The pseudo-locale check: where the code shows text to the user (the calls and properties below), a
 * string literal or template with words in it means a sentence that escaped l10n. Ids, codicons
 * (`$(cloud)`), the brand name and pure placeholders are fine.
 */
describe('no user-facing string escapes l10n', () => {
  const SHOWN_CALLS = new Set([
    'showInformationMessage',
    'showWarningMessage',
    'showErrorMessage',
    'setStatusBarMessage',
    'showInputBox',
    'showQuickPick',
    'withProgress',
    'report',
    'UserError',
    'NoPermissions',
    'Unavailable',
  ]);
  const SHOWN_PROPS = new Set([
    'title',
    'prompt',
    'placeHolder',
    'placeholder',
    'label',
    'description',
    'detail',
    'tooltip',
    'message',
    'saveLabel',
    'openLabel',
    'text',
    'name',
  ]);

  /** Words that are not a translatable sentence: the brand, codicons, placeholders, paths, ids. */
  function isWords(s: string): boolean {
    const rest = s
      .replace(/\$\([\w-]+\)/g, ' ')
      .replace(/\$\{[^}]*\}/g, ' ')
      .replace(/\b1fichier\b/g, ' ')
      .replace(/\b(Premium|Access)\b/g, ' ')
      .replace(/\bonefichier\.[\w.]+/g, ' ');
    return /[A-Za-z]{3,}/.test(rest) && !/^[\w.:/-]+$/.test(s.trim());
  }

  function literalText(node: ts.Node): string | undefined {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    // Only the template's own text: what its placeholders hold is checked where it is made.
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
    return undefined;
  }

  it('finds none in the extension and the language server', () => {
    const escaped: string[] = [];
    for (const file of PACKAGES.flatMap((p) => p.files())) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        const check = (arg: ts.Node | undefined) => {
          const s = arg && literalText(arg);
          if (s !== undefined && isWords(s)) escaped.push(`${file.slice(root.length + 1)}: ${s}`);
        };
        if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
          const callee = node.expression;
          const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
          if (SHOWN_CALLS.has(name)) node.arguments.forEach((a) => check(a));
        }
        // `message` inside `l10n.t({ message, comment })` is the l10n call itself.
        const inL10nCall =
          node.parent !== undefined &&
          ts.isObjectLiteralExpression(node.parent) &&
          ts.isCallExpression(node.parent.parent) &&
          /\bl10n\.t$/.test(node.parent.parent.expression.getText(source));
        if (ts.isPropertyAssignment(node) && SHOWN_PROPS.has(node.name.getText(source)) && !inL10nCall) check(node.initializer);
        if (
          ts.isBinaryExpression(node) &&
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(node.left)
        ) {
          if (SHOWN_PROPS.has(node.left.name.text)) check(node.right);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    // The root folder's name in the model: never shown (the view shows its children; paths write it "/").
    const neverShown = ['packages/vscode-1fichier/src/tree/nodes.ts: My files'];
    expect(escaped.filter((e) => !neverShown.includes(e))).toEqual([]);
  });
});
