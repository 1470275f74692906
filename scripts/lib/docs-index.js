// @ts-check
/**
 * The HTML of the docs portal: the common header every page shares, the index (site/index.html)
 * and the page of each API (site/<id>/index.html, rendered in the browser by Stoplight Elements).
 * Pages are static files: any static host serves them; links are relative.
 */

/** @param {string} text */
export const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The first paragraph of a Markdown description, without Markdown markup.
 * @param {string | undefined} markdown
 */
function firstParagraph(markdown) {
  const paragraph = (markdown ?? '').trim().split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s+/g, ' ').replace(/[`*_]/g, '').trim();
}

/**
 * @typedef {object} PortalEntry
 * @property {import('./registry.js').Provider} provider
 * @property {{ title?: string, version?: string, summary?: string, description?: string }} info
 * @property {string} mockUrl
 * @property {number} operations  operations and webhook events in the spec
 */

/**
 * @typedef {object} Assets  the built asset file names (content-hashed), relative to site/
 * @property {string} portalJs
 * @property {string} portalCss
 * @property {string} elementsJs
 * @property {string} elementsCss
 * @property {string} favicon
 */

/**
 * The head shared by every page.
 * @param {{ title: string, prefix: string, assets: Assets, elements: boolean, config?: string }} options  `config` comes first: portal.js reads it
 */
function head({ title, prefix, assets, elements, config = '' }) {
  return `<meta charset="utf-8">${config}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${escapeHtml(title)}</title>
  <link rel="icon" href="${prefix}${assets.favicon}" type="image/svg+xml">
  <script src="${prefix}${assets.portalJs}"></script>
  ${elements ? `<link rel="stylesheet" href="${prefix}${assets.elementsCss}">\n  <script src="${prefix}${assets.elementsJs}" defer></script>\n  ` : ''}<link rel="stylesheet" href="${prefix}${assets.portalCss}">`;
}

/**
 * The header of every page: every API, the current API's spec downloads, client README and mock
 * URL, the search over all APIs and the theme switch.
 * @param {PortalEntry[]} entries
 * @param {{ prefix: string, current?: PortalEntry }} options
 */
export function renderHeader(entries, { prefix, current }) {
  const links = entries
    .map(
      ({ provider }) =>
        `<a href="${prefix}${escapeHtml(provider.id)}/"${current?.provider === provider ? ' aria-current="page"' : ''}>${escapeHtml(provider.name)}</a>`,
    )
    .join('');
  const tools = current
    ? `<div class="portal-tools" aria-label="${escapeHtml(current.provider.name)} resources">
      <a href="./openapi.yaml" download>YAML</a>
      <a href="./openapi.json" download>JSON</a>
      <a href="https://www.npmjs.com/package/${escapeHtml(current.provider.package)}" rel="noopener">Client README</a>
      <span class="portal-mock" title="Start it with: pnpm mock ${escapeHtml(current.provider.id)}">Mock <code>${escapeHtml(current.mockUrl)}</code></span>
    </div>`
    : '';
  return `<header class="portal-header">
    <a class="portal-brand" href="${prefix}">mediaspec</a>
    <nav class="portal-apis" aria-label="APIs">${links}</nav>
    ${tools}
    <div class="portal-search" role="search">
      <input type="search" placeholder="Search all APIs" aria-label="Search every API" data-search-index="${prefix}search.json" data-prefix="${prefix}" autocomplete="off">
      <ol class="portal-results" hidden></ol>
    </div>
    <button type="button" class="portal-theme" aria-label="Switch between light and dark theme">◐</button>
  </header>`;
}

/**
 * The index page: one card per API.
 * @param {PortalEntry[]} entries
 * @param {{ docsPort: number, assets: Assets }} options
 */
export function renderIndex(entries, { docsPort, assets }) {
  const rows = entries
    .map((entry) => {
      const { provider, info, mockUrl } = entry;
      const id = escapeHtml(provider.id);
      return `
      <article class="api" id="${id}">
        <h2><a href="./${id}/">${escapeHtml(info.title ?? provider.name)}</a> <span class="version">v${escapeHtml(info.version ?? '?')}</span></h2>
        <p>${escapeHtml(info.summary ?? firstParagraph(info.description))}</p>
        <dl>
          <dt>Reference</dt><dd><a href="./${id}/">${entry.operations} operations and events</a>, with try-it against the mock and TypeScript samples</dd>
          <dt>Spec</dt><dd><a href="./${id}/openapi.yaml" download>openapi.yaml</a> · <a href="./${id}/openapi.json" download>openapi.json</a></dd>
          <dt>Mock</dt><dd><code>${escapeHtml(mockUrl)}</code> (<code>pnpm mock ${id}</code>)</dd>
          <dt>Client</dt><dd><code>npm install ${escapeHtml(provider.package)}</code> · <a href="https://www.npmjs.com/package/${escapeHtml(provider.package)}" rel="noopener">README</a></dd>
        </dl>
      </article>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  ${head({ title: 'mediaspec API docs', prefix: './', assets, elements: false })}
</head>
<body class="portal-index">
  ${renderHeader(entries, { prefix: './' })}
  <main class="portal-main">
    <h1>mediaspec API docs</h1>
    <p class="lead">${entries.length} media APIs, each described by a hand-written OpenAPI 3.1 spec, with a typed client and a mock server made from it.
    <code>npm start</code> serves these pages on port ${docsPort} and every mock beside them; try-it on each page sends to the mock by default.</p>
    ${rows}
  </main>
</body>
</html>
`;
}

/**
 * The page of one API: the common header and Stoplight Elements rendering the portal's copy of
 * the spec (`portal.json`), routed by hash so every link survives a reload on any static host.
 * @param {PortalEntry[]} entries
 * @param {PortalEntry} entry
 * @param {{ assets: Assets, mockAuth: Record<string, string> }} options
 */
export function renderApiPage(entries, entry, { assets, mockAuth }) {
  const { provider, info } = entry;
  const config = { api: provider.id, mockUrl: entry.mockUrl, mockAuth };
  // `</` cannot end the script element early once escaped.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  ${head({
    title: `${info.title ?? provider.name} · mediaspec API docs`,
    prefix: '../',
    assets,
    elements: true,
    config: `\n  <script type="application/json" id="portal-config">${json}</script>`,
  })}
</head>
<body class="portal-api">
  ${renderHeader(entries, { prefix: '../', current: entry })}
  <main class="portal-reference">
    <elements-api apiDescriptionUrl="./portal.json" router="hash" layout="sidebar" hideExport="true"></elements-api>
  </main>
</body>
</html>
`;
}
