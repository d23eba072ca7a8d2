/**
 * A small stand-in for the `vscode` module, used only at the boundary: the extension's own code, the core
 * client and the sandbox all run for real. Prompts are answered from queues a test fills (`ui`), and every
 * message, clipboard write and progress report is recorded for the test to check.
 */
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { URL as NodeURL } from 'node:url';

// ------------------------------------------------------------------ basics

export class Disposable {
  constructor(private readonly fn: () => void) {}
  static from(...ds: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static file(p: string): Uri {
    return new Uri('file', '', p, '', '');
  }
  static parse(s: string): Uri {
    const u = new NodeURL(s);
    return new Uri(
      u.protocol.replace(/:$/, ''),
      u.host,
      decodeURIComponent(u.pathname),
      u.search.replace(/^\?/, ''),
      u.hash.replace(/^#/, ''),
    );
  }
  get fsPath(): string {
    return this.path;
  }
  with(c: Partial<{ scheme: string; path: string; query: string }>): Uri {
    return new Uri(c.scheme ?? this.scheme, this.authority, c.path ?? this.path, c.query ?? this.query, this.fragment);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  value = '';
  constructor(
    value?: string,
    readonly supportThemeIcons = false,
  ) {
    this.value = value ?? '';
  }
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
  SymbolicLink = 64,
}
export enum FilePermission {
  Readonly = 1,
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  resourceUri?: Uri;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = `FileSystemError (${code})`;
  }
  static FileNotFound(m?: unknown): FileSystemError {
    return new FileSystemError(String(m ?? ''), 'FileNotFound');
  }
  static NoPermissions(m?: unknown): FileSystemError {
    return new FileSystemError(String(m ?? ''), 'NoPermissions');
  }
  static Unavailable(m?: unknown): FileSystemError {
    return new FileSystemError(String(m ?? ''), 'Unavailable');
  }
}

export class DataTransferItem {
  constructor(readonly value: any) {}
  async asString(): Promise<string> {
    return typeof this.value === 'string' ? this.value : JSON.stringify(this.value);
  }
  asFile(): { name: string; uri?: Uri; data(): Promise<Uint8Array> } | undefined {
    return this.value?.__file;
  }
}

export class DataTransfer {
  private readonly items = new Map<string, DataTransferItem>();
  get(mime: string): DataTransferItem | undefined {
    return this.items.get(mime.toLowerCase());
  }
  set(mime: string, item: DataTransferItem): void {
    this.items.set(mime.toLowerCase(), item);
  }
  *[Symbol.iterator](): IterableIterator<[string, DataTransferItem]> {
    yield* this.items.entries();
  }
}

// ------------------------------------------------------------------ scripted UI

type Answer<T> = T | ((arg: any) => T);

/** Everything the fake UI saw, and the answers it will give. */
export const ui = {
  inputBoxes: [] as Answer<string | undefined>[],
  quickPicks: [] as Answer<any>[],
  /** Answers to modal / buttoned messages (the button label, or undefined to dismiss). */
  messageButtons: [] as (string | undefined)[],
  openDialogs: [] as (Uri[] | undefined)[],
  saveDialogs: [] as Answer<Uri | undefined>[],
  messages: [] as { level: 'info' | 'warning' | 'error'; text: string; buttons: string[]; detail?: string }[],
  statusMessages: [] as string[],
  logLines: [] as string[],
  clipboard: '',
  context: new Map<string, unknown>(),
  progress: [] as { title?: string; message?: string; increment?: number }[],
  /** Input box options as asked (to check validators). */
  inputOptions: [] as any[],
  /** When set, progress tokens are cancelled when the predicate matches a report. */
  cancelWhen: undefined as undefined | ((report: { message?: string; increment?: number }) => boolean),
  executed: [] as { command: string; args: unknown[] }[],
  statusItems: [] as { text: string; tooltip: string; visible: boolean }[],
  /** Editor tabs opened with vscode.open. */
  tabs: [] as { label: string; input: { uri: Uri } }[],
  reset(): void {
    this.statusItems = [];
    this.tabs = [];
    this.inputBoxes = [];
    this.quickPicks = [];
    this.messageButtons = [];
    this.openDialogs = [];
    this.saveDialogs = [];
    this.messages = [];
    this.statusMessages = [];
    this.logLines = [];
    this.clipboard = '';
    this.progress = [];
    this.inputOptions = [];
    this.cancelWhen = undefined;
    this.executed = [];
  },
  /** Everything user-visible or logged, to check that no secret leaks. */
  allText(): string {
    return [
      ...this.messages.map((m) => m.text),
      ...this.statusMessages,
      ...this.logLines,
      ...this.progress.map((p) => p.message ?? ''),
    ].join('\n');
  },
};

function take<T>(queue: Answer<T>[], arg: unknown, what: string): T {
  if (queue.length === 0) throw new Error(`fake vscode: no scripted answer for ${what}`);
  const a = queue.shift() as Answer<T>;
  return typeof a === 'function' ? (a as (x: unknown) => T)(arg) : a;
}

function message(level: 'info' | 'warning' | 'error') {
  return async (text: string, ...rest: any[]): Promise<string | undefined> => {
    const buttons = rest.filter((r) => typeof r === 'string');
    const modal = rest.some((r) => typeof r === 'object' && r?.modal);
    const detail = rest.find((r) => typeof r === 'object' && typeof r?.detail === 'string')?.detail as string | undefined;
    ui.messages.push({ level, text, buttons, ...(detail !== undefined ? { detail } : {}) });
    if (modal) return take(ui.messageButtons as Answer<string | undefined>[], text, `modal "${text}"`);
    return undefined;
  };
}

class FakeQuickPick {
  title?: string;
  placeholder?: string;
  busy = false;
  matchOnDescription = false;
  selectedItems: any[] = [];
  private _items: any[] = [];
  private readonly accept = new EventEmitter<void>();
  private readonly hide = new EventEmitter<void>();
  readonly onDidAccept = this.accept.event;
  readonly onDidHide = this.hide.event;
  get items(): any[] {
    return this._items;
  }
  set items(v: any[]) {
    this._items = v;
    if (v.length === 0) return;
    setTimeout(() => {
      const picked = take(ui.quickPicks, v, `quick pick "${this.title}"`);
      if (picked === undefined) this.hide.fire();
      else {
        this.selectedItems = [picked];
        this.accept.fire();
      }
    }, 0);
  }
  show(): void {}
  dispose(): void {}
}

export const window = {
  tabGroups: {
    get all() {
      return [{ tabs: [...ui.tabs] }];
    },
    close: async (tabs: unknown[]): Promise<boolean> => {
      ui.tabs = ui.tabs.filter((t) => !tabs.includes(t));
      return true;
    },
  },
  createOutputChannel: (_name: string) => ({
    info: (m: string) => ui.logLines.push(`info ${m}`),
    warn: (m: string) => ui.logLines.push(`warn ${m}`),
    error: (m: string) => ui.logLines.push(`error ${m}`),
    appendLine: (m: string) => ui.logLines.push(m),
    show: () => undefined,
    dispose: () => undefined,
  }),
  showInputBox: async (options: any = {}): Promise<string | undefined> => {
    ui.inputOptions.push(options);
    const answer = take(ui.inputBoxes, options, `input box "${options.title}"`);
    if (answer !== undefined && options.validateInput) {
      const problem = await options.validateInput(answer);
      if (problem) throw new Error(`fake vscode: scripted input "${answer}" was refused by the validator: ${problem}`);
    }
    return answer;
  },
  showQuickPick: async (items: any, options: any = {}): Promise<any> => take(ui.quickPicks, await items, `quick pick "${options.title}"`),
  createQuickPick: () => new FakeQuickPick(),
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  setStatusBarMessage: (text: string) => {
    ui.statusMessages.push(text);
    return new Disposable(() => undefined);
  },
  showOpenDialog: async (): Promise<Uri[] | undefined> => take(ui.openDialogs as Answer<Uri[] | undefined>[], undefined, 'open dialog'),
  showSaveDialog: async (options: any = {}): Promise<Uri | undefined> =>
    take(ui.saveDialogs as Answer<Uri | undefined>[], options, 'save dialog'),
  withProgress: async <T>(
    options: { title?: string; cancellable?: boolean },
    task: (progress: any, token: any) => Promise<T>,
  ): Promise<T> => {
    const cancel = new EventEmitter<void>();
    const token = { isCancellationRequested: false, onCancellationRequested: cancel.event };
    const progress = {
      report: (r: { message?: string; increment?: number }) => {
        ui.progress.push({ ...(options.title !== undefined ? { title: options.title } : {}), ...r });
        if (options.cancellable && ui.cancelWhen?.(r) && !token.isCancellationRequested) {
          token.isCancellationRequested = true;
          setTimeout(() => cancel.fire(), 0);
        }
      },
    };
    return task(progress, token);
  },
  createTreeView: (_id: string, options: any) => ({
    options,
    selection: [] as unknown[],
    reveal: async (node: unknown) => {
      ui.executed.push({ command: 'reveal', args: [node] });
    },
    dispose: () => undefined,
  }),
  createStatusBarItem: () => {
    const item = {
      text: '',
      tooltip: '',
      visible: false,
      show: () => (item.visible = true),
      hide: () => (item.visible = false),
      dispose: () => undefined,
    };
    ui.statusItems.push(item);
    return item;
  },
  activeTextEditor: undefined as unknown,
};

const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
    commandHandlers.set(id, handler);
    return new Disposable(() => commandHandlers.delete(id));
  },
  executeCommand: async (id: string, ...args: unknown[]): Promise<unknown> => {
    if (id === 'setContext') {
      ui.context.set(args[0] as string, args[1]);
      return undefined;
    }
    const handler = commandHandlers.get(id);
    if (handler) return handler(...args);
    if (id === 'vscode.open' && args[0] instanceof Uri)
      ui.tabs.push({ label: args[0].path.split('/').pop() ?? '', input: { uri: args[0] } });
    ui.executed.push({ command: id, args });
    return undefined;
  },
};

export const env = {
  /** VS Code's display language; a test sets 'fr' to see the extension in French. */
  language: 'en',
  clipboard: {
    readText: async () => ui.clipboard,
    writeText: async (t: string) => {
      ui.clipboard = t;
    },
  },
};

/**
 * `vscode.l10n.t` as VS Code runs it: the message is its own key, looked up in `l10n.bundle` (empty: the
 * English text), then `{0}` or `{name}` filled from the arguments. A test loads l10n/bundle.l10n.fr.json here.
 */
export const l10n = {
  bundle: {} as Record<string, string>,
  t(
    message: string | { message: string; args?: unknown[] | Record<string, unknown>; comment?: string | string[] },
    ...rest: unknown[]
  ): string {
    const text = typeof message === 'string' ? message : message.message;
    const args: unknown = typeof message === 'string' ? (rest.length === 1 && typeof rest[0] === 'object' ? rest[0] : rest) : message.args;
    // With a comment, the bundle's key is "<message>/<comment>", as VS Code and @vscode/l10n-dev write it.
    const comment = typeof message === 'string' ? undefined : message.comment;
    const key = comment?.length ? `${text}/${Array.isArray(comment) ? comment.join('') : comment}` : text;
    const template = l10n.bundle[key] ?? text;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = (args as Record<string, unknown> | undefined)?.[name];
      return value === undefined ? whole : String(value);
    });
  },
};

/** Settings for `onefichier.*`, set by tests: the user's own (settings.json of the profile). */
export const settings = new Map<string, unknown>();
/** The document events a test fires, as VS Code does when a document is opened, saved or edited. */
export const documentEvents = {
  opened: new EventEmitter<unknown>(),
  saved: new EventEmitter<unknown>(),
  changed: new EventEmitter<{ document: unknown; contentChanges: { text: string }[] }>(),
};

/**
 * Values from the opened folder's .vscode/settings.json. get() prefers them, as VS Code does for a setting
 * without a `scope` limit; inspect() shows each level apart.
 */
export const workspaceSettings = new Map<string, unknown>();
const configChange = new EventEmitter<{ affectsConfiguration(s: string): boolean }>();

/** The defaults the extension's package.json declares, as VS Code reads them. */
const declaredDefaults: Record<string, { default?: unknown }> = JSON.parse(
  readFileSync(joinPath(__dirname, '..', '..', 'package.json'), 'utf8'),
).contributes.configuration.properties;

export const workspace = {
  getConfiguration: (section: string) => ({
    get: <T>(key: string, fallback?: T): T | undefined => {
      const full = `${section}.${key}`;
      if (workspaceSettings.has(full)) return workspaceSettings.get(full) as T;
      return settings.has(full) ? (settings.get(full) as T) : fallback;
    },
    inspect: <T>(key: string) => {
      const full = `${section}.${key}`;
      return {
        key: full,
        defaultValue: declaredDefaults[full]?.default as T | undefined,
        globalValue: settings.get(full) as T | undefined,
        workspaceValue: workspaceSettings.get(full) as T | undefined,
      };
    },
    update: async (key: string, value: unknown) => {
      settings.set(`${section}.${key}`, value);
      configChange.fire({ affectsConfiguration: (s) => `${section}.${key}`.startsWith(s) });
    },
  }),
  onDidChangeConfiguration: configChange.event,
  registerFileSystemProvider: () => new Disposable(() => undefined),
  workspaceFolders: undefined as unknown,
  textDocuments: [] as unknown[],
  onDidOpenTextDocument: documentEvents.opened.event,
  onDidSaveTextDocument: documentEvents.saved.event,
  onDidChangeTextDocument: documentEvents.changed.event,
};

/** Fires a configuration change, as VS Code does after settings.json changes. */
export function changeSetting(key: string, value: unknown): void {
  settings.set(key, value);
  configChange.fire({ affectsConfiguration: (s) => key.startsWith(s) });
}

/** SecretStorage in memory. */
export class FakeSecretStorage {
  private readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }
  has(key: string): boolean {
    return this.values.has(key);
  }
}

/** ExtensionContext.globalState in memory (shared by every window of a profile in real VS Code). */
export class FakeMemento {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}
