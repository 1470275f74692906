import { readFileSync } from 'node:fs';
import * as core from '@mediaspec/core';
import { describe, expect, it } from 'vitest';
import * as facade from '../src/index.js';

const registry = JSON.parse(readFileSync(new URL('../../../scripts/providers.json', import.meta.url), 'utf8')) as {
  providers: { id: string; package: string }[];
};
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** Every provider package of the registry, imported as the facade's users would import it. */
const providers: Record<string, Record<string, unknown>> = Object.fromEntries(
  await Promise.all(registry.providers.map(async (p) => [p.id, (await import(p.package)) as Record<string, unknown>])),
);

/** Provider exports kept in their namespace only, because the name says nothing about the provider. */
const NAMESPACE_ONLY: Record<string, string[]> = { valt: ['DEFAULT_CHUNK_SIZE'] };

const exported = facade as unknown as Record<string, unknown>;

describe('@mediaspec/clients', () => {
  it('has a namespace and a dependency for every provider in the registry', () => {
    for (const { id, package: name } of registry.providers) {
      expect(manifest.dependencies[name], `dependency on ${name}`).toBe('workspace:^');
      expect(typeof exported[id], `namespace ${id}`).toBe('object');
    }
  });

  it.each(Object.keys(providers))('re-exports all of %s in its namespace, as the same values', (id) => {
    const namespace = exported[id] as Record<string, unknown>;
    const provider = providers[id] as Record<string, unknown>;
    expect(Object.keys(namespace).sort()).toEqual(Object.keys(provider).sort());
    for (const name of Object.keys(provider)) expect(namespace[name], `${id}.${name}`).toBe(provider[name]);
  });

  it.each(Object.keys(providers))('exports every function, class and constant of %s by name', (id) => {
    const provider = providers[id] as Record<string, unknown>;
    const skipped = NAMESPACE_ONLY[id] ?? [];
    for (const name of Object.keys(provider)) {
      if (skipped.includes(name)) expect(exported[name], `${name} is namespace-only`).toBeUndefined();
      else expect(exported[name], `${id}: ${name}`).toBe(provider[name]);
    }
  });

  it('has no name that two providers export as different values', () => {
    const owners = new Map<string, { id: string; value: unknown }>();
    for (const [id, provider] of Object.entries(providers)) {
      for (const [name, value] of Object.entries(provider)) {
        const first = owners.get(name);
        if (first && first.value !== value) {
          throw new Error(`${name} is exported by both ${first.id} and ${id} as different values`);
        }
        owners.set(name, { id, value });
      }
    }
    // The names providers share are core's, once.
    for (const name of ['ApiError', 'unwrap', 'callOptions', 'MediaspecError']) {
      expect(exported[name]).toBe((core as Record<string, unknown>)[name]);
    }
  });

  it('exports nothing else: no code of its own', () => {
    const known = new Set([...Object.keys(providers), ...Object.values(providers).flatMap((p) => Object.keys(p))]);
    expect(Object.keys(exported).filter((name) => !known.has(name))).toEqual([]);
    const source = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    const statements = source
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements)
      expect(statement).toMatch(/^export (\*|\{[^}]*\}) (as \w+ )?from '@mediaspec\/[a-z0-9]+(\/errors)?'$/);
  });
});
