/**
 * Every KO the sandbox can answer. Codes below 700 are the real service's (see docs/api-notes.md#envelope-and-error-codes);
 * codes 7xx are the sandbox's own, for cases the reference does not document (the real texts are unknown,
 * so a client must not depend on them beyond "KO with a #code").
 */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status of the KO: 403 for nearly everything, like the real service. */
    readonly httpStatus: number = 403,
  ) {
    super(message);
  }
}

const ko = (text: string, code: number, httpStatus = 403) => new ApiError(`${text} #${code}`, httpStatus);

export const Errors = {
  // Real texts.
  floodIp: (code: 374 | 412) => ko('Flood detected: IP Locked', code),
  floodUser: () => ko('Flood detected: User Locked', 223),
  /** user/info's own lock (JDownloader fetchAccountInfoAPI: "downloads via API will still work"). */
  floodEndpoint: () => ko('Flood detected: IP Locked', 38),
  noSuchUser: () => ko('No such user', 93),
  notCustomer: (code: 236 | 200) => ko('Must be a customer (Premium, Access)', code),
  /** JDownloader handleErrorsAPI: "Resource not found #\d+" ("usually goes along with http response 404"). */
  resourceNotFound: () => ko('Resource not found', 469, 404),
  /** JDownloader isAPIErrorPassword / "Resource not allowed #\d+" (protected or ACL-limited files). */
  passwordNotProvided: () => ko('Password not provided. Resource not allowed', 631),
  invalidPassword: () => ko('Invalid password. Resource not allowed', 631),
  resourceNotAllowed: () => ko('Resource not allowed', 631),
  notRenamed: () => ko('No file has been renamed', 312, 200),
  oneLocation: () => ko('Only 1 location allowed at a time', 887),
  /** JDownloader: #620 for a file whose owner is locked; #649 from too many file/info checks (rev 53205). */
  ownerLocked: (code: 620 | 649) => ko('Owner locked', code),
  /** CSUploader 2ae7101, its TryReadUploadNode fixture (a live refusal; the HTTP status is not recorded). */
  contentType: () => ko('Content-Type not JSON', 24),
  /** JDownloader rev 53205 matches "professional equipment, must have CDN"; the words around it, the code and the status are unknown. */
  cdnRequired: (httpStatus: 200 | 403) => ko('Premium status not allowed from professional equipment, must have CDN', 736, httpStatus),
  // Sandbox texts.
  invalidJson: () => ko('Invalid request: the body is not a JSON object', 701),
  unknownField: (field: string) => ko(`Invalid request: unknown field "${field}"`, 702),
  wrongType: (field: string, expected: string) => ko(`Invalid request: field "${field}" must be ${expected}`, 703),
  missingField: (field: string) => ko(`Invalid request: field "${field}" is required`, 704),
  // HTTP 200, like the service's other validation answers (#312, #708): a permanent refusal must not look
  // retryable (rclone retries every 403 ten times).
  reservedName: (name: string) =>
    ko(`Invalid name "${name}": the characters \\ < > " ' $ \` and leading or trailing spaces are reserved`, 705, 200),
  folderNotFound: () => ko('Folder not found', 706),
  fileNotFound: () => ko('File not found', 707),
  folderNotEmpty: () => ko('Folder is not empty', 708, 200),
  nameTooLong: () => ko('Name is too long (max 250 characters)', 709, 200),
  passwordTooShort: () => ko('Password must have at least 6 characters', 710),
  remoteUrlRefused: (url: string) => ko(`Remote URL refused: ${url} (the sandbox only fetches loopback hosts)`, 711),
  unknownEndpoint: () => ko('Unknown endpoint', 712),
  // The real text (JDownloader handleErrorsAPI: "Not authenticated #\d+"); the real number is not known.
  notAuthenticated: () => ko('Not authenticated', 713),
  remoteJobNotFound: () => ko('Remote upload request not found', 714),
  uploadIdInvalid: () => ko('Invalid upload id', 715),
  uploadIdUsed: () => ko('Upload id already used', 716),
  emptyFile: () => ko('Empty files are not accepted', 717),
  fileTooLarge: () => ko('File too large', 718),
  lengthRequired: () => ko('Content-Length is required', 719, 411),
  tokenInvalid: () => ko('Invalid or expired download link', 720),
  methodNotAllowed: () => ko('Method not allowed', 721, 405),
  notMoved: () => ko('No file has been moved: rename is the current name', 722),
  noFile: () => ko('No file received', 724),
  folderCycle: () => ko('A folder cannot be moved into itself or one of its sub-folders', 725),
  rootForbidden: () => ko('The root folder cannot be changed', 726),
  renameNeedsOneUrl: () => ko('rename is only allowed with a single URL', 728),
  uploadIncomplete: () => ko('Upload body ended before Content-Length bytes', 729, 400),
  tooMany: (max: number) => ko(`Too many items (max ${max})`, 730),
  malformedMultipart: () => ko('Malformed multipart/form-data body', 735),
  folderExists: (name: string) => ko(`A folder named "${name}" already exists here`, 731),
};
