// @ts-check
/** The HTML of site/index.html: every API with its description, docs, spec downloads and mock. */

/** @param {string} text */
const escapeHtml = (text) =>
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
 * @param {{ provider: import('./registry.js').Provider, info: { title?: string, version?: string, summary?: string, description?: string } }[]} entries
 * @param {{ docsPort: number }} options
 */
export function renderIndex(entries, { docsPort }) {
  const rows = entries
    .map(({ provider, info }) => {
      const mockUrl = `http://127.0.0.1:${provider.mockPort}`;
      return `
      <article class="api" id="${escapeHtml(provider.id)}">
        <h2><a href="./${escapeHtml(provider.id)}/">${escapeHtml(info.title ?? provider.name)}</a> <span class="version">v${escapeHtml(info.version ?? '?')}</span></h2>
        <p>${escapeHtml(info.summary ?? firstParagraph(info.description))}</p>
        <dl>
          <dt>Docs</dt><dd><a href="./${escapeHtml(provider.id)}/">${escapeHtml(provider.name)} reference</a></dd>
          <dt>Spec</dt><dd><a href="./${escapeHtml(provider.id)}/openapi.yaml" download>openapi.yaml</a> · <a href="./${escapeHtml(provider.id)}/openapi.json" download>openapi.json</a></dd>
          <dt>Mock</dt><dd><code>${escapeHtml(mockUrl)}</code> (<code>pnpm mock ${escapeHtml(provider.id)}</code>)</dd>
          <dt>Client</dt><dd><code>npm install ${escapeHtml(provider.package)}</code></dd>
        </dl>
      </article>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>mediaspec API docs</title>
  <style>
    :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
    body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
    header p { color: GrayText; }
    .api { border: 1px solid color-mix(in srgb, currentColor 20%, transparent); border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
    .api h2 { margin: 0 0 .25rem; font-size: 1.25rem; }
    .version { font-size: .8rem; font-weight: normal; color: GrayText; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0 0; }
    dt { font-weight: 600; }
    dd { margin: 0; }
    code { font-size: .9em; }
  </style>
</head>
<body>
  <header>
    <h1>mediaspec API docs</h1>
    <p>${entries.length} media APIs, each described by a hand-written OpenAPI 3.1 spec, with a typed client and a mock server made from it.
    These pages are served on port ${docsPort} by <code>pnpm start</code>, which also runs every mock.</p>
  </header>
  <main>${rows}
  </main>
</body>
</html>
`;
}
