import type { Client, FetchOptions, FetchResponse, ParseAs } from 'openapi-fetch';

/** The HTTP methods an OpenAPI path item can have, as openapi-typescript writes them. */
type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** The media types a client reads; openapi-fetch's `MediaType`. */
type Media = `${string}/${string}`;

/** The paths of `Paths` that have an operation for the method `M`. */
export type PathsWith<Paths, M extends Method> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: object } ? P : never;
}[keyof Paths] &
  string;

/** The methods a path item has, upper-cased as the client names them: `"GET" | "PUT"`. */
type MethodsOf<Item> = {
  [K in keyof Item & Method]-?: [NonNullable<Item[K]>] extends [never] ? never : Uppercase<K>;
}[keyof Item & Method];

/**
 * What a wrong first argument is compared with, so that the compiler's message names the
 * mistake: `Argument of type '"/videos/all"' is not assignable to parameter of type
 * '"/videos/all" & { "not a path of this API": "/videos/all"; }'`, or for a path that lacks the
 * method, `{ "DELETE is not a method of this path": "/account"; "methods it has": "GET"; }`.
 */
type PathMistake<Paths, M extends Method, P> =
  P extends PathsWith<Paths, M>
    ? { 'this call needs a second argument, with': RequiredKeys<ExactInit<OperationOf<Paths, P, M>>> }
    : P extends keyof Paths
      ? { [K in `${Uppercase<M>} is not a method of this path`]: P } & { 'methods it has': MethodsOf<Paths[P]> }
      : { 'not a path of this API': P };

/** The type every object type extends: `{}`. */
type Empty = Record<never, never>;

/** The keys of `T` that are not optional. */
type RequiredKeys<T> = { [K in keyof T]-?: Empty extends Pick<T, K> ? never : K }[keyof T];

/** Stands in for a parameter group the operation does not have, so a key put in it is named. */
type NoParams<Group> = { [K in `this operation takes no ${Group & string} parameters`]?: never };

/** `params` of an operation, with each group the operation lacks made a named empty object. */
type ExactParams<P> = { [G in keyof P]: [NonNullable<P[G]>] extends [never] ? NoParams<G> : P[G] };

/** The `params` option: required when any group has a required parameter, as in openapi-fetch. */
type ParamsPart<Op> = Op extends { parameters: infer P }
  ? Empty extends P
    ? { params?: ExactParams<P> }
    : { params: ExactParams<P> }
  : { params?: { query?: Record<string, unknown> } };

/**
 * The second argument of a call, exact: the body, `params`, its groups and the init options are
 * concrete object types, so TypeScript's excess-property check rejects a key the spec does not
 * have (openapi-fetch infers `init` as a type parameter, which skips that check). `parseAs`
 * stays a type parameter because the result type depends on it.
 */
export type ExactInit<Op, As extends ParseAs = 'json'> = ParamsPart<Op> &
  Omit<FetchOptions<Op>, 'params' | 'parseAs'> & { parseAs?: As };

/** The init argument, optional when nothing in it is required. */
type InitArgs<Op, As extends ParseAs> =
  Empty extends ExactInit<Op, As> ? [init?: ExactInit<Op, As>] : [init: ExactInit<Op, As>];

/** The operation `M` of the path `P`. */
type OperationOf<Paths, P extends keyof Paths, M extends Method> = Paths[P][M & keyof Paths[P]];

/**
 * One of `GET`, `POST`, ...: the same function as openapi-fetch's, with exact argument types.
 * The first signature is the call itself. The second never matches: it takes the path alone and
 * is there for TypeScript's message when the first one does not fit a one-argument call. It
 * names a path the API does not have; for a path without this method, the methods it has; for a
 * valid path, what the missing second argument must hold. With two arguments it does not fit by
 * count, so TypeScript leaves it out of the message about the second argument.
 */
export interface ExactMethod<Paths, M extends Method, MediaType extends Media = Media> {
  <Path extends PathsWith<Paths, M>, As extends ParseAs = 'json'>(
    url: Path,
    ...init: InitArgs<OperationOf<Paths, Path, M>, As>
  ): Promise<FetchResponse<OperationOf<Paths, Path, M> & Record<string | number, unknown>, { parseAs: As }, MediaType>>;
  <Path extends string>(
    url: Path & PathMistake<Paths, M, Path>,
  ): Promise<
    FetchResponse<OperationOf<Paths, PathsWith<Paths, M>, M> & Record<string | number, unknown>, Empty, MediaType>
  >;
}

/**
 * An openapi-fetch client whose calls are exact: a key the spec does not have, in the body
 * (nested objects and array items too), in `params`, in any of its groups or in the init
 * options, is a compile error, and a wrong path or method is reported by name. Objects the spec
 * leaves open (an index signature in the generated types) still take extra keys. At run time it
 * is the very same openapi-fetch client: this is a type, nothing more.
 */
export interface ExactClient<Paths extends {}, MediaType extends Media = Media>
  extends Omit<Client<Paths, MediaType>, Uppercase<Method>> {
  /** Calls a GET operation. */
  GET: ExactMethod<Paths, 'get', MediaType>;
  /** Calls a PUT operation. */
  PUT: ExactMethod<Paths, 'put', MediaType>;
  /** Calls a POST operation. */
  POST: ExactMethod<Paths, 'post', MediaType>;
  /** Calls a DELETE operation. */
  DELETE: ExactMethod<Paths, 'delete', MediaType>;
  /** Calls an OPTIONS operation. */
  OPTIONS: ExactMethod<Paths, 'options', MediaType>;
  /** Calls a HEAD operation. */
  HEAD: ExactMethod<Paths, 'head', MediaType>;
  /** Calls a PATCH operation. */
  PATCH: ExactMethod<Paths, 'patch', MediaType>;
  /** Calls a TRACE operation. */
  TRACE: ExactMethod<Paths, 'trace', MediaType>;
}
