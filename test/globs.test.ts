import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../src/action/inputs.js';
import { isManifestPath } from '../src/input/load.js';
import { globMatcher, pathMatcher } from '../src/sources/globs.js';

describe('globs', () => {
  const m = (glob: string, path: string) => globMatcher(glob)(path);

  it('* matches within one segment', () => {
    expect(m('k8s/*.yaml', 'k8s/a.yaml')).toBe(true);
    expect(m('k8s/*.yaml', 'k8s/sub/a.yaml')).toBe(false);
  });

  it('** matches any number of segments, none included', () => {
    expect(m('k8s/**/*.yaml', 'k8s/a.yaml')).toBe(true);
    expect(m('k8s/**/*.yaml', 'k8s/x/y/a.yaml')).toBe(true);
    expect(m('**/*.yaml', 'a.yaml')).toBe(true);
    expect(m('k8s/**', 'k8s/x/y')).toBe(true);
  });

  it('? is one character and braces are alternatives', () => {
    expect(m('v?.yaml', 'v1.yaml')).toBe(true);
    expect(m('v?.yaml', 'v10.yaml')).toBe(false);
    expect(m('*.{yaml,yml}', 'a.yml')).toBe(true);
    expect(m('*.{yaml,yml}', 'a.json')).toBe(false);
  });

  it('other characters are literal', () => {
    expect(m('a+b.yaml', 'a+b.yaml')).toBe(true);
    expect(m('a.yaml', 'aXyaml')).toBe(false);
  });

  it('a directory matches everything below it', () => {
    const p = pathMatcher(['k8s/prod', './charts/']);
    expect(p('k8s/prod/a.yaml')).toBe(true);
    expect(p('charts/app/values.yaml')).toBe(true);
    expect(p('k8s/production/a.yaml')).toBe(false);
  });

  it('a glob starting with ! excludes what it matches', () => {
    const p = pathMatcher(['**', '!**/.*/**', '!**/node_modules']);
    expect(p('k8s/a.yaml')).toBe(true);
    expect(p('.github/workflows/ci.yml')).toBe(false);
    expect(p('app/.hidden/x.yaml')).toBe(false);
    expect(p('web/node_modules/pkg/a.json')).toBe(false);
    expect(pathMatcher(['!secret'])('a.yaml')).toBe(false);
  });
});

describe('globs match dot files', () => {
  it('* and ** match hidden files and folders, which the default paths exclude with !**/.*/**', () => {
    expect(globMatcher('**/*.yaml')('.github/reachdiff.yaml')).toBe(true);
    expect(globMatcher('k8s/*')('k8s/.env')).toBe(true);
    expect(pathMatcher(['**/*.yaml', '!**/.*/**'])('.github/reachdiff.yaml')).toBe(false);
  });
});

describe("the action's default paths", () => {
  it("match every file the manifests' reader takes, outside hidden directories and node_modules, and no other", () => {
    const matches = pathMatcher(DEFAULT_PATHS);
    const names = ['a.yaml', 'a.yml', 'a.json', 'Kustomization', 'a.jsonnet', 'a.libsonnet', 'kustomization', 'a.YAML', 'README.md', 'Chart.lock', 'a.yaml.bak'];
    for (const dir of ['', 'app/', 'app/overlays/prod/']) {
      for (const name of names) expect(matches(`${dir}${name}`), `${dir}${name}`).toBe(isManifestPath(`${dir}${name}`));
      for (const skipped of ['.github/', 'app/.policies/', 'node_modules/pkg/']) expect(matches(`${skipped}${dir}${names[0]!}`), `${skipped}${dir}`).toBe(false);
    }
  });
});

describe('whether globs may match a path under a directory', () => {
  it('where their fixed start leads into it, or its names match their segments up to a **, exclusions of all of it aside', () => {
    const under = (globs: string[], dir: string) => pathMatcher(globs).mayMatchUnder(dir);
    expect(under(['vendor/sub/deploy/*.yaml'], 'vendor/sub')).toBe(true);
    expect(under(['vendor/*/deploy/prod/*.yaml'], 'vendor/sub')).toBe(true);
    expect(under(['vendor/*/deploy/prod/*.yaml'], 'vendor/sub/deploy')).toBe(true);
    expect(under(['vendor/*/deploy/prod/*.yaml'], 'vendor/sub/other')).toBe(false);
    expect(under(['vendor/*.yaml'], 'vendor/sub')).toBe(false);
    expect(under(['vendor/*'], 'vendor/sub/deeper')).toBe(true);
    expect(under(['other/**'], 'vendor/sub')).toBe(false);
    expect(under(['**/*.yaml'], 'a/node_modules/pkg')).toBe(true);
    expect(under(['a/{b,c/d}/*.yaml'], 'a/x')).toBe(true);
    expect(under(['vendor/sub'], 'vendor/sub')).toBe(true);
    // a plain directory takes everything under it, a submodule deeper down too
    expect(under(['deploy'], 'deploy/sub')).toBe(true);
    expect(under(['deploy'], 'deploy/a/b')).toBe(true);
    expect(under(['deploy'], 'other/sub')).toBe(false);
    expect(under(['vendor/sub/x.yaml'], 'vendor/sub')).toBe(true);
    expect(under(['vendor/subx/x.yaml'], 'vendor/sub')).toBe(false);
    expect(under(DEFAULT_PATHS, 'node_modules')).toBe(false);
    expect(under(DEFAULT_PATHS, 'web/node_modules')).toBe(false);
    expect(under(DEFAULT_PATHS, '.hidden/sub')).toBe(false);
    expect(under(DEFAULT_PATHS, 'vendor/sub')).toBe(true);
    expect(under(['**/*.yaml', '!vendor/sub'], 'vendor/sub')).toBe(false);
  });
});
