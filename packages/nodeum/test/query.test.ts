/**
 * `sortBy()` and `filter`: the values they build, the values they refuse, and what the client
 * really puts on the wire for them (read back by a local server, raw and decoded).
 */

import { startServer, type TestServer } from '@mediaspec/test-support/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudConnectorListQuery, createNodeumClient, filter, sortBy } from '../src/index.js';

describe('filter', () => {
  it('writes every operator prefix the API documents', () => {
    expect(filter.eq('archive')).toBe('=archive');
    expect(filter.not('azure')).toBe('!=azure');
    expect(filter.gt(10)).toBe('>10');
    expect(filter.gte(10)).toBe('>=10');
    expect(filter.lt('m')).toBe('<m');
    expect(filter.lte(2.5)).toBe('<=2.5');
    expect(filter.in(['a', 'b'])).toBe('><a|b');
    expect(filter.in([1, 2, 3])).toBe('><1|2|3');
    expect(filter.notIn(['wasabi', 'azure'])).toBe('!><wasabi|azure');
    expect(filter.like('arch%')).toBe('~arch%');
    expect(filter.notLike('%amazonaws%')).toBe('!~%amazonaws%');
  });

  it('keeps values that start with operator characters when the operator still reads the same', () => {
    expect(filter.eq('>10')).toBe('=>10');
    expect(filter.eq('=x')).toBe('==x');
    expect(filter.not('<x')).toBe('!=<x');
    expect(filter.in(['<a', '=b'])).toBe('><<a|=b');
    expect(filter.lt('>x')).toBe('<>x');
  });

  it('refuses a value that would turn the operator into another one', () => {
    expect(() => filter.gt('=5')).toThrow(
      new TypeError('filter.gt: ">=5" would be read as the ">=" operator, not ">"'),
    );
    expect(() => filter.gt('<a')).toThrow(/would be read as the "><" operator/);
    expect(() => filter.lt('=5')).toThrow(/would be read as the "<=" operator/);
  });

  it('refuses a list item containing "|", which would split it in two', () => {
    expect(() => filter.in(['a|b', 'c'])).toThrow(
      new TypeError('filter.in: "a|b" contains "|", which separates list items'),
    );
    expect(() => filter.notIn(['x', 'y|'])).toThrow(/filter.notIn: "y\|" contains "\|"/);
  });

  it('refuses an empty list, non-finite numbers and values that are neither strings nor numbers', () => {
    expect(() => filter.in([])).toThrow(/non-empty array/);
    expect(() => filter.gt(Number.NaN)).toThrow(/not a finite number/);
    expect(() => filter.in([1, Number.POSITIVE_INFINITY])).toThrow(/not a finite number/);
    // @ts-expect-error: booleans are not filter values
    expect(() => filter.eq(true)).toThrow(/expected a string or a number, got boolean/);
  });
});

describe('sortBy', () => {
  it('writes attribute:direction pairs, and bare attributes for the default order', () => {
    expect(sortBy(['name', 'asc'], ['id', 'desc'])).toEqual(['name:asc', 'id:desc']);
    expect(sortBy('provider')).toEqual(['provider']);
  });

  it('refuses no key, names that are not attributes and unknown directions', () => {
    expect(() => sortBy()).toThrow(/at least one attribute/);
    // @ts-expect-error: not an attribute of a cloud connector
    expect(() => sortBy('name|id')).toThrow(new TypeError('sortBy: "name|id" is not an attribute name'));
    // @ts-expect-error: not a direction
    expect(() => sortBy(['name', 'up'])).toThrow(/must be "asc" or "desc", got "up"/);
  });
});

describe('on the wire', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(() => ({ status: 200, body: { count: 0, cloud_connectors: [] } }));
  });
  afterAll(() => server.close());

  /** Lists with `query` and returns the request as the server received it. */
  async function sent(query: CloudConnectorListQuery) {
    const client = createNodeumClient({ baseUrl: `${server.url}/api/v2`, apiKey: 'nodeum-key-5c1e' });
    await client.GET('/cloud_connectors', { params: { query } });
    const request = server.requests.at(-1);
    if (!request) throw new Error('no request reached the server');
    return request;
  }

  it('sends sort_by pipe-delimited in one parameter, each key percent-encoded', async () => {
    const request = await sent({ sort_by: sortBy(['name', 'asc'], ['id', 'desc'], 'region') });
    expect(request.url).toBe('/api/v2/cloud_connectors?sort_by=name%3Aasc|id%3Adesc|region');
    expect(request.query.getAll('sort_by')).toEqual(['name:asc|id:desc|region']);
  });

  it('percent-encodes operators, list separators and pattern wildcards', async () => {
    const request = await sent({
      provider: filter.in(['wasabi', 'azure']),
      name: filter.like('arch%'),
      id: filter.gte(10),
      region: filter.notIn(['eu-west-1', 'us-east-1']),
      url: filter.notLike('%amazonaws%'),
      access_key: filter.not('AKIA'),
    });
    expect(request.url).toBe(
      '/api/v2/cloud_connectors?provider=%3E%3Cwasabi%7Cazure&name=~arch%25&id=%3E%3D10' +
        '&region=!%3E%3Ceu-west-1%7Cus-east-1&url=!~%25amazonaws%25&access_key=!%3DAKIA',
    );
    expect(Object.fromEntries(request.query)).toEqual({
      provider: '><wasabi|azure',
      name: '~arch%',
      id: '>=10',
      region: '!><eu-west-1|us-east-1',
      url: '!~%amazonaws%',
      access_key: '!=AKIA',
    });
  });

  it('delivers values with reserved and non-ASCII characters intact', async () => {
    const value = 'a&b=c d+é/?#';
    const request = await sent({ name: filter.eq(value), url_proxy: 'http://proxy:3128' });
    expect(request.url).toBe(
      '/api/v2/cloud_connectors?name=%3Da%26b%3Dc%20d%2B%C3%A9%2F%3F%23&url_proxy=http%3A%2F%2Fproxy%3A3128',
    );
    expect(request.query.get('name')).toBe(`=${value}`);
    expect(request.query.get('url_proxy')).toBe('http://proxy:3128');
  });
});
