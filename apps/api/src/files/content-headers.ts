/** Header naming the file version served (`/content` serves the newest). */
export const VERSION_HEADER = 'x-coffre-version';
/** Header naming the version number the ciphertext was encrypted for (its file context). */
export const ENCRYPTED_AS_HEADER = 'x-coffre-encrypted-as';
/** The headers of content answers that browser clients must be allowed to read (CORS). */
export const CONTENT_RESPONSE_HEADERS = ['content-range', 'content-length', 'accept-ranges', 'etag', VERSION_HEADER, ENCRYPTED_AS_HEADER] as const;
