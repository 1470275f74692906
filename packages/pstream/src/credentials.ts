import { type AuthStrategy, apiKeyQuery } from '@mediaspec/core';

/**
 * `login` and `key` as query parameters (core's `apiKeyQuery`, so errors and logs redact both),
 * sent only to requests under the client's base URL. The upload POST goes to another host, the
 * one-time URL `GET /file/ul` returned, which needs no credentials: the key stays off that host.
 */
export function pstreamCredentials(login: string, key: string, baseUrl: string): AuthStrategy {
  const credentials = apiKeyQuery({ login, key });
  let scope: { origin: string; path: string } | undefined;
  const inScope = (url: URL): boolean => {
    // Parsed on first use: createApiClient() has validated baseUrl by then.
    if (!scope) {
      const base = new URL(baseUrl);
      scope = { origin: base.origin, path: base.pathname.replace(/\/+$/, '') };
    }
    return url.origin === scope.origin && (url.pathname === scope.path || url.pathname.startsWith(`${scope.path}/`));
  };
  return {
    async apply(target, signal) {
      if (!inScope(target.url)) return;
      // Credentials are added to an empty query and appended, so the rest of the query stays as
      // openapi-fetch wrote it (`headers[]=`, `file=a,b`); URLSearchParams would re-encode it all.
      const added = new URL(target.url.origin);
      await credentials.apply({ url: added, headers: target.headers }, signal);
      const query = target.url.search.slice(1);
      target.url.search = query ? `${query}&${added.search.slice(1)}` : added.search;
    },
    secrets: () => credentials.secrets(),
    queryParams: credentials.queryParams,
  };
}
