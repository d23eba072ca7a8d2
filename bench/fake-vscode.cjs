// A stand-in for the `vscode` module, enough to run an extension's activate() outside VS Code and time it.
// Every member is a "universal" stub: callable, constructible, and any property of it is another stub, so
// activate() can register views, commands and providers without the benchmark knowing the extension's
// API surface. Promises resolve to undefined (no stored key, no settings), as in a fresh profile.
'use strict';

const Module = require('node:module');

function stub(path) {
  const target = function vscodeStub() {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a thenable: `await stub` must not hang
      if (prop === Symbol.toPrimitive) return () => path;
      if (prop === Symbol.iterator) return function* empty() {};
      if (prop === 'toString' || prop === 'toJSON') return () => path;
      if (prop === 'dispose') return () => undefined;
      if (typeof prop === 'symbol') return undefined;
      return stub(`${path}.${String(prop)}`);
    },
    apply(_t, _this, args) {
      const name = path.slice(path.lastIndexOf('.') + 1);
      // Event subscriptions and registrations return Disposables; getters of settings and secrets return
      // "nothing stored yet".
      if (/^(get|keys|inspect)$/.test(name)) return /secrets/.test(path) ? Promise.resolve(undefined) : undefined;
      if (/^(update|store|delete|executeCommand|show\w*Message|show\w*Pick|show\w*Box)$/.test(name)) return Promise.resolve(undefined);
      if (name === 'getConfiguration') return stub(`${path}()`);
      if (name === 'joinPath' || name === 'file' || name === 'parse' || name === 'from') return fakeUri(args);
      return stub(`${path}()`);
    },
    construct(_t, args) {
      const name = path.slice(path.lastIndexOf('.') + 1);
      if (name === 'EventEmitter') return new FakeEventEmitter();
      if (name === 'Disposable') return { dispose: typeof args[0] === 'function' ? args[0] : () => undefined };
      return stub(`new ${path}`);
    },
  });
}

class FakeEventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(value) {
    for (const l of this.listeners) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

function fakeUri(args) {
  const text = args.map((a) => (typeof a === 'string' ? a : a && a.path ? a.path : '')).join('/');
  return { scheme: 'file', path: text, fsPath: text, toString: () => `file://${text}`, with: () => fakeUri(args) };
}

/** The ExtensionContext handed to activate(): real arrays and maps where extensions keep state. */
function fakeContext(extensionPath) {
  const memento = () => {
    const m = new Map();
    return {
      get: (k, d) => (m.has(k) ? m.get(k) : d),
      update: async (k, v) => {
        m.set(k, v);
      },
      keys: () => [...m.keys()],
      setKeysForSync: () => undefined,
    };
  };
  const secrets = new Map();
  const onDidChange = new FakeEventEmitter();
  return {
    subscriptions: [],
    extensionPath,
    extensionUri: fakeUri([extensionPath]),
    globalState: memento(),
    workspaceState: memento(),
    secrets: {
      get: async (k) => secrets.get(k),
      store: async (k, v) => {
        secrets.set(k, v);
        onDidChange.fire({ key: k });
      },
      delete: async (k) => {
        secrets.delete(k);
        onDidChange.fire({ key: k });
      },
      onDidChange: onDidChange.event,
    },
    storageUri: fakeUri([extensionPath, '.storage']),
    globalStorageUri: fakeUri([extensionPath, '.global-storage']),
    logUri: fakeUri([extensionPath, '.log']),
    extensionMode: 1,
    asAbsolutePath: (p) => `${extensionPath}/${p}`,
    environmentVariableCollection: stub('context.environmentVariableCollection'),
    extension: stub('context.extension'),
  };
}

/**
 * The module object: bundlers copy a CommonJS module's own enumerable keys into the namespace of
 * `import * as vscode from 'vscode'`, so the API's top-level names must be real own properties.
 */
const TOP_LEVEL = [
  'window',
  'workspace',
  'commands',
  'languages',
  'env',
  'extensions',
  'authentication',
  'debug',
  'tasks',
  'scm',
  'tests',
  'notebooks',
  'l10n',
  'chat',
  'lm',
  'Uri',
  'EventEmitter',
  'Disposable',
  'TreeItem',
  'TreeItemCollapsibleState',
  'TreeItemCheckboxState',
  'ThemeIcon',
  'ThemeColor',
  'StatusBarAlignment',
  'ProgressLocation',
  'ViewColumn',
  'FileType',
  'FileSystemError',
  'FilePermission',
  'FileChangeType',
  'Range',
  'Position',
  'Selection',
  'Location',
  'Hover',
  'MarkdownString',
  'Diagnostic',
  'DiagnosticSeverity',
  'DiagnosticTag',
  'CodeAction',
  'CodeActionKind',
  'WorkspaceEdit',
  'TextEdit',
  'SnippetString',
  'CancellationTokenSource',
  'CancellationError',
  'DataTransfer',
  'DataTransferItem',
  'RelativePattern',
  'ConfigurationTarget',
  'QuickPickItemKind',
  'DocumentLink',
  'CompletionItem',
  'CompletionItemKind',
  'ExtensionMode',
  'UIKind',
  'ColorThemeKind',
  'TabInputText',
  'EndOfLine',
  'OverviewRulerLane',
  'TextEditorRevealType',
  'DecorationRangeBehavior',
  'LogLevel',
  'QuickInputButtons',
];

function moduleObject() {
  const base = { version: '1.100.0' };
  for (const name of TOP_LEVEL) base[name] = stub(`vscode.${name}`);
  return new Proxy(base, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (prop === 'then' || prop === '__esModule' || prop === 'default' || typeof prop === 'symbol') return undefined;
      return stub(`vscode.${String(prop)}`);
    },
  });
}

/** Makes `require('vscode')` return the fake for everything loaded after this call. */
function installFakeVscode() {
  const vscode = moduleObject();
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveWithVscode(request, ...rest) {
    if (request === 'vscode') return 'vscode';
    return resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
  return vscode;
}

module.exports = { installFakeVscode, fakeContext };
