// The real dbdocs CLI (node_modules), pointed at local servers through DBDOCS_API_HOST: none
// listening (offline), a stand-in of the dbdocs API, and one that accepts and never answers.
// HOME is an empty folder and the working directory has no .env, so no login of the machine's
// user can be picked up.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import { buildStep, DbdocsRunError, resolveExecutable, runDbdocsStep, type PublishSettings } from '../../scripts/publish/dbdocs.js';
import { makeTempDir, processesIn } from './support.js';

const TOKEN = 'dbdocs-real-test-token-93ad0e';
const DBML = 'Table projects {\n  id uuid [pk]\n  name text [not null]\n}\n';

async function workspace(t: Parameters<typeof makeTempDir>[0]) {
  const dir = await makeTempDir(t, 'dbdocs-real');
  await writeFile(path.join(dir, 'schema.dbml'), DBML);
  return dir;
}

function runReal(dir: string, apiHost: string, settings: Partial<PublishSettings>, timeoutMs: number, output: string[], password: string | null = null) {
  const credentials = { token: TOKEN, password };
  const step = buildStep(resolveExecutable({}), { dbmlFile: 'schema.dbml', project: 'meshhook', visibility: null, ...settings }, credentials);
  return runDbdocsStep(step, {
    credentials,
    timeoutMs,
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, DBDOCS_API_HOST: apiHost },
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

test('offline, the real CLI fails and the failure is reported with its message', { timeout: 180_000 }, async (t) => {
  const dir = await workspace(t);
  const closed = net.createServer();
  const port = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  const output: string[] = [];
  await assert.rejects(runReal(dir, `http://127.0.0.1:${port}`, {}, 150_000, output), (error: Error) => {
    assert.ok(error instanceof DbdocsRunError, String(error));
    assert.equal(error.message, 'dbdocs build failed (exit code 2): Error: Invalid token. Please login again and/or check your DBDOCS_TOKEN.');
    return true;
  });
  assert.ok(!output.join('\n').includes(TOKEN));
});

test('the real CLI accepts the commands as built: it publishes the file to a stand-in dbdocs API, private or with a password', { timeout: 180_000 }, async (t) => {
  const dir = await workspace(t);
  const requests: { method: string; url: string; authorization: string | undefined; body: string }[] = [];
  const api = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization, body });
      const reply = (status: number, data: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(data));
      };
      if (request.url === '/version/cli') return reply(200, { required: '1.0.0', current: '1.5.0' });
      if (request.url === '/account') return reply(200, { account: { id: 1 } });
      if (request.url === '/orgs') return reply(200, { orgs: [{ name: 'tester' }] });
      if (request.url === '/projects' && request.method === 'POST') {
        const project = JSON.parse(body) as { projectName: string };
        return reply(201, { project: { name: project.projectName, generalAccessType: 'restricted', org: { name: 'tester' }, urlName: project.projectName } });
      }
      return reply(404, { error: { name: 'NotFound', message: `no ${request.url}` } });
    });
  });
  const port = await listen(api);
  t.after(() => new Promise((resolve) => api.close(resolve)));

  const output: string[] = [];
  await runReal(dir, `http://127.0.0.1:${port}`, { visibility: 'private' }, 150_000, output);
  const published = requests.find((r) => r.method === 'POST' && r.url === '/projects');
  assert.ok(published, `no POST /projects among ${requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
  assert.equal(published.authorization, TOKEN);
  const body = JSON.parse(published.body) as { projectName: string; isPublic: boolean; doc: { content: string } };
  assert.equal(body.projectName, 'meshhook');
  assert.equal(body.isPublic, false);
  assert.equal(body.doc.content, DBML);
  assert.ok(output.some((line) => line.includes("Project 'meshhook' is private")), output.join('\n'));

  // A password, starting with "-" as a generated one may: sent as the project's password.
  const password = '-pw-3f9c';
  requests.length = 0;
  await runReal(dir, `http://127.0.0.1:${port}`, {}, 150_000, output, password);
  const protectedBody = JSON.parse(requests.find((r) => r.method === 'POST' && r.url === '/projects')!.body) as { isPublic: boolean; password: string };
  assert.equal(protectedBody.password, password);
  assert.equal(protectedBody.isPublic, true);
  assert.ok(!output.join('\n').includes(TOKEN));
  assert.ok(!output.join('\n').includes(password));
});

test('against a server that accepts and never answers, the time limit stops the real CLI', { timeout: 180_000 }, async (t) => {
  const dir = await workspace(t);
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
  });
  const port = await listen(silent);
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => silent.close(resolve));
  });

  const output: string[] = [];
  // Long enough for the CLI to start and connect on a slow machine.
  await assert.rejects(runReal(dir, `http://127.0.0.1:${port}`, {}, 15_000, output), (error: Error) => {
    assert.ok(error instanceof DbdocsRunError, String(error));
    assert.match(error.message, /^dbdocs build did not finish within 15 s and was stopped/);
    return true;
  });
  assert.ok(sockets.length > 0, 'the CLI never connected to the server');
  assert.deepEqual(await processesIn(dir), [], 'processes of the CLI are still running');
});
