/**
 * The language server: hover, dead-link diagnostics, code actions and commands for 1fichier links.
 *
 * Network use is bounded by design: file details are fetched on hover, and for diagnostics only when a
 * document is opened or saved; every answer is cached, and calls go one after another through the core,
 * whose limiter paces them. Typing only re-reads the cache.
 */
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  ErrorCodes,
  ExecuteCommandParams,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  LSPErrorCodes,
  MarkupKind,
  Position,
  Range,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  WorkDoneProgressReporter,
  WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  API_KEY_ENV,
  CLIENT_LINK_COMMANDS,
  DEFAULT_BASE_URL,
  SERVER_COMMANDS,
  SERVER_LANGUAGES,
  findFileUrls,
  formatSize,
  formatSizeExact,
  parisToEpochMs,
  parseFileUrl,
  showControls,
  type FileUrlMatch,
  type LanguageServerOptions,
  type ReplacedLinkStore,
  type UploadSource,
} from '@onefichier/core';
import { escapeMarkdown, formatDate } from './format';
import { linkAt } from './links';
import { LinkApi, LinkStatus, LinkStatusCache, PublicDetails, isAccountProblem } from './link-status';
import { localFileAt, resolveWrittenPath } from './paths';
import { ServerSettings, SettingsInput, extractSettingsInput, howToSetKey, resolveSettings } from './settings';
import { inspectUploadCandidate } from './upload-policy';
import { confirmUpload } from './upload-prompt';
import { SERVER_VERSION } from './version';

const SUPPORTED_LANGUAGES = new Set(SERVER_LANGUAGES);

const DIAGNOSTIC_SOURCE = '1fichier';
const DIAGNOSTIC_CODE_MISSING = 'file-not-found';

export interface ServerDependencies {
  /** Builds the core client for these settings; undefined when there is no key. */
  createApi(settings: ServerSettings, hooks: ApiHooks): LinkApi | undefined;
  /** A re-openable upload source reading a file from disk, named `name` (rejects a missing, empty or special file). */
  openFile(absolutePath: string, name: string): Promise<UploadSource>;
  /** The toolkit's record of replaced links (old → new), for the quick fix of a dead link. */
  replacedLinks?: ReplacedLinkStore;
  env: NodeJS.ProcessEnv;
  /** How long a hover waits for file details before answering with what it has (default 4 s). */
  hoverTimeoutMs?: number;
  /** How long an answer about a file is trusted (default 10 min). */
  cacheTtlMs?: number;
  /**
   * Files one open or save may look up (default 300, about 5 minutes of paced calls); the rest are
   * looked up by the next saves, the ones already known being cached.
   */
  maxLookupsPerCheck?: number;
}

/** What the server wants to hear from the core while it works. */
export interface ApiHooks {
  log(message: string): void;
  /** 1fichier answered with a flood lock: every call waits `ms` before the next try. */
  floodWait(ms: number): void;
}

interface ClientCommandChoice {
  /** Commands the client implements among CLIENT_LINK_COMMANDS. */
  commands: Set<string>;
}

/** The code actions on a link that call the client's own commands, in the order shown. */
const CLIENT_COMMAND_ACTIONS: { command: string; title: string }[] = [
  { command: CLIENT_LINK_COMMANDS.copyDirectLink, title: 'Copy direct download link' },
  { command: CLIENT_LINK_COMMANDS.downloadFile, title: 'Download file' },
  { command: CLIENT_LINK_COMMANDS.revealInTree, title: 'Reveal in 1fichier view' },
];

/** The local paths of the `file:` workspace folders (others cannot hold a file to upload). */
function folderPaths(folders: readonly WorkspaceFolder[]): string[] {
  const paths: string[] = [];
  for (const folder of folders) {
    try {
      if (folder.uri.toLowerCase().startsWith('file:')) paths.push(fileURLToPath(folder.uri));
    } catch {
      // not a local folder
    }
  }
  return paths;
}

/** One line without its line break (links and paths never span lines, so requests scan one line only). */
function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** The link under `position`, with offsets in the whole document. */
function linkUnder(document: TextDocument, position: Position): FileUrlMatch | undefined {
  const link = linkAt(lineText(document, position.line), position.character);
  if (!link) return undefined;
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  return { ...link, start: link.start + lineStart, end: link.end + lineStart };
}

function toRange(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

function isRange(value: unknown): value is Range {
  const r = value as Range | undefined;
  const isPosition = (p: unknown): boolean =>
    typeof p === 'object' &&
    p !== null &&
    Number.isInteger((p as { line: unknown }).line) &&
    Number.isInteger((p as { character: unknown }).character);
  return typeof r === 'object' && r !== null && isPosition(r.start) && isPosition(r.end);
}

/** The value of `promise`, or undefined once `ms` pass or the request is cancelled (the work goes on, cached). */
async function withTimeout<T>(promise: Promise<T>, ms: number, cancel: CancellationToken): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
        cancel.onCancellationRequested(() => resolve(undefined));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The server's words for get_token's data-centre refusal: the core's hint names a download option, and the
 * server's links never go through the CDN (a language server often runs on a remote or cloud machine).
 */
const CDN_REQUIRED_HINT =
  "1fichier refuses Premium downloads from data-centre, VPN and proxy addresses (a remote or cloud machine, a VPN) unless they go through its CDN, which this server's direct links do not use: ask for the link from a residential connection, or download with CDN credits from an editor extension that offers them (in VS Code, the setting onefichier.useCdnCredits).";

function errorText(error: unknown): { message: string; hint?: string } {
  if (typeof error === 'object' && error !== null) {
    const e = error as { message?: unknown; hint?: unknown; kind?: unknown };
    const out: { message: string; hint?: string } = { message: typeof e.message === 'string' ? e.message : String(error) };
    if (typeof e.hint === 'string' && e.hint !== '') out.hint = e.hint;
    if (e.kind === 'cdn_required') out.hint = CDN_REQUIRED_HINT;
    return out;
  }
  return { message: String(error) };
}

function withHint(error: unknown): string {
  const { message, hint } = errorText(error);
  return hint && !message.includes(hint) ? `${message} ${hint}` : message;
}

export function startServer(connection: Connection, deps: ServerDependencies): void {
  const documents = new TextDocuments(TextDocument);
  // Log lines and messages name files and paths: their control characters are shown, never obeyed.
  const log = (message: string): void => connection.console.log(showControls(message));
  /** Where `~/` points: the server's HOME, as in a shell (os.homedir() reads it too, where it is set). */
  const homeDir = deps.env.HOME || os.homedir();
  let settings: ServerSettings = { apiBaseUrl: '', keySource: 'none' };
  let clientName: string | undefined;
  let clientCommands: ClientCommandChoice = { commands: new Set() };
  let clientSupportsProgress = false;
  let clientSupportsVersionedEdits = false;
  let clientSendsFolderChanges = false;
  /** The workspace folders the client announced (absolute paths): the only place uploads are offered from. */
  let workspaceFolders: string[] = [];
  const cache = new LinkStatusCache(undefined, deps.cacheTtlMs !== undefined ? { ttlMs: deps.cacheTtlMs } : {});
  let api: LinkApi | undefined;
  /** Per document, the number of the newest check: an older check stops at its next file. */
  const checkGeneration = new Map<string, number>();
  /** Account-wide problems already shown (bad key, no Premium, flood lock), so each is shown once. */
  const shownProblems = new Set<string>();
  const changeTimers = new Map<string, NodeJS.Timeout>();
  /** Until when the core pauses every call after a flood lock (shown in hovers that cannot wait). */
  let floodUntil = 0;
  /** Set on shutdown: background checks finishing later must not write to a closing connection. */
  let stopped = false;

  /**
   * Settings given so far. A didChangeConfiguration only overrides what it names: several clients send
   * `{}` or `null` settings on start, which must not drop an API address given in initializationOptions.
   * An empty string clears a setting (the environment then applies).
   */
  let givenSettings: SettingsInput = {};

  /**
   * Messages and notifications are fire-and-forget; if the editor has gone away meanwhile, the failure is
   * dropped here rather than becoming an unhandled rejection that would end the process.
   */
  function sendQuietly(send: () => Promise<unknown> | void): void {
    try {
      const sent = send();
      if (sent) sent.catch(() => undefined);
    } catch {
      // the connection is already closed
    }
  }

  function show(kind: 'info' | 'warning' | 'error', text: string): void {
    if (stopped) return;
    const window = connection.window;
    const message = showControls(text);
    sendQuietly(() =>
      kind === 'error'
        ? window.showErrorMessage(message)
        : kind === 'warning'
          ? window.showWarningMessage(message)
          : window.showInformationMessage(message),
    );
  }

  function applySettings(input: unknown): void {
    const update = extractSettingsInput(input);
    givenSettings = { ...givenSettings };
    if ('apiBaseUrl' in update) givenSettings.apiBaseUrl = update.apiBaseUrl;
    if ('reservedNames' in update) givenSettings.reservedNames = update.reservedNames;
    // An apiKey is not kept: it is never read, and the warning about it concerns this message only.
    const result = resolveSettings('apiKey' in update ? { ...givenSettings, apiKey: update.apiKey } : givenSettings, deps.env);
    for (const problem of result.problems) show('warning', `1fichier: ${problem}`);
    const changed =
      result.settings.apiKey !== settings.apiKey ||
      result.settings.apiBaseUrl !== settings.apiBaseUrl ||
      result.settings.reservedNames !== settings.reservedNames;
    settings = result.settings;
    if (!changed) return;
    floodUntil = 0;
    api = deps.createApi(settings, {
      log,
      floodWait: (ms) => {
        floodUntil = Math.max(floodUntil, Date.now() + ms);
      },
    });
    cache.setApi(api);
    shownProblems.clear();
    log(
      settings.apiKey
        ? `1fichier: API key set (from ${API_KEY_ENV}), API at ${settings.apiBaseUrl}.`
        : '1fichier: no API key; hovers show link ids only and links are not checked.',
    );
  }

  function isSupported(document: TextDocument): boolean {
    return SUPPORTED_LANGUAGES.has(document.languageId);
  }

  // ------------------------------------------------------------------ diagnostics

  function diagnosticsFor(document: TextDocument): Diagnostic[] {
    if (!cache.hasApi || !isSupported(document)) return [];
    const diagnostics: Diagnostic[] = [];
    for (const link of findFileUrls(document.getText())) {
      const status = cache.lastKnown(link.canonicalUrl);
      if (status?.state !== 'missing') continue;
      diagnostics.push({
        range: toRange(document, link.start, link.end),
        severity: DiagnosticSeverity.Warning,
        source: DIAGNOSTIC_SOURCE,
        code: DIAGNOSTIC_CODE_MISSING,
        // The service's text ("file/info.cgi: File not found #707") is for the log, not for the reader.
        message: 'This 1fichier file no longer exists (it may have been deleted). Remove the link or replace it with a new upload.',
        data: { url: link.canonicalUrl },
      });
    }
    return diagnostics;
  }

  function publish(document: TextDocument): void {
    if (stopped) return;
    sendQuietly(() => connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnosticsFor(document) }));
  }

  /** A failure that concerns the account, not the file: say it once and stop checking this document. */
  function reportAccountProblem(status: LinkStatus): boolean {
    if (!isAccountProblem(status)) return false;
    if (!shownProblems.has(status.kind)) {
      shownProblems.add(status.kind);
      const hint = status.hint ? ` ${status.hint}` : '';
      show('warning', `1fichier: links cannot be checked: ${status.message}${hint}`);
    }
    return true;
  }

  /** Checks every link of a document not known yet, one call at a time, then publishes. */
  async function checkDocument(document: TextDocument): Promise<void> {
    if (!isSupported(document)) return;
    const generation = (checkGeneration.get(document.uri) ?? 0) + 1;
    checkGeneration.set(document.uri, generation);
    const superseded = (): boolean => checkGeneration.get(document.uri) !== generation || !documents.get(document.uri);
    publish(document);
    if (!cache.hasApi) return;
    const urls = [...new Set(findFileUrls(document.getText()).map((l) => l.canonicalUrl))];
    const maxLookups = deps.maxLookupsPerCheck ?? 300;
    let lookups = 0;
    for (const url of urls) {
      if (superseded()) return;
      if (cache.peek(url)) continue;
      if (lookups++ >= maxLookups) {
        const unknown = urls.filter((u) => !cache.peek(u)).length;
        log(
          `1fichier: ${document.uri}: ${unknown} link${unknown === 1 ? '' : 's'} not checked yet (at most ${maxLookups} per open or save, to stay within 1fichier's limits); save again to check more.`,
        );
        break;
      }
      const status = await cache.lookup(url);
      if (!status) return;
      if (reportAccountProblem(status)) break;
      // Show a dead link as soon as it is known; a long document should not wait for its last link.
      if (status.state === 'missing' && !superseded()) publish(documents.get(document.uri) ?? document);
    }
    if (!superseded()) publish(documents.get(document.uri) ?? document);
  }

  function runCheck(document: TextDocument): void {
    checkDocument(document).catch((error: unknown) => log(`1fichier: link check failed: ${withHint(error)}`));
  }

  // ------------------------------------------------------------------ hover

  function linkLine(link: FileUrlMatch): string {
    return `1fichier link \`${link.id}\`${link.domain !== '1fichier.com' ? ` on ${link.domain}` : ''}`;
  }

  function describe(link: FileUrlMatch, status: LinkStatus | undefined | 'pending', publicDetails?: PublicDetails): string {
    const lines: string[] = [];
    if (status === undefined) {
      lines.push(`**${linkLine(link)}**`, '', `File details need an API key. ${howToSetKey(clientName)}`);
    } else if (status === 'pending') {
      const pausedFor = Math.ceil((floodUntil - Date.now()) / 1000);
      lines.push(
        `**${linkLine(link)}**`,
        '',
        pausedFor > 0
          ? `1fichier asked to slow down (flood lock): calls are paused for about ${pausedFor} s, then the details come. Hover again later.`
          : "Fetching the file's details… (calls to 1fichier are paced; hover again in a moment)",
      );
    } else if (status.state === 'found') {
      const file = status.file;
      lines.push(`**${escapeMarkdown(file.filename)}**`, '');
      lines.push(`- Size: ${formatSizeExact(file.size)}`);
      const uploaded = parisToEpochMs(file.date);
      if (uploaded !== undefined) lines.push(`- Uploaded: ${formatDate(new Date(uploaded))}`);
      lines.push(`- Password: ${file.passwordProtected ? 'protected' : 'none'}`);
      if (file.path) lines.push(`- Folder: ${escapeMarkdown(file.path)}`);
      lines.push('', `_${linkLine(link)}_`);
    } else if (status.state === 'missing') {
      // The editor shows the link's diagnostic beside this hover: it says what happened and what to do once.
      lines.push(`**${linkLine(link)}**: removed from 1fichier`);
    } else if (status.state === 'not_in_account' && publicDetails?.filename) {
      lines.push(`**${escapeMarkdown(publicDetails.filename)}**`, '');
      if (publicDetails.size !== undefined) lines.push(`- Size: ${formatSizeExact(publicDetails.size)}`);
      lines.push('- Password: none');
      lines.push('', `_${linkLine(link)}: a public file, not in your account_`);
    } else if (status.state === 'not_in_account') {
      lines.push(
        `**${linkLine(link)}**`,
        '',
        `Not in your account: 1fichier only gives the name, size and date of your own files. ${status.existenceConfirmed ? ` The file exists${status.passwordProtected ? ' and is protected by a password' : ''}.` : ''}`,
      );
    } else {
      lines.push(
        `**${linkLine(link)}**`,
        '',
        `Could not get the file's details: ${escapeMarkdown(status.message)}${status.hint ? `  \n${escapeMarkdown(status.hint)}` : ''}`,
      );
    }
    return lines.join('\n');
  }

  async function hover(params: HoverParams, cancel: CancellationToken): Promise<Hover | null> {
    const document = documents.get(params.textDocument.uri);
    if (!document || !isSupported(document)) return null;
    const link = linkUnder(document, params.position);
    if (!link) return null;
    let status: LinkStatus | undefined | 'pending';
    if (!cache.hasApi) {
      status = undefined;
    } else {
      const timeoutMs = deps.hoverTimeoutMs ?? 4000;
      status = (await withTimeout(cache.lookup(link.canonicalUrl), timeoutMs, cancel)) ?? 'pending';
      if (cancel.isCancellationRequested) return null;
    }
    let publicDetails: PublicDetails | undefined;
    if (typeof status === 'object' && status.state === 'not_in_account' && status.existenceConfirmed && !status.passwordProtected) {
      publicDetails = await withTimeout(cache.lookupPublicDetails(link.canonicalUrl), deps.hoverTimeoutMs ?? 4000, cancel);
      if (cancel.isCancellationRequested) return null;
    }
    return {
      contents: { kind: MarkupKind.Markdown, value: describe(link, status, publicDetails) },
      range: toRange(document, link.start, link.end),
    };
  }

  // ------------------------------------------------------------------ code actions

  async function codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const document = documents.get(params.textDocument.uri);
    if (!document || !isSupported(document)) return [];
    const only = params.context.only;
    const wanted = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const link = linkUnder(document, params.range.start);
    const actions: CodeAction[] = [];
    if (link) {
      if (!wanted(CodeActionKind.QuickFix)) return [];
      // A dead link has nothing to download or reveal; when the toolkit replaced its file, the new link is the fix.
      if (cache.lastKnown(link.canonicalUrl)?.state === 'missing') return currentLinkActions(document, link, params);
      for (const { command, title } of CLIENT_COMMAND_ACTIONS) {
        if (!clientCommands.commands.has(command)) continue;
        actions.push({
          title: `1fichier: ${title}`,
          kind: CodeActionKind.QuickFix,
          command: { title, command, arguments: [link.canonicalUrl] },
        });
      }
      // Editors without the extension's commands get the link from the server itself.
      if (!clientCommands.commands.has(CLIENT_LINK_COMMANDS.copyDirectLink)) {
        actions.push({
          title: '1fichier: Show direct download link',
          kind: CodeActionKind.QuickFix,
          command: {
            title: 'Show direct download link',
            command: SERVER_COMMANDS.getDirectLink,
            arguments: [link.canonicalUrl, { show: true }],
          },
        });
      }
      return actions;
    }
    if (!wanted(CodeActionKind.RefactorRewrite)) return [];
    const line = lineText(document, params.range.start.line);
    const file = await localFileAt(line, params.range.start.character, document.uri, homeDir);
    // Only plain files of the workspace are offered; anything else needs the explicit warning of the command.
    const candidate = file && (await inspectUploadCandidate(file.absolutePath, workspaceFolders));
    if (file && candidate?.kind === 'file' && candidate.concern === undefined) {
      const range: Range = {
        start: { line: params.range.start.line, character: file.start },
        end: { line: params.range.start.line, character: file.end },
      };
      actions.push({
        title: `1fichier: Upload ${showControls(path.basename(file.absolutePath))} (${formatSize(file.size)}) and replace with link`,
        kind: CodeActionKind.RefactorRewrite,
        command: {
          title: 'Upload to 1fichier and replace with link',
          command: SERVER_COMMANDS.uploadAndReplace,
          arguments: [document.uri, range, file.absolutePath],
        },
      });
    }
    return actions;
  }

  /** "Replace with the current link of <name>", when the record of replaced links knows where the dead link went. */
  async function currentLinkActions(document: TextDocument, link: FileUrlMatch, params: CodeActionParams): Promise<CodeAction[]> {
    const current = await deps.replacedLinks?.find(link.canonicalUrl).catch(() => undefined);
    if (!current || cache.lastKnown(current.newUrl)?.state === 'missing') return [];
    const fixes = params.context.diagnostics.filter(
      (d) => d.code === DIAGNOSTIC_CODE_MISSING && (d.data as { url?: unknown } | undefined)?.url === link.canonicalUrl,
    );
    return [
      {
        title: `1fichier: Replace with the current link of ${current.filename}`,
        kind: CodeActionKind.QuickFix,
        isPreferred: true,
        ...(fixes.length > 0 ? { diagnostics: fixes } : {}),
        edit: { changes: { [document.uri]: [{ range: toRange(document, link.start, link.end), newText: current.newUrl }] } },
      },
    ];
  }

  // ------------------------------------------------------------------ commands

  function requireApi(): LinkApi {
    if (!api) throw new ResponseError(ErrorCodes.InvalidRequest, `1fichier: no API key is set. ${howToSetKey(clientName)}`);
    return api;
  }

  /** Where an upload goes, for the prompt: uploads without a folder land in the account's root folder. */
  function uploadDestination(): string {
    const through = settings.apiBaseUrl !== DEFAULT_BASE_URL ? ` (through the API at ${settings.apiBaseUrl})` : '';
    return `the root folder of your 1fichier account${through}`;
  }

  async function getDirectLink(args: unknown[]): Promise<string> {
    const link = parseFileUrl(args[0]);
    if (!link) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `1fichier: ${SERVER_COMMANDS.getDirectLink} needs a 1fichier file link as its first argument, such as https://1fichier.com/?abcde12345.`,
      );
    }
    const options = (typeof args[1] === 'object' && args[1] !== null ? args[1] : {}) as { show?: unknown };
    const client = requireApi();
    let token;
    try {
      token = await client.getDownloadToken({ url: link.canonicalUrl });
    } catch (error) {
      const text = `1fichier: no direct link for ${link.canonicalUrl}: ${withHint(error)}`;
      if (options.show === true) show('error', text);
      throw new ResponseError(ErrorCodes.InternalError, text);
    }
    if (options.show === true) {
      show('info', `1fichier direct download link (valid about 5 minutes): ${token.url}`);
    }
    return token.url;
  }

  async function uploadAndReplace(
    args: unknown[],
    workDoneToken: string | number | undefined,
    requestToken: CancellationToken,
  ): Promise<{ url: string; filename: string; size: number; replaced: boolean } | null> {
    const [uri, range, givenPath] = args;
    if (typeof uri !== 'string' || !isRange(range) || typeof givenPath !== 'string' || !path.isAbsolute(givenPath)) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `1fichier: ${SERVER_COMMANDS.uploadAndReplace} needs [documentUri, range, absolutePath] (the code action supplies them).`,
      );
    }
    const absolutePath = path.normalize(givenPath);
    const document = documents.get(uri);
    if (!document)
      throw new ResponseError(ErrorCodes.InvalidParams, `1fichier: the document ${uri} is not open; open it and run the action again.`);
    const written = document.getText(range);
    if (resolveWrittenPath(written, uri, homeDir) !== absolutePath) {
      throw new ResponseError(
        LSPErrorCodes.ContentModified,
        `1fichier: the text at that place is "${written}", not the path ${absolutePath} any more; run the action again.`,
      );
    }
    const client = requireApi();
    const file = await inspectUploadCandidate(absolutePath, workspaceFolders);
    if (file.kind === 'refused') throw new ResponseError(ErrorCodes.InvalidParams, `1fichier: ${file.reason}`);
    const name = path.basename(absolutePath);

    // Nothing is published without a yes, also inside the workspace: the link is public.
    let confirmed: boolean;
    try {
      confirmed = await confirmUpload(connection.window, file, name, uploadDestination());
    } catch (error) {
      throw new ResponseError(
        ErrorCodes.InternalError,
        `1fichier: could not ask before uploading ${absolutePath} (${withHint(error)}); nothing was uploaded.`,
      );
    }
    if (!confirmed) {
      log(`1fichier: upload of ${absolutePath} declined; nothing was published.`);
      return null;
    }
    // The file read must be the one the user saw in the prompt.
    const again = await inspectUploadCandidate(absolutePath, workspaceFolders);
    if (again.kind !== 'file' || again.identity !== file.identity || again.concern !== file.concern) {
      throw new ResponseError(
        LSPErrorCodes.ContentModified,
        `1fichier: ${absolutePath} changed while you were deciding; nothing was uploaded. Run the action again to see what it is now.`,
      );
    }
    const abort = new AbortController();
    requestToken.onCancellationRequested(() => abort.abort());
    let progress: WorkDoneProgressReporter | undefined;
    if (workDoneToken !== undefined) {
      progress = connection.window.attachWorkDoneProgress(workDoneToken);
    } else if (clientSupportsProgress) {
      try {
        const created = await connection.window.createWorkDoneProgress();
        created.token.onCancellationRequested(() => abort.abort());
        progress = created;
      } catch {
        // The client refused a progress token: upload without showing progress.
      }
    }
    progress?.begin(`Uploading ${name} to 1fichier`, 0, formatSize(file.size), true);
    let lastPercent = -1;
    let uploaded;
    try {
      [uploaded] = await client.upload([await deps.openFile(file.realPath, name)], {
        signal: abort.signal,
        onProgress: (p) => {
          const percent = p.totalBytes > 0 ? Math.floor((p.bytesSent / p.totalBytes) * 100) : 0;
          if (percent === lastPercent) return;
          lastPercent = percent;
          progress?.report(percent, `${formatSize(p.bytesSent)} of ${formatSize(p.totalBytes)}`);
        },
      });
    } catch (error) {
      progress?.done();
      if (abort.signal.aborted) {
        throw new ResponseError(LSPErrorCodes.RequestCancelled, `1fichier: upload of ${name} cancelled; nothing was replaced.`);
      }
      const text = `1fichier: upload of ${name} failed: ${withHint(error)}`;
      show('error', text);
      throw new ResponseError(ErrorCodes.InternalError, text);
    }
    progress?.done();
    if (!uploaded)
      throw new ResponseError(
        ErrorCodes.InternalError,
        `1fichier: the upload of ${name} returned no link; check the account's root folder.`,
      );

    // The document may have been edited during a long upload: only replace the path if it is still there.
    const current = documents.get(uri);
    let replaced = false;
    if (current && current.getText(range) === written) {
      const textEdit = { range, newText: uploaded.url };
      // With versions, the editor itself refuses the edit if the document changed after this check.
      const result = await connection.workspace.applyEdit({
        label: `Replace ${name} with its 1fichier link`,
        edit: clientSupportsVersionedEdits
          ? { documentChanges: [{ textDocument: { uri, version: current.version }, edits: [textEdit] }] }
          : { changes: { [uri]: [textEdit] } },
      });
      replaced = result.applied;
    }
    if (!replaced) {
      show(
        'warning',
        `1fichier: uploaded ${name} as ${uploaded.url}, but the path in the document changed meanwhile, so it was not replaced.`,
      );
    }
    cache.invalidate(uploaded.url);
    return { url: uploaded.url, filename: uploaded.filename, size: uploaded.size, replaced };
  }

  // ------------------------------------------------------------------ wiring

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientName = params.clientInfo?.name;
    clientSupportsProgress = params.capabilities.window?.workDoneProgress === true;
    clientSupportsVersionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    // The contract's option names, values unchecked until read.
    const options = (params.initializationOptions ?? {}) as { [K in keyof LanguageServerOptions]?: unknown };
    const listed = options.clientCommands;
    if (Array.isArray(listed)) {
      clientCommands = { commands: new Set(listed.filter((c): c is string => typeof c === 'string')) };
    } else if (clientName && /visual studio code|code-server|vscodium|code - oss/i.test(clientName)) {
      clientCommands = { commands: new Set(Object.values(CLIENT_LINK_COMMANDS)) };
    }
    // Per the protocol, workspaceFolders null means no folder is open; rootUri is the pre-3.6 form.
    if (params.workspaceFolders) workspaceFolders = folderPaths(params.workspaceFolders);
    else if (params.workspaceFolders === undefined && params.rootUri) workspaceFolders = folderPaths([{ uri: params.rootUri, name: '' }]);
    clientSendsFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    applySettings(options);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'onefichier-language-server', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (!clientSendsFolderChanges) return;
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(folderPaths(event.removed));
      workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...folderPaths(event.added)];
    });
  });

  connection.onDidChangeConfiguration((params) => {
    applySettings(params.settings);
    for (const document of documents.all()) runCheck(document);
  });

  connection.onShutdown(() => {
    stopped = true;
    for (const timer of changeTimers.values()) clearTimeout(timer);
    changeTimers.clear();
    checkGeneration.clear();
  });

  documents.onDidOpen((e) => runCheck(e.document));
  documents.onDidSave((e) => runCheck(e.document));
  documents.onDidChangeContent((e) => {
    // Typing moves links around: re-place known diagnostics from the cache, never asking the API.
    const uri = e.document.uri;
    clearTimeout(changeTimers.get(uri));
    changeTimers.set(
      uri,
      setTimeout(() => {
        changeTimers.delete(uri);
        const document = documents.get(uri);
        if (document) publish(document);
      }, 200),
    );
  });
  documents.onDidClose((e) => {
    clearTimeout(changeTimers.get(e.document.uri));
    changeTimers.delete(e.document.uri);
    checkGeneration.delete(e.document.uri);
    sendQuietly(() => connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  });

  connection.onHover((params, token) => hover(params, token));
  connection.onCodeAction((params) => codeActions(params));
  connection.onExecuteCommand(async (params: ExecuteCommandParams, token) => {
    const args = params.arguments ?? [];
    switch (params.command) {
      case SERVER_COMMANDS.getDirectLink:
        return getDirectLink(args);
      case SERVER_COMMANDS.uploadAndReplace:
        return uploadAndReplace(args, params.workDoneToken, token);
      default:
        throw new ResponseError(
          ErrorCodes.InvalidParams,
          `1fichier: unknown command ${params.command}; the server runs ${Object.values(SERVER_COMMANDS).join(', ')}.`,
        );
    }
  });

  documents.listen(connection);
  connection.listen();
}
