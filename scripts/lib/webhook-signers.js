// @ts-check
/**
 * How each provider signs a webhook delivery, keyed by the signature header its spec names. The
 * spec says which header a delivery carries (and the shape of its value, which every signature
 * made here is checked against); this module holds the computation, and `verify` hands the
 * delivery to the provider package's own verification helper, so `pnpm webhooks trigger` sends
 * nothing the package would reject.
 */
import { createHmac } from 'node:crypto';

/**
 * @typedef {object} SignInput
 * @property {string} json       the event's JSON text (what a form delivery puts in `payload`)
 * @property {string} body       the exact request body
 * @property {string} secret     the signing key
 * @property {string} signedUrl  the receiver URL as configured at the provider
 */

/**
 * @typedef {object} VerifyInput
 * @property {string | Uint8Array} body  the raw body, as text or bytes
 * @property {Record<string, string>} headers
 * @property {string} secret
 * @property {string} signedUrl
 */

/**
 * @typedef {object} Signer
 * @property {string} header   the signature header, as the spec names it
 * @property {string} rule     one line saying what is signed, for `pnpm webhooks list`
 * @property {string} secretName  what the provider calls the key
 * @property {(input: SignInput) => string} sign
 * @property {string} verifier  the name of the package export that checks a delivery
 * @property {(pkg: any, input: VerifyInput) => Promise<unknown>} verify
 */

/**
 * Every signing rule this tool knows, one per provider that sends webhooks.
 * @type {Signer[]}
 */
export const signers = [
  {
    header: 'X-Pipe-Signature',
    rule: 'base64 HMAC-SHA1 over the configured webhook URL followed by the JSON text of the event',
    secretName: 'webhook key',
    // Pipe signs the URL as configured in its dashboard, then the JSON (the `payload` field of a form).
    sign: ({ json, secret, signedUrl }) =>
      createHmac('sha1', secret)
        .update(signedUrl + json)
        .digest('base64'),
    verifier: 'verifyPipeWebhook',
    verify: (pkg, { body, headers, secret, signedUrl }) =>
      pkg.verifyPipeWebhook({ body, signature: headers['X-Pipe-Signature'], webhookKey: secret, url: signedUrl }),
  },
  {
    header: 'X-Api-Video-Signature',
    rule: 'lowercase hex HMAC-SHA256 over the raw body',
    secretName: 'signatureSecret',
    sign: ({ body, secret }) => createHmac('sha256', secret).update(body).digest('hex'),
    verifier: 'verifyApiVideoWebhook',
    verify: (pkg, { body, headers, secret }) =>
      pkg.verifyApiVideoWebhook({ body, signature: headers['X-Api-Video-Signature'], secret }),
  },
];

/**
 * The signer for a delivery that carries `headerNames`, if one of them is a known signature header.
 * @param {readonly string[]} headerNames
 * @returns {Signer | undefined}
 */
export function signerFor(headerNames) {
  const names = new Set(headerNames.map((name) => name.toLowerCase()));
  return signers.find((signer) => names.has(signer.header.toLowerCase()));
}
