import { PollFailedError, type PollOptions, poll, unwrap } from '@mediaspec/core';
import type { NodeumClient } from './client.js';
import type { components } from './generated/openapi.js';

type ActiveJobStatus = components['schemas']['ActiveJobStatus'];
type CloudBucket = components['schemas']['CloudBucket'];
type CloudConnector = components['schemas']['CloudConnector'];

/**
 * How {@link testCloudConnector} polls: `intervalMs` (default 1 000, growing by `backoff` up to
 * `maxIntervalMs`), `timeoutMs` (default 5 min), `signal`, and `onProgress`, which receives the
 * job status of every check while the job is queued or working.
 */
export type TestCloudConnectorOptions = Omit<PollOptions<ActiveJobStatus>, 'what'>;

/** The test job of a cloud connector failed: the settings did not reach the object store. */
export class CloudConnectorTestFailedError extends PollFailedError<ActiveJobStatus> {
  override name = 'CloudConnectorTestFailedError';

  constructor(job: ActiveJobStatus) {
    super(`Cloud connector test job ${job.job_id} failed`, job);
  }
}

/**
 * Tests connection settings without saving them: starts a test job (`PUT /cloud_connectors/-/test`),
 * polls it (`GET /cloud_connectors/-/test?job_id=`) and resolves with the buckets the settings
 * reach. Rejects with a {@link CloudConnectorTestFailedError} when the job fails, a
 * PollTimeoutError after `timeoutMs`, the matching ApiError when a request fails, or the signal's
 * reason when it aborts.
 *
 * ```ts
 * const buckets = await testCloudConnector(client, { provider: 'wasabi', url, access_key, secret_key }, {
 *   onProgress: (job) => console.log(job.status, job.progress, job.total),
 * });
 * ```
 */
export async function testCloudConnector(
  client: NodeumClient,
  connector: CloudConnector,
  options: TestCloudConnectorOptions = {},
): Promise<CloudBucket[]> {
  let jobId: string | undefined;
  // Starting the job is the first check: poll() validates the options before anything is sent,
  // the start counts against `timeoutMs`, and its answer is the job's first status.
  return poll(
    async (signal) => {
      const init = signal ? { signal } : {};
      let job: ActiveJobStatus;
      if (jobId === undefined) {
        job = await unwrap(client.PUT('/cloud_connectors/-/test', { body: connector, ...init }));
        jobId = job.job_id;
      } else {
        const result = await unwrap(
          client.GET('/cloud_connectors/-/test', { params: { query: { job_id: jobId } }, ...init }),
        );
        // 200 carries the buckets of a completed job; 202 the status of a job not done yet.
        if ('cloud_buckets' in result) return { status: 'done', result: result.cloud_buckets };
        job = result;
      }
      if (job.status === 'failed') throw new CloudConnectorTestFailedError(job);
      // `completed` without buckets yet (only on a 202) means the result is not ready to read.
      return { status: 'pending', progress: job };
    },
    { ...options, what: 'cloud connector test job' },
  );
}
