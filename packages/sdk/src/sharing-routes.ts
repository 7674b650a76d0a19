// One typed method per sharing route (links, public links, shares), with no logic of its own: the
// drive's link and share flows (drive/) compose them. The public link routes need no session:
// they never send the bearer token, and carry the grant that opening a link returned instead.
import { type ContentRange, type ContentResponse, type PageRequest, rangeHeaders, toContentResponse } from './drive-routes.js';
import {
  type CreateLinkRequest,
  type CreateShareRequest,
  type LinkView,
  type NodeView,
  type OpenLinkRequest,
  type OpenLinkResponse,
  type Page,
  type PublicLinkView,
  type ShareView,
} from './drive-types.js';
import { type Http, type HttpOptions, type RawHttp, createHttp, createRawHttp } from './http.js';

/** The header the link's listing and content routes read the grant from. */
export const LINK_GRANT_HEADER = 'x-coffre-link-grant';

/** Every route of links and shares. Each throws ApiError on failure. */
export interface SharingRoutes {
  /**
   * `POST /api/links`: a link to a node the account may write (owner or read-write sharer). 409
   * CONFLICT when the id is taken: choose another and seal the wrap again (it is bound to the id).
   */
  createLink(body: CreateLinkRequest): Promise<LinkView>;
  /** A page of the links the account created, newest first (revoked, expired and spent ones too). */
  listLinks(page?: PageRequest): Promise<Page<LinkView>>;
  /** Revokes a link: it answers 410 LINK_REVOKED from now on, and its grants stop working. */
  revokeLink(linkId: string): Promise<void>;

  /**
   * Public: what opening a link needs (node kind, password parameters); 410 LINK_EXPIRED,
   * LINK_REVOKED or LINK_EXHAUSTED once it cannot be opened, 404 for an unknown link.
   */
  getPublicLink(linkId: string): Promise<PublicLinkView>;
  /**
   * Public: proves the access token and spends one download, for a grant valid an hour. 401
   * UNAUTHENTICATED for a wrong token (nothing spent); 429 RATE_LIMITED after too many wrong ones
   * (`retryAfterSeconds` says how long to wait).
   */
  openLink(linkId: string, body: OpenLinkRequest): Promise<OpenLinkResponse>;
  /** Public, with a grant: a page of the children of a folder at or below a linked folder. */
  listLinkChildren(linkId: string, nodeId: string, grant: string, page?: PageRequest): Promise<Page<NodeView>>;
  /** Public, with a grant: the newest version's ciphertext of a file at or below the linked node. */
  getLinkContent(linkId: string, nodeId: string, grant: string, range?: ContentRange, signal?: AbortSignal): Promise<ContentResponse>;

  /** `POST /api/shares`: a folder the account owns, shared with another account. */
  createShare(body: CreateShareRequest): Promise<ShareView>;
  /** The shares the account gave. */
  listOutgoingShares(): Promise<ShareView[]>;
  /** The shares the account received, pending and accepted. */
  listIncomingShares(): Promise<ShareView[]>;
  /** Accepts a received share (check its sealed key first); only accepted shares give access. */
  acceptShare(shareId: string): Promise<ShareView>;
  /** Ends a share: the owner revokes it, or the recipient leaves it. */
  deleteShare(shareId: string): Promise<void>;
}

/** The sharing routes, over a client's `Http` (JSON) and `RawHttp` (content). */
export function createSharingRoutes(http: Http, raw: RawHttp): SharingRoutes {
  const id = encodeURIComponent;
  const call = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, query?: Record<string, string>) =>
    http<T>({ method, path, authenticated: true, ...(body !== undefined && { body }), ...(query && { query }) });
  const publicLink = (linkId: string) => `/api/public/links/${id(linkId)}`;
  return {
    createLink: (body) => call('POST', '/api/links', body),
    listLinks: (page) => call('GET', '/api/links', undefined, pageQuery(page)),
    revokeLink: (linkId) => call('DELETE', `/api/links/${id(linkId)}`),

    getPublicLink: (linkId) => http({ method: 'GET', path: publicLink(linkId) }),
    openLink: (linkId, body) => http({ method: 'POST', path: `${publicLink(linkId)}/open`, body }),
    listLinkChildren: (linkId, nodeId, grant, page) =>
      http({ method: 'GET', path: `${publicLink(linkId)}/nodes/${id(nodeId)}/children`, headers: { [LINK_GRANT_HEADER]: grant }, ...withQuery(pageQuery(page)) }),
    getLinkContent: async (linkId, nodeId, grant, range, signal) =>
      toContentResponse(
        await raw({
          method: 'GET',
          path: `${publicLink(linkId)}/files/${id(nodeId)}/content`,
          headers: { [LINK_GRANT_HEADER]: grant, ...rangeHeaders(range) },
          ...(signal && { signal }),
        }),
      ),

    createShare: (body) => call('POST', '/api/shares', body),
    listOutgoingShares: () => call('GET', '/api/shares/outgoing'),
    listIncomingShares: () => call('GET', '/api/shares/incoming'),
    acceptShare: (shareId) => call('POST', `/api/shares/${id(shareId)}/accept`),
    deleteShare: (shareId) => call('DELETE', `/api/shares/${id(shareId)}`),
  };
}

/**
 * The sharing routes of the API at `options.baseUrl`. Without a `token` (e.g. someone opening a
 * link they were sent), only the public link routes can be used.
 */
export function createSharingRoutesFor(options: Omit<HttpOptions, 'token'> & { token?: HttpOptions['token'] }): SharingRoutes {
  const withToken: HttpOptions = { ...options, token: options.token ?? (() => undefined) };
  return createSharingRoutes(createHttp(withToken), createRawHttp(withToken));
}

function pageQuery(page: PageRequest | undefined): Record<string, string> | undefined {
  if (page === undefined) return undefined;
  return {
    ...(page.cursor !== undefined && { cursor: page.cursor }),
    ...(page.limit !== undefined && { limit: String(page.limit) }),
  };
}

function withQuery(query: Record<string, string> | undefined): { query?: Record<string, string> } {
  return query === undefined ? {} : { query };
}
