/**
 * IVS VALT: log in, upload a recording in chunks, and get a download link for it.
 * `@mediaspec/valt/node` adds uploads from a file path or a stream to the main entry.
 *
 *   pnpm example valt                                                            against a Prism mock of the spec
 *   VALT_USER=... VALT_PASSWORD=... pnpm example valt --base-url https://valt.example.com/api/v3
 */
import { createValtClient, getDownloadUrl, uploadRecording } from '@mediaspec/valt/node';

const baseUrl = process.env.BASE_URL;
if (!baseUrl) throw new Error('Set BASE_URL to your VALT API root (`pnpm example valt` sets it)');

// Logs in on the first call, and again once if the token is refused.
const client = createValtClient({
  baseUrl,
  username: process.env.VALT_USER ?? 'admin',
  password: process.env.VALT_PASSWORD ?? 'mock-password',
});

const video = new Blob([new Uint8Array(256 * 1024)], { type: 'video/mp4' });
const { recordId, videoId } = await uploadRecording(client, {
  name: 'Interview room 3',
  file: video,
  chunkSize: 128 * 1024,
  onProgress: ({ bytesSent, totalBytes }) => console.log(`  uploaded ${bytesSent} of ${totalBytes} bytes`),
});
console.log(`recording ${recordId}, video ${videoId}`);

// The link carries its own short-lived token: treat it as a secret until it expires.
const url = await getDownloadUrl(client, recordId, videoId);
console.log(`download: ${new URL(url).origin}/...`);
