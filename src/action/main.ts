import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import { githubApi } from './api.js';
import type { GitHubApi } from './api.js';
import type { ActionInputs } from './inputs.js';
import { InputError, readInputs } from './inputs.js';
import type { ActionEnv, ActionIo } from './run.js';
import { analyzeRun, publishRun, runFailed } from './run.js';
import { ConfigError } from '../check/config.js';
import { GitError } from '../sources/git.js';

/** The run's context, from the variables GitHub sets for every step. */
function environment(): ActionEnv {
  const env = process.env;
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY ?? '';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    repository,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    tempDir: env.RUNNER_TEMP ?? tmpdir(),
    runUrl: env.GITHUB_RUN_ID && repository ? `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    serverUrl: server,
    sha: env.GITHUB_SHA,
  };
}

/**
 * Writes a log line that may hold text from the repository or a render's
 * stderr. Such text could start a line with a workflow command (::error::,
 * ::add-mask::, ::set-output::); between stop-commands markers the runner
 * reads none. (Warnings, errors and titles are escaped by @actions/core.)
 */
function logText(message: string): void {
  if (!message.includes('::')) return core.info(message);
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  core.info(message);
  core.info(`::${token}::`);
}

const io: ActionIo = {
  info: logText,
  warning: (m, at) => core.warning(m, at ?? {}),
  error: (m, at) => core.error(m, at ?? {}),
  setOutput: (name, value) => core.setOutput(name, value),
  setFailed: (m) => core.setFailed(m),
  async writeSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown).write();
  },
};

async function main(): Promise<void> {
  let inputs: ActionInputs | undefined;
  let env: ActionEnv | undefined;
  try {
    const given = (inputs = readInputs((name) => core.getInput(name)));
    env = environment();
    const [owner, repo] = env.repository.split('/');
    if (!owner || !repo) throw new InputError('GITHUB_REPOSITORY is not set to owner/name');
    let api: GitHubApi | undefined;
    const getApi = () => (api ??= githubApi(given.token, owner, repo, io, { apiUrl: process.env.GITHUB_API_URL, timeoutMs: given.apiTimeoutMs }));
    if (given.mode === 'publish') await publishRun(given, env, getApi, io);
    else await analyzeRun(given, env, getApi, io);
  } catch (e) {
    if (e instanceof InputError || e instanceof ConfigError || e instanceof GitError) core.setFailed(`reachdiff: ${e.message}`);
    else core.setFailed(`reachdiff: ${(e as Error).stack ?? String(e)}`);
    // the job summary says so, where the run did not before it failed (the pull request's comment too, where it knew it)
    await runFailed(e, {}, inputs, { runUrl: env?.runUrl }, undefined, io);
  }
}

await main();
