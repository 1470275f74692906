/**
 * The small API the benchmarks call, typed the way openapi-typescript writes a spec's types:
 * a list with query parameters, a JSON create, and a large (~100 KB) list.
 */
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };

export interface Item {
  id: string;
  name: string;
  tags: string[];
  createdAt: string;
}

export interface ItemList {
  data: Item[];
  count: number;
}

export interface NewItem {
  name: string;
  tags?: string[];
}

interface NoOperations {
  put?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
}

export interface paths {
  '/items': NoOperations & {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: {
        query?: { limit?: number; offset?: number; tag?: string[] };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: { 200: Json<ItemList> };
    };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { 'application/json': NewItem } };
      responses: { 201: Json<Item> };
    };
  };
  '/large': NoOperations & {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<ItemList> };
    };
    post?: never;
  };
}
