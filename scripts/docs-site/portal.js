// The docs portal's own script, loaded first by every page (classic script, no dependency).
// Before Stoplight Elements starts it sets the theme and fills try-it with credentials the local
// mock accepts; afterwards it runs the header: theme switch and search over every API.
(() => {
  const root = document.documentElement;
  const THEME_KEY = 'mediaspec-theme';
  /** @param {string} theme */
  const applyTheme = (theme) => {
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
  };
  const stored = localStorage.getItem(THEME_KEY);
  applyTheme(stored ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));

  const configElement = document.getElementById('portal-config');
  if (configElement) {
    const config = JSON.parse(configElement.textContent ?? '{}');
    // Elements keeps try-it credentials under this key, per security scheme; values a reader
    // typed are kept, only missing ones are filled with what the mock accepts.
    const AUTH_KEY = 'TryIt_securitySchemeValues';
    let saved = {};
    try {
      saved = JSON.parse(localStorage.getItem(AUTH_KEY) ?? '{}') ?? {};
    } catch {}
    localStorage.setItem(AUTH_KEY, JSON.stringify({ ...config.mockAuth, ...saved }));
    // Show the TypeScript sample first, unless the reader picked another language before.
    if (localStorage.getItem('RequestSamples_selectedLanguage') === null) {
      localStorage.setItem('RequestSamples_selectedLanguage', JSON.stringify('typescript'));
      localStorage.setItem('RequestSamples_selectedLibrary', JSON.stringify(''));
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const toggle = document.querySelector('.portal-theme');
    toggle?.addEventListener('click', () => {
      const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
      localStorage.setItem(THEME_KEY, next);
      applyTheme(next);
    });
    setUpSearch();
  });

  function setUpSearch() {
    const input = /** @type {HTMLInputElement | null} */ (document.querySelector('.portal-search input'));
    const list = /** @type {HTMLElement | null} */ (document.querySelector('.portal-results'));
    if (!input || !list) return;
    const prefix = input.dataset.prefix ?? './';
    /** @type {Promise<{ api: string, title: string, method: string, path: string, summary: string, href: string }[]> | undefined} */
    let index;
    const load = () => {
      index ??= fetch(input.dataset.searchIndex ?? 'search.json').then((r) => r.json());
      return index;
    };
    input.addEventListener('focus', load, { once: true });
    const render = async () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.replaceChildren();
      if (words.length === 0) {
        list.hidden = true;
        return;
      }
      const entries = await load();
      const hits = entries
        .filter((e) => {
          const text = `${e.title} ${e.method} ${e.path} ${e.summary}`.toLowerCase();
          return words.every((w) => text.includes(w));
        })
        .slice(0, 30);
      for (const hit of hits) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = prefix + hit.href;
        const api = document.createElement('span');
        api.className = 'portal-result-api';
        api.textContent = hit.title;
        const method = document.createElement('span');
        method.className = `portal-result-method m-${hit.method.toLowerCase()}`;
        method.textContent = hit.method;
        const path = document.createElement('code');
        path.textContent = hit.path;
        const summary = document.createElement('span');
        summary.className = 'portal-result-summary';
        summary.textContent = hit.summary;
        link.append(api, ' ', method, ' ', path, ' ', summary);
        item.append(link);
        list.append(item);
      }
      if (hits.length === 0) {
        const item = document.createElement('li');
        item.textContent = 'No operation matches.';
        list.append(item);
      }
      list.hidden = false;
    };
    input.addEventListener('input', render);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        input.value = '';
        render();
      }
    });
    // A hit on this same page only changes the hash: close the list.
    list.addEventListener('click', () => {
      list.hidden = true;
    });
  }
})();
