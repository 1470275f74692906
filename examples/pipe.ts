/**
 * Pipe: the account, its recordings, and one recording by id.
 *
 *   pnpm example pipe                                       against a Prism mock of the spec
 *   PIPE_API_KEY=... pnpm example pipe --base-url https://api.addpipe.com     against your account
 */
import { createPipeClient, NotFoundError, PIPE_BASE_URL, unwrap } from '@mediaspec/pipe';

const pipe = createPipeClient({
  apiKey: process.env.PIPE_API_KEY ?? 'mock-api-key',
  baseUrl: process.env.BASE_URL ?? PIPE_BASE_URL,
});

// Results are values: { data } or { error, response }.
const { data, error } = await pipe.GET('/account');
if (error) throw new Error(`GET /account failed: ${error.message}`);
console.log(`account: ${data.account_details[0]?.email}`);

// unwrap() returns the data or throws an ApiError subclass.
const { videos, total_videos } = await unwrap(pipe.GET('/video/all'));
console.log(`${total_videos} recording(s)`);
for (const video of videos) {
  // Pipe sends numbers as decimal strings: the types say so.
  console.log(`  ${video.id}  ${video.name}  ${Number(video.length)} s  converted: ${video.converted === '1'}`);
}

const first = videos[0];
if (first) {
  try {
    const [video] = (await unwrap(pipe.GET('/video/{id}', { params: { path: { id: Number(first.id) } } }))).videos;
    console.log(`video ${video?.id}: https://${video?.pipeS3Link}`);
  } catch (error) {
    if (error instanceof NotFoundError) console.log(`video ${first.id} is gone`);
    else throw error;
  }
}
