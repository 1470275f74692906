/**
 * testCloudConnector() against a local server that plays the test job: the PUT that starts it,
 * then one scripted answer per poll. Time is an injected clock, so no test waits for real.
 */
import type { Clock } from '@mediaspec/core';
import { type Reply, startServer, type TestServer } from '@mediaspec/test-support/server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ActiveJobStatus,
  type CloudConnector,
  CloudConnectorTestFailedError,
  createNodeumClient,
  PermissionDeniedError,
  PollFailedError,
  PollTimeoutError,
  testCloudConnector,
} from '../src/index.js';

const JOB_ID = '6f4d759d-48e9-43c8-ab24-640f5ea63922';
const connector: CloudConnector = {
  name: 'archive-s3',
  url: 'https://s3.eu-west-1.amazonaws.com',
  provider: 'amazon_aws_s3',
  region: 'eu-west-1',
  access_key: 'AKIAIOSFODNN7EXAMPLE',
  secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const buckets = [
  { id: 12, cloud_connector_id: 3, pool_id: 2, name: 'media-archive', file_count: 18250 },
  { id: 13, cloud_connector_id: 3, pool_id: 2, name: 'media-proxies', file_count: 4120 },
];

/** A clock whose sleeps return at once and move time forward; it records every delay asked for. */
function manualClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves the PUT with `started`, then each poll with the next of `polls` (the last one repeats). */
async function jobServer(started: ActiveJobStatus, polls: Reply[]) {
  let next = 0;
  server = await startServer((request) => {
    if (request.method === 'PUT') return { status: 202, body: started };
    const reply = polls[Math.min(next, polls.length - 1)] as Reply;
    next++;
    return reply;
  });
  const client = createNodeumClient({ baseUrl: `${server.url}/api/v2`, apiKey: 'nodeum-key-5c1e', retry: false });
  return { client, server };
}

const status = (job: Omit<ActiveJobStatus, 'job_id'>): Reply => ({ status: 202, body: { job_id: JOB_ID, ...job } });

describe('testCloudConnector', () => {
  it('follows queued -> working -> completed, reporting each status, and returns the buckets', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [
      status({ status: 'working', progress: 1, total: 3 }),
      status({ status: 'working', progress: 2, total: 3 }),
      { status: 200, body: { cloud_buckets: buckets } },
    ]);
    const clock = manualClock();
    const progress: ActiveJobStatus[] = [];

    const result = await testCloudConnector(client, connector, {
      intervalMs: 500,
      backoff: 2,
      clock,
      onProgress: (job) => progress.push(job),
    });

    expect(result).toEqual(buckets);
    expect(progress).toEqual([
      { job_id: JOB_ID, status: 'queued' },
      { job_id: JOB_ID, status: 'working', progress: 1, total: 3 },
      { job_id: JOB_ID, status: 'working', progress: 2, total: 3 },
    ]);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);

    const [start, ...polls] = server.requests;
    expect(start).toMatchObject({ method: 'PUT', url: '/api/v2/cloud_connectors/-/test' });
    expect(JSON.parse(start?.text ?? '')).toEqual(connector);
    expect(start?.headers['content-type']).toBe('application/json');
    expect(polls.map((r) => `${r.method} ${r.url}`)).toEqual(
      Array(3).fill(`GET /api/v2/cloud_connectors/-/test?job_id=${JOB_ID}`),
    );
  });

  it('keeps polling while a 202 says completed but the buckets are not readable yet', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [
      status({ status: 'completed' }),
      { status: 200, body: { cloud_buckets: [] } },
    ]);
    expect(await testCloudConnector(client, connector, { clock: manualClock() })).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it('rejects with CloudConnectorTestFailedError, carrying the job status, when the job fails', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [
      status({ status: 'working', progress: 1, total: 6 }),
      status({ status: 'failed' }),
    ]);
    const progress: string[] = [];
    const error = await testCloudConnector(client, connector, {
      clock: manualClock(),
      onProgress: (job) => progress.push(job.status),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CloudConnectorTestFailedError);
    expect(error).toBeInstanceOf(PollFailedError);
    expect((error as CloudConnectorTestFailedError).state).toEqual({ job_id: JOB_ID, status: 'failed' });
    expect((error as Error).message).toBe(`Cloud connector test job ${JOB_ID} failed`);
    expect(progress).toEqual(['queued', 'working']);
    expect(server.requests).toHaveLength(3); // the PUT and two polls, none after the failure
  });

  it('rejects without polling when the job is reported failed as it starts', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'failed' }, [
      { status: 200, body: { cloud_buckets: buckets } },
    ]);
    await expect(testCloudConnector(client, connector, { clock: manualClock() })).rejects.toBeInstanceOf(
      CloudConnectorTestFailedError,
    );
    expect(server.requests.map((r) => r.method)).toEqual(['PUT']);
  });

  it('times out with PollTimeoutError when the job never finishes (injected clock)', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [status({ status: 'queued' })]);
    const clock = manualClock();
    const error = await testCloudConnector(client, connector, {
      intervalMs: 1_000,
      backoff: 1,
      timeoutMs: 5_000,
      clock,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 5_000, attempts: 6 });
    expect((error as Error).message).toBe('The cloud connector test job did not finish within 5000 ms (6 checks)');
    expect(clock.sleeps).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    // Starting the job is the first check; the last poll is made at the deadline.
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(5);
  });

  it('rejects with the ApiError of a failed poll', async () => {
    const { client } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [
      { status: 403, body: { messages: ['Forbidden'] } },
    ]);
    const error = await testCloudConnector(client, connector, { clock: manualClock() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, method: 'GET', path: '/cloud_connectors/-/test' });
  });

  it('checks the polling options before starting a job', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [status({ status: 'queued' })]);
    await expect(testCloudConnector(client, connector, { intervalMs: -1 })).rejects.toThrow(
      new TypeError('poll: intervalMs must be a finite number >= 0, got -1'),
    );
    expect(server.requests).toEqual([]);
  });

  it('stops at once when the signal aborts, with its reason', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [
      status({ status: 'working', progress: 1, total: 6 }),
    ]);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const error = await testCloudConnector(client, connector, {
      clock: manualClock(),
      signal: controller.signal,
      onProgress: (job) => {
        if (job.status === 'working') controller.abort(reason);
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(server.requests).toHaveLength(2);
  });

  it('starts no job when the signal has already aborted', async () => {
    const { client, server } = await jobServer({ job_id: JOB_ID, status: 'queued' }, [status({ status: 'queued' })]);
    const reason = new Error('too late');
    await expect(testCloudConnector(client, connector, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toEqual([]);
  });
});
