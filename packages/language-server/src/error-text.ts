/** How a failure from the core is told to the user: its message, then what to do. */

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

/** The error's message followed by its hint (unless the message already says it). */
export function withHint(error: unknown): string {
  const { message, hint } = errorText(error);
  return hint && !message.includes(hint) ? `${message} ${hint}` : message;
}
