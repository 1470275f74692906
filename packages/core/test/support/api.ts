/**
 * The small API the tests call, typed the way openapi-typescript writes a spec's types, and a
 * client for it on a test server.
 */
import { type ApiClientOptions, createApiClient } from '../../src/index.js';
import { TestClock } from './clock.js';
import type { TestServer } from './server.js';

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type IdParam = { query?: never; header?: never; path: { id: string }; cookie?: never };
type Problem = components['schemas']['Problem'];

export interface paths {
  '/items': {
    parameters: NoParams;
    get: operations['listItems'];
    put?: never;
    post: operations['createItem'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/items/{id}': {
    parameters: IdParam;
    get: operations['getItem'];
    put: operations['replaceItem'];
    post?: never;
    delete: operations['deleteItem'];
    options?: never;
    head?: never;
    patch: operations['updateItem'];
    trace?: never;
  };
  '/records': {
    parameters: NoParams;
    get: operations['listRecords'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/jobs/{id}': {
    parameters: IdParam;
    get: operations['getJob'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/envelope': {
    parameters: NoParams;
    get: operations['getEnvelope'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/login': {
    parameters: NoParams;
    get?: never;
    put?: never;
    post: operations['login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

export interface components {
  schemas: {
    Item: { id: string; name: string };
    NewItem: { name: string; tags?: string[] };
    ItemList: {
      data: components['schemas']['Item'][];
      pagination: { currentPage: number; pageSize: number; pagesTotal: number; itemsTotal: number };
    };
    RecordList: { data: components['schemas']['Item'][]; count: number };
    Job: {
      id: string;
      status: 'pending' | 'done' | 'failed';
      progress?: number;
      result?: { url: string };
      error?: string;
    };
    Envelope: { status: number | string; msg?: string; result: unknown };
    Problem: { message?: string; title?: string; status?: number };
  };
}

export interface operations {
  listItems: {
    parameters: {
      query?: { currentPage?: number; pageSize?: number; signature?: string };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: { 200: Json<components['schemas']['ItemList']>; default: Json<Problem> };
  };
  createItem: {
    parameters: NoParams;
    requestBody: { content: { 'application/json': components['schemas']['NewItem'] } };
    responses: { 201: Json<components['schemas']['Item']>; default: Json<Problem> };
  };
  getItem: {
    parameters: { query?: { signature?: string }; header?: never; path: { id: string }; cookie?: never };
    requestBody?: never;
    responses: { 200: Json<components['schemas']['Item']>; default: Json<Problem> };
  };
  replaceItem: {
    parameters: IdParam;
    requestBody: { content: { 'application/json': components['schemas']['NewItem'] } };
    responses: { 200: Json<components['schemas']['Item']>; default: Json<Problem> };
  };
  updateItem: {
    parameters: IdParam;
    requestBody: { content: { 'application/json': Partial<components['schemas']['NewItem']> } };
    responses: { 200: Json<components['schemas']['Item']>; default: Json<Problem> };
  };
  deleteItem: {
    parameters: IdParam;
    requestBody?: never;
    responses: { 204: { headers: { [name: string]: unknown }; content?: never }; default: Json<Problem> };
  };
  listRecords: {
    parameters: { query?: { limit?: number; offset?: number }; header?: never; path?: never; cookie?: never };
    requestBody?: never;
    responses: { 200: Json<components['schemas']['RecordList']>; default: Json<Problem> };
  };
  getJob: {
    parameters: IdParam;
    requestBody?: never;
    responses: { 200: Json<components['schemas']['Job']>; default: Json<Problem> };
  };
  getEnvelope: {
    parameters: NoParams;
    requestBody?: never;
    responses: { 200: Json<components['schemas']['Envelope']>; default: Json<Problem> };
  };
  login: {
    parameters: NoParams;
    requestBody: { content: { 'application/json': { user: string; password: string } } };
    responses: { 200: Json<{ access_token: string; expires_in?: number }>; default: Json<Problem> };
  };
}

export type Item = components['schemas']['Item'];

/**
 * The transport the suite runs on. vitest.config.ts runs it twice: on the default one (on Node,
 * the dispatcher under Node's fetch) and with `fetch: globalThis.fetch` (what browsers, edge
 * runtimes and callers passing their own fetch get).
 */
const viaFetch = process.env.MEDIASPEC_TEST_TRANSPORT === 'fetch';

/**
 * A client of the test API on `server`, with a {@link TestClock} (returned beside it) so that
 * retry delays are recorded instead of waited for.
 */
export function testClient(
  server: Pick<TestServer, 'url'>,
  options: Partial<Omit<ApiClientOptions, 'clock'>> & { clock?: TestClock } = {},
) {
  const clock = options.clock ?? new TestClock();
  const transport = viaFetch ? { fetch: globalThis.fetch } : {};
  const client = createApiClient<paths>({ baseUrl: server.url, ...transport, ...options, clock });
  return { client, clock };
}
