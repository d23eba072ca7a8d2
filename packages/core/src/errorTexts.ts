/**
 * What the user reads for an error of the core, in their language: one sentence per kind of error (and per
 * service code where the code says more), and what to do. The variable parts (the service's own words, its
 * code, a delay, the limits) fill the placeholders. The English `message` and `hint` of the error stay as
 * they are, for logs and `toJSON()`; front ends show these texts instead when their locale has a catalog
 * (the VS Code extension and the language server; the n8n node stays in English).
 */
import type { ErrorKind } from './errors';
import { MAX_FILES_PER_UPLOAD, MAX_FILE_SIZE, MAX_REQUEST_SIZE } from './limits';
import { languageOf } from './language';
import { reasonOf, reasonText } from './reasons';
import { formatSize, sizeUnitsFor } from './sizes';

/** A sentence and what to do, both templates: `{code}`, `{seconds}`, `{filelimit}`, `{requestlimit}`, `{filecount}`. */
export interface ErrorText {
  text: string;
  hint: string;
}

export interface ErrorTextCatalog {
  byKind: Record<ErrorKind, ErrorText>;
  byCode: Partial<Record<number, Partial<ErrorText>>>;
  /** Appended when the service gave words of its own: `{said}` and `{code}`. */
  serviceSaid: string;
  /** Appended to the hint when the core knows how long to wait: `{seconds}`. */
  waitAbout: string;
  /** The text of `invalid_name` when the error says why (its `details.why`, reasons.ts): `{reason}`. */
  invalidNameBecause: string;
}

const NNBSP = '\u202f';

const FR: ErrorTextCatalog = {
  byKind: {
    auth: {
      text: `1fichier refuse la clé API${NNBSP}: elle est fausse, ou le compte est verrouillé par sécurité.`,
      hint: `Vérifiez la clé API (1fichier.com > Paramètres > Clé API). Si elle est bonne, connectez-vous sur le site, changez le mot de passe, puis créez une nouvelle clé API.`,
    },
    not_premium: {
      text: `Ce compte n’a pas accès à l’API de 1fichier.`,
      hint: `L’API de 1fichier demande un abonnement Premium ou Access sur ce compte.`,
    },
    cdn_required: {
      text: `1fichier refuse les téléchargements Premium depuis cette connexion (adresse de centre de données, VPN ou proxy).`,
      hint: `Téléchargez avec des crédits CDN (ils sont décomptés), ou depuis une connexion résidentielle.`,
    },
    rate_limited: {
      text: `1fichier a bloqué cette adresse IP ou ce compte pour trop de requêtes.`,
      hint: `Patientez quelques minutes avant de réessayer, et faites moins d’appels (les autres outils qui utilisent la même clé comptent aussi).`,
    },
    locked: {
      text: `Le compte est verrouillé ou utilisé ailleurs.`,
      hint: `Réessayez plus tard, depuis un seul endroit.`,
    },
    not_found: {
      text: `Élément introuvable${NNBSP}: il a peut-être été supprimé.`,
      hint: `Vérifiez le lien, le dossier ou le chemin, puis actualisez.`,
    },
    file_too_large: {
      text: `Fichier trop volumineux pour 1fichier.`,
      hint: `1fichier accepte des fichiers jusqu’à {filelimit} et des envois jusqu’à {requestlimit} ou {filecount} fichiers. Découpez le fichier ou le lot.`,
    },
    empty_file: { text: `1fichier n’accepte pas les fichiers vides (0\u00a0octet).`, hint: `Envoyez un fichier qui contient des données.` },
    invalid_name: {
      text: `Ce nom n’est pas accepté par 1fichier.`,
      hint: `Choisissez un autre nom (renommez l’élément, ou le fichier local avant de l’envoyer).`,
    },
    invalid_input: { text: `La saisie n’est pas valide.`, hint: `Corrigez la saisie et réessayez.` },
    password: {
      text: `Ce fichier est protégé par un mot de passe.`,
      hint: `Donnez son mot de passe, ou vérifiez celui qui a été saisi.`,
    },
    ambiguous: {
      text: `Plusieurs éléments portent ce nom.`,
      hint: `Renommez l’un d’eux, ou utilisez le lien du fichier ou l’identifiant du dossier.`,
    },
    conflict: {
      text: `1fichier refuse la modification dans l’état actuel (par exemple un dossier qui n’est pas vide).`,
      hint: `Videz ou supprimez d’abord ce qui gêne, ou choisissez une autre destination.`,
    },
    integrity: {
      text: `Les octets envoyés ne correspondent pas à ce que 1fichier a enregistré.`,
      hint: `Envoyez le fichier de nouveau.`,
    },
    protocol: {
      text: `1fichier a répondu de façon inattendue.`,
      hint: `Réessayez plus tard${NNBSP}; si cela persiste, signalez-le avec le journal.`,
    },
    server: { text: `1fichier a rencontré un problème de serveur.`, hint: `Réessayez plus tard.` },
    network: {
      text: `1fichier est injoignable.`,
      hint: `Vérifiez la connexion réseau (et le proxy éventuel), puis réessayez.`,
    },
    cancelled: { text: `Opération annulée.`, hint: `Rien d’autre à faire.` },
    timeout: {
      text: `1fichier n’a pas terminé à temps.`,
      hint: `L’opération peut encore aboutir${NNBSP}: actualisez plus tard avant de réessayer.`,
    },
    outcome_unknown: {
      text: `La réponse de 1fichier s’est perdue, et la modification a peut-être été faite.`,
      hint: `Actualisez avant de réessayer, pour ne pas la faire deux fois.`,
    },
    api: { text: `1fichier a refusé la demande.`, hint: `Sa réponse ci-dessus dit pourquoi.` },
  },
  byCode: {
    649: {
      text: `1fichier refuse pour l’instant d’autres vérifications de fichiers depuis cette adresse IP.`,
      hint: `Patientez plusieurs minutes avant d’ouvrir de nouveau les détails d’un fichier.`,
    },
    913: {
      text: `1fichier refuse les téléchargements Premium depuis les centres de données et les VPN.`,
      hint: `Téléchargez depuis une connexion résidentielle.`,
    },
  },
  serviceSaid: `1fichier a répondu «${'\u00a0'}{said}${'\u00a0'}» (code {code}).`,
  waitAbout: `(environ {seconds}${'\u00a0'}s)`,
  invalidNameBecause: `Ce nom n’est pas utilisable sur 1fichier${NNBSP}: {reason}.`,
};

/** The catalogs by language (the part of a locale before any "-"). English reads the error's own words. */
const CATALOGS: Readonly<Record<string, ErrorTextCatalog>> = { fr: FR };

/** The catalog for a locale such as "fr" or "fr-CA"; undefined for English and any locale without one. */
function errorTextCatalog(locale: string | undefined): ErrorTextCatalog | undefined {
  return CATALOGS[languageOf(locale)];
}

/** Every catalog, for tests that compare their placeholders. */
export function errorTextCatalogs(): Readonly<Record<string, ErrorTextCatalog>> {
  return CATALOGS;
}

/** The parts of an error its user text depends on (the core's OneFichierError has them all). */
export interface ErrorTextSubject {
  kind: ErrorKind;
  message: string;
  code?: number | undefined;
  endpoint?: string | undefined;
  retryAfterMs?: number | undefined;
  /** `why` (reasons.ts): what is wrong with a name, for `invalid_name`. */
  details?: Record<string, unknown> | undefined;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The service's own words in the core's message (`1fichier <endpoint>: <words> #<code>`), if any. */
function serviceWords(e: ErrorTextSubject): string | undefined {
  const prefix = e.endpoint ? `1fichier ${e.endpoint}: ` : undefined;
  if (!prefix || e.code === undefined || !e.message.startsWith(prefix)) return undefined;
  return e.message
    .slice(prefix.length)
    .replace(new RegExp(`\\s*#${e.code}\\b`), '')
    .trim();
}

/**
 * The text and hint to show for an error in `locale`, placeholders filled; undefined where the locale has
 * no catalog (English: the front end shows the error's message and its own hint, as it always did).
 */
export function localizedErrorText(e: ErrorTextSubject, locale: string | undefined): ErrorText | undefined {
  const catalog = errorTextCatalog(locale);
  if (!catalog) return undefined;
  const units = sizeUnitsFor(locale);
  const byCode = e.code !== undefined ? catalog.byCode[e.code] : undefined;
  const base = catalog.byKind[e.kind];
  const values = {
    code: e.code !== undefined ? String(e.code) : '',
    seconds: e.retryAfterMs !== undefined ? String(Math.ceil(e.retryAfterMs / 1000)) : '',
    filelimit: formatSize(MAX_FILE_SIZE, units),
    requestlimit: formatSize(MAX_REQUEST_SIZE, units),
    filecount: String(MAX_FILES_PER_UPLOAD),
  };
  const said = serviceWords(e);
  const why = e.kind === 'invalid_name' ? reasonOf(e) : undefined;
  const text =
    (why ? fill(catalog.invalidNameBecause, { reason: reasonText(why, locale) }) : fill(byCode?.text ?? base.text, values)) +
    (said ? ` ${fill(catalog.serviceSaid, { ...values, said })}` : '');
  const hint = fill(byCode?.hint ?? base.hint, values) + (e.retryAfterMs !== undefined ? ` ${fill(catalog.waitAbout, values)}` : '');
  return { text, hint };
}
