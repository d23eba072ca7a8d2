/**
 * Why something is left out or refused, as a code with its variable parts: a name the service would refuse,
 * a file that a sync, a folder download or an upload skips, and what a sync plan notes for the user. Each
 * front end says it in its user's language with reasonText(reason, locale); the English text is what logs,
 * `toJSON()` and the n8n node show. Every skipped entry keeps that English text in `reason`, beside the
 * code in `why`.
 */
import { isOneFichierError } from './errors';
import { languageOf } from './language';
import { formatSize, sizeUnitsFor, type SizeUnits } from './sizes';

export type Reason =
  // A name 1fichier refuses (names.ts).
  | { code: 'name_empty' }
  | { code: 'name_dot'; name: string }
  | { code: 'name_too_long'; length: number; max: number }
  | { code: 'name_reserved'; char: string }
  | { code: 'name_control' }
  | { code: 'name_bidi'; control: string }
  | { code: 'name_not_unicode' }
  | { code: 'name_edge_space' }
  // A name from a listing that cannot be a local name (names.ts).
  | { code: 'local_name_unusable'; name: string }
  | { code: 'local_name_separator'; name: string }
  // What a walk of a local folder leaves out (node/sync.ts, the extension's upload).
  | { code: 'unreadable'; error: string }
  | { code: 'not_regular_file' }
  | { code: 'folder_link'; orBroken: boolean }
  | { code: 'link_unresolved' }
  | { code: 'link_outside'; target: string; root: 'synced' | 'uploaded' }
  | { code: 'empty_folder' }
  // What a sync, a folder download or an upload plans around (sync/, node/download-folder.ts).
  | { code: 'file_name_unusable'; because: Reason }
  | { code: 'folder_name_unusable'; because: Reason }
  | { code: 'download_folder_unusable'; because: Reason }
  | { code: 'upload_name_unusable'; name: string; because: Reason }
  | { code: 'empty_file' }
  | { code: 'too_large'; size: number; max: number }
  | { code: 'same_stored_name'; others: string[]; stored: string; picked: boolean; folder?: string }
  | { code: 'same_stored_folder'; stored: string }
  | { code: 'ambiguous_parent'; folder: string; ids: number[] }
  | { code: 'ambiguous_folder'; folder: string; ids: number[] }
  | { code: 'ambiguous_download'; count: number }
  | { code: 'folder_loop'; listed: string; id: number; itself: string | undefined }
  | { code: 'download_loop'; id: number; itself: string | undefined }
  | { code: 'local_folder_blocked' }
  | { code: 'already_there'; folder: string }
  // What a sync plan notes (sync/plan.ts).
  | { code: 'listed_again'; path: string; id: number; itself: string | undefined }
  | { code: 'size_only'; count: number; some: string[] }
  | { code: 'ambiguous_left'; path: string; count: number }
  | { code: 'listing_incomplete'; path: string | undefined; mirror: boolean };

export type ReasonCode = Reason['code'];

/** The parts of a text that depend on the language besides the words. */
interface Say {
  size(bytes: number): string;
  /** A Reason nested in another, in the same language. */
  text(reason: Reason): string;
}

type Catalog = { [C in ReasonCode]: (r: Extract<Reason, { code: C }>, say: Say) => string };

const RESERVED = `\\ < > " ' $ \` /`;

const EN: Catalog = {
  name_empty: () => 'the name is empty',
  name_dot: (r) => `"${r.name}" is not a usable name`,
  name_too_long: (r) => `the name is ${r.length} characters long; 1fichier allows at most ${r.max}`,
  name_reserved: (r) => `it contains the character ${r.char} which 1fichier reserves (reserved: ${RESERVED})`,
  name_control: () => 'it contains a control character',
  name_bidi: (r) => `it contains the bidirectional control ${r.control}, which can make a name look like another`,
  name_not_unicode: () => 'it is not valid Unicode',
  name_edge_space: () => 'it starts or ends with a space, which 1fichier does not keep',
  local_name_unusable: (r) => `"${r.name}" is not a usable local name`,
  local_name_separator: (r) => `the name "${r.name}" holds a path separator`,
  unreadable: (r) => `cannot be read (${r.error})`,
  not_regular_file: () => 'not a regular file',
  folder_link: (r) => (r.orBroken ? 'a link to a folder (or a broken link) is not followed' : 'a link to a folder is not followed'),
  link_unresolved: () => 'a link that cannot be resolved',
  link_outside: (r) =>
    `a link to ${r.target}, outside the ${r.root === 'synced' ? 'synced folder' : 'folder being uploaded'}: not followed (copy the file into the folder to send it)`,
  empty_folder: () => 'the folder holds no file (1fichier stores files, not empty folders)',
  file_name_unusable: (r, say) => `the name cannot be used on 1fichier: ${say.text(r.because)}`,
  folder_name_unusable: (r, say) => `the folder name cannot be used on 1fichier: ${say.text(r.because)}; nothing in it is synced`,
  download_folder_unusable: (r, say) => `${say.text(r.because)}; nothing in it is downloaded`,
  upload_name_unusable: (r, say) => `the name "${r.name}" cannot be used: ${say.text(r.because)}; rename it locally and upload again`,
  empty_file: () => '1fichier does not store empty (0-byte) files',
  too_large: (r, say) => `it is ${say.size(r.size)}; 1fichier accepts files up to ${say.size(r.max)}`,
  same_stored_name: (r) => {
    const others = `${r.others.length === 1 ? `another ${r.picked ? 'picked' : 'local'} file` : r.picked ? `${r.others.length} other picked files` : 'other local files'}, ${r.others.join(', ')}`;
    return r.picked
      ? `${others}, would also be stored as "${r.stored}" in ${r.folder ?? '/'}: rename one, or upload them one at a time`
      : `${others}, would be stored under the same name "${r.stored}" on 1fichier: rename one of them`;
  },
  same_stored_folder: (r) => `another local folder is stored under the same name "${r.stored}"; nothing in it is synced`,
  ambiguous_parent: (r) =>
    `several folders on 1fichier have the name of its folder: ${r.folder} (ids ${r.ids.join(', ')}); rename one of them`,
  ambiguous_folder: (r) => `several folders on 1fichier are named like it: ${r.folder} (ids ${r.ids.join(', ')}); rename one of them`,
  ambiguous_download: (r) => `${r.count} folders on 1fichier have this name; rename one of them to download it`,
  folder_loop: (r) =>
    `1fichier lists ${r.listed} as folder ${r.id}, which is ${r.itself ?? 'the synced folder'} itself; rename the local folder`,
  download_loop: (r) =>
    `1fichier lists folder ${r.id} here, which is ${r.itself ?? 'the downloaded folder'} itself; it is downloaded once, there`,
  local_folder_blocked: () => 'a local folder has its name',
  already_there: (r) => `a file of that name is already in ${r.folder}, and existing files were to be skipped`,
  listed_again: (r) => `${r.path}: 1fichier lists folder ${r.id} (${r.itself ?? 'the synced folder'}) here again; it was listed once.`,
  size_only: (r) =>
    `${r.count === 1 ? '1 file was' : `${r.count} files were`} compared by size only, 1fichier's listing having no checksum for them: ${r.some.join(', ')}${r.count > r.some.length ? ', ...' : ''}.`,
  ambiguous_left: (r) => `${r.path}: ${r.count} folders on 1fichier share this name; they are left alone.`,
  listing_incomplete: (r) =>
    `${r.path || 'The folder'}: 1fichier listed only part of its files (its 5,000-result cap):${r.mirror ? ' files absent locally are not removed there, and' : ''} a file it did not list may be uploaded again.`,
};

/** French typography: a narrow no-break space before `: ; ? !`, « guillemets » with no-break spaces. */
const NNBSP = '\u202f';
const q = (s: string) => `«\u00a0${s}\u00a0»`;

const FR: Catalog = {
  name_empty: () => 'le nom est vide',
  name_dot: (r) => `${q(r.name)} n’est pas un nom utilisable`,
  name_too_long: (r) => `le nom compte ${r.length} caractères${NNBSP}; 1fichier en accepte au plus ${r.max}`,
  name_reserved: (r) => `il contient le caractère ${r.char}, que 1fichier réserve (caractères réservés${NNBSP}: ${RESERVED})`,
  name_control: () => 'il contient un caractère de contrôle',
  name_bidi: (r) => `il contient le caractère de contrôle bidirectionnel ${r.control}, qui peut faire passer un nom pour un autre`,
  name_not_unicode: () => 'ce n’est pas de l’Unicode valide',
  name_edge_space: () => 'il commence ou finit par une espace, que 1fichier ne conserve pas',
  local_name_unusable: (r) => `${q(r.name)} n’est pas un nom local utilisable`,
  local_name_separator: (r) => `le nom ${q(r.name)} contient un séparateur de chemin`,
  unreadable: (r) => `illisible (${r.error})`,
  not_regular_file: () => 'ce n’est pas un fichier ordinaire',
  folder_link: (r) =>
    r.orBroken ? 'un lien vers un dossier (ou un lien cassé) n’est pas suivi' : 'un lien vers un dossier n’est pas suivi',
  link_unresolved: () => 'un lien qui ne mène nulle part',
  link_outside: (r) =>
    `un lien vers ${r.target}, hors du ${r.root === 'synced' ? 'dossier synchronisé' : 'dossier envoyé'}${NNBSP}: il n’est pas suivi (copiez le fichier dans le dossier pour l’envoyer)`,
  empty_folder: () => 'le dossier ne contient aucun fichier (1fichier stocke des fichiers, pas des dossiers vides)',
  file_name_unusable: (r, say) => `ce nom n’est pas utilisable sur 1fichier${NNBSP}: ${say.text(r.because)}`,
  folder_name_unusable: (r, say) =>
    `ce nom de dossier n’est pas utilisable sur 1fichier${NNBSP}: ${say.text(r.because)}${NNBSP}; rien de ce qu’il contient n’est synchronisé`,
  download_folder_unusable: (r, say) => `${say.text(r.because)}${NNBSP}; rien de ce qu’il contient n’est téléchargé`,
  upload_name_unusable: (r, say) =>
    `le nom ${q(r.name)} n’est pas utilisable${NNBSP}: ${say.text(r.because)}${NNBSP}; renommez-le en local et envoyez-le de nouveau`,
  empty_file: () => '1fichier ne stocke pas les fichiers vides (0\u00a0octet)',
  too_large: (r, say) => `il pèse ${say.size(r.size)}${NNBSP}; 1fichier accepte des fichiers jusqu’à ${say.size(r.max)}`,
  same_stored_name: (r) => {
    const others =
      r.others.length === 1
        ? `un autre fichier ${r.picked ? 'choisi' : 'local'}, ${r.others[0]},`
        : `${r.picked ? `${r.others.length} autres fichiers choisis` : 'd’autres fichiers locaux'}, ${r.others.join(', ')},`;
    return r.picked
      ? `${others} serai${r.others.length === 1 ? 't' : 'ent'} aussi enregistré${r.others.length === 1 ? '' : 's'} sous le nom ${q(r.stored)} dans ${r.folder ?? '/'}${NNBSP}: renommez-en un, ou envoyez-les un par un`
      : `${others} serai${r.others.length === 1 ? 't' : 'ent'} enregistré${r.others.length === 1 ? '' : 's'} sous le même nom ${q(r.stored)} sur 1fichier${NNBSP}: renommez l’un d’eux`;
  },
  same_stored_folder: (r) =>
    `un autre dossier local est enregistré sous le même nom ${q(r.stored)}${NNBSP}; rien de ce qu’il contient n’est synchronisé`,
  ambiguous_parent: (r) =>
    `plusieurs dossiers de 1fichier portent le nom de son dossier${NNBSP}: ${r.folder} (identifiants ${r.ids.join(', ')})${NNBSP}; renommez l’un d’eux`,
  ambiguous_folder: (r) =>
    `plusieurs dossiers de 1fichier portent son nom${NNBSP}: ${r.folder} (identifiants ${r.ids.join(', ')})${NNBSP}; renommez l’un d’eux`,
  ambiguous_download: (r) => `${r.count} dossiers de 1fichier portent ce nom${NNBSP}; renommez l’un d’eux pour le télécharger`,
  folder_loop: (r) =>
    `1fichier présente ${r.listed} comme le dossier ${r.id}, qui est ${r.itself ?? 'le dossier synchronisé'} lui-même${NNBSP}; renommez le dossier local`,
  download_loop: (r) =>
    `1fichier présente ici le dossier ${r.id}, qui est ${r.itself ?? 'le dossier téléchargé'} lui-même${NNBSP}; il n’est téléchargé qu’une fois, à sa place`,
  local_folder_blocked: () => 'un dossier local porte son nom',
  already_there: (r) => `un fichier de ce nom se trouve déjà dans ${r.folder}, et les fichiers existants devaient être ignorés`,
  listed_again: (r) =>
    `${r.path}${NNBSP}: 1fichier présente de nouveau ici le dossier ${r.id} (${r.itself ?? 'le dossier synchronisé'})${NNBSP}; il n’a été lu qu’une fois.`,
  size_only: (r) =>
    `${r.count === 1 ? '1 fichier a été comparé' : `${r.count} fichiers ont été comparés`} par la taille seulement, la liste de 1fichier n’ayant pas leur somme de contrôle${NNBSP}: ${r.some.join(', ')}${r.count > r.some.length ? ', ...' : ''}.`,
  ambiguous_left: (r) => `${r.path}${NNBSP}: ${r.count} dossiers de 1fichier portent ce nom${NNBSP}; ils sont laissés tels quels.`,
  listing_incomplete: (r) =>
    `${r.path || 'Le dossier'}${NNBSP}: 1fichier n’a listé qu’une partie de ses fichiers (sa limite de 5${NNBSP}000 résultats)${NNBSP};${r.mirror ? ' les fichiers absents en local n’y sont pas supprimés, et' : ''} un fichier qu’il n’a pas listé peut être envoyé de nouveau.`,
};

/** The catalogs by language (the part of a locale before any "-"); English for any other. */
const CATALOGS: Readonly<Record<string, Catalog>> = { en: EN, fr: FR };

/** Why, in `locale`'s language (English by default and for languages without a catalog). */
export function reasonText(reason: Reason, locale?: string): string {
  const catalog = CATALOGS[languageOf(locale)] ?? EN;
  const units: SizeUnits = sizeUnitsFor(locale);
  const render = (r: Reason): string => (catalog[r.code] as (r: Reason, say: Say) => string)(r, say);
  const say: Say = { size: (bytes) => formatSize(bytes, units), text: render };
  return render(reason);
}

/** The reason a core error carries in `details.why` (a refused name, an unreadable or empty file), if any. */
export function reasonOf(e: unknown): Reason | undefined {
  return isOneFichierError(e) ? (e.details?.why as Reason | undefined) : undefined;
}

/** Why a local file or folder was not taken: the core error's own reason, else the OS error code or the message. */
export function unreadableReason(e: unknown): Reason {
  const why = reasonOf(e);
  if (why) return why;
  const code = (e as { code?: unknown }).code;
  return { code: 'unreadable', error: typeof code === 'string' ? code : e instanceof Error ? e.message : String(e) };
}

/** A skipped entry: the English reason for logs and reports, and its code for the user's language. */
export function skippedFor<T extends object>(entry: T, why: Reason): T & { reason: string; why: Reason } {
  return { ...entry, reason: reasonText(why), why };
}
