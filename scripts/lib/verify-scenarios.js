// @ts-check
/**
 * The read-only contract scenario of each provider, for `pnpm verify`: the calls that read an
 * account without changing it, each one's ids taken from the answer before. Credentials come
 * from the environment variables `examples/<id>.ts` reads.
 */

/**
 * One call of a scenario.
 * @typedef {object} Call
 * @property {string} operationId
 * @property {string} method
 * @property {string} path                       path with its parameters filled in
 * @property {Record<string, string>} [query]
 * @property {unknown} [json]                    a JSON body
 */

/**
 * What a scenario step gets back: the parsed JSON body (undefined when not JSON) and the status.
 * @typedef {{ status: number, body: any }} Answer
 */

/**
 * @typedef {object} Scenario
 * @property {string[]} env                      variables that must be set
 * @property {string[]} [optionalEnv]            variables used when set
 * @property {(env: NodeJS.ProcessEnv) => { headers: Record<string, string>, query: Record<string, string> }} auth
 * @property {(call: (c: Call) => Promise<Answer>, env: NodeJS.ProcessEnv) => Promise<void>} run
 */

/** @param {string} user @param {string} password */
const basic = (user, password) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

/** The first item of an array, if the value is one. @param {unknown} list */
const first = (list) => (Array.isArray(list) ? list[0] : undefined);

/** @type {Record<string, Scenario>} */
export const scenarios = {
  pipe: {
    env: ['PIPE_API_KEY'],
    auth: (env) => ({ headers: { 'X-PIPE-AUTH': String(env.PIPE_API_KEY) }, query: {} }),
    async run(call) {
      await call({ operationId: 'getAccount', method: 'GET', path: '/account' });
      const list = await call({ operationId: 'listVideos', method: 'GET', path: '/video/all' });
      await call({ operationId: 'listVideosShort', method: 'GET', path: '/video' });
      const video = first(list.body?.videos);
      if (video?.id !== undefined) {
        await call({ operationId: 'getVideo', method: 'GET', path: `/video/${encodeURIComponent(video.id)}` });
      }
      const environments = await call({ operationId: 'listEnvironments', method: 'GET', path: '/environment' });
      const environment = first(environments.body?.environment_details);
      if (environment?.id !== undefined) {
        const path = `/environment/${encodeURIComponent(environment.id)}`;
        await call({ operationId: 'getEnvironment', method: 'GET', path });
      }
      await call({ operationId: 'listWebhooks', method: 'GET', path: '/webhook' });
      await call({ operationId: 'listAmazonCredentials', method: 'GET', path: '/amazon' });
      await call({ operationId: 'listFtpCredentials', method: 'GET', path: '/ftp' });
      await call({ operationId: 'listDropboxCredentials', method: 'GET', path: '/dropbox' });
    },
  },
  pstream: {
    env: ['PSTREAM_LOGIN', 'PSTREAM_KEY'],
    auth: (env) => ({ headers: {}, query: { login: String(env.PSTREAM_LOGIN), key: String(env.PSTREAM_KEY) } }),
    async run(call) {
      await call({ operationId: 'getAccountInfo', method: 'GET', path: '/account/info' });
      const folder = await call({ operationId: 'listFolder', method: 'GET', path: '/file/listfolder' });
      const file = first(folder.body?.result?.files);
      if (typeof file?.linkextid === 'string') {
        const query = { file: file.linkextid };
        await call({ operationId: 'getFileInfo', method: 'GET', path: '/file/info', query });
        await call({ operationId: 'getFileSplash', method: 'GET', path: '/file/getsplash', query });
      }
      await call({ operationId: 'getRemoteUploadStatus', method: 'GET', path: '/remotedl/status' });
      await call({ operationId: 'listConversions', method: 'GET', path: '/file/converts' });
    },
  },
  apivideo: {
    env: ['APIVIDEO_API_KEY'],
    auth: (env) => ({ headers: basic(String(env.APIVIDEO_API_KEY), ''), query: {} }),
    async run(call) {
      const list = await call({ operationId: 'listWebhooks', method: 'GET', path: '/webhooks' });
      const webhook = first(list.body?.data);
      if (typeof webhook?.webhookId === 'string') {
        const path = `/webhooks/${encodeURIComponent(webhook.webhookId)}`;
        await call({ operationId: 'getWebhook', method: 'GET', path });
      }
    },
  },
  valt: {
    env: ['VALT_USER', 'VALT_PASSWORD'],
    optionalEnv: ['VALT_RECORD_ID', 'VALT_VIDEO_ID'],
    // The token comes from the login step; the scenario adds it to the calls after it.
    auth: () => ({ headers: {}, query: {} }),
    async run(call, env) {
      const login = await call({
        operationId: 'login',
        method: 'POST',
        path: '/login',
        json: { username: env.VALT_USER, password: env.VALT_PASSWORD },
      });
      const token = login.body?.data?.access_token;
      if (typeof token === 'string' && env.VALT_RECORD_ID && env.VALT_VIDEO_ID) {
        const path = `/records/download/${encodeURIComponent(env.VALT_RECORD_ID)}/${encodeURIComponent(env.VALT_VIDEO_ID)}`;
        await call({ operationId: 'getVideoDownloadUrl', method: 'GET', path, query: { access_token: token } });
      }
    },
  },
  nodeum: {
    env: ['NODEUM_USER', 'NODEUM_PASSWORD'],
    auth: (env) => ({ headers: basic(String(env.NODEUM_USER), String(env.NODEUM_PASSWORD)), query: {} }),
    async run(call) {
      const list = await call({ operationId: 'listCloudConnectors', method: 'GET', path: '/cloud_connectors' });
      const connector = first(list.body?.cloud_connectors);
      if (connector?.id !== undefined) {
        const path = `/cloud_connectors/${encodeURIComponent(connector.id)}`;
        await call({ operationId: 'getCloudConnector', method: 'GET', path });
      }
    },
  },
};
