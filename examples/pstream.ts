/**
 * PStream: the account, the root folder's videos, and the state of their conversions.
 *
 *   pnpm example pstream                                                 against a Prism mock of the spec
 *   PSTREAM_LOGIN=... PSTREAM_KEY=... pnpm example pstream --base-url https://api.pstream.net/v1
 */
import { createPStreamClient, PSTREAM_BASE_URL, unwrap } from '@mediaspec/pstream';

const client = createPStreamClient({
  login: process.env.PSTREAM_LOGIN ?? 'mock-login',
  key: process.env.PSTREAM_KEY ?? 'mock-key',
  baseUrl: process.env.BASE_URL ?? PSTREAM_BASE_URL,
});

// Every reply is PStream's envelope: the data is in `result`.
const { data, error } = await client.GET('/account/info');
if (error) throw new Error(`GET /account/info failed: ${error.msg}`);
console.log(`account: ${data.result.email}`);

const { result: listing } = await unwrap(client.GET('/file/listfolder', { params: { query: { folder: 0 } } }));
console.log(`${listing.folders.length} folder(s), ${listing.files.length} video(s) in the root folder`);
for (const video of listing.files) console.log(`  ${video.linkextid}  ${video.name}  ${video.link}`);

const { result: jobs } = await unwrap(client.GET('/file/converts', { params: { query: { limit: 10 } } }));
for (const job of jobs) console.log(`  converting ${job.name}: ${job.status} ${job.progress}`);
