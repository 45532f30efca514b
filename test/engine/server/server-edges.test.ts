// The bridge's edges: trickled bodies, malformed escapes, upload folders left by a killed server. After
// each hostile request the workspace is sound and unchanged.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_DIR_PREFIX } from '../../../engine/server/server.ts';
import { raw, sampleWorkspace, serve, type Served } from './server-fixture.ts';

let templateDir: string;
let template: string;
let s: Served | undefined;

beforeAll(async () => {
  templateDir = mkdtempSync(join(tmpdir(), 'workbench-edges-template-'));
  template = await sampleWorkspace(templateDir);
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function health(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check'),
      counts: db
        .prepare(
          'SELECT (SELECT count(*) FROM individuals) AS individuals, (SELECT count(*) FROM config_revisions) AS revisions, (SELECT count(*) FROM runs) AS runs',
        )
        .get(),
    };
  } finally {
    db.close();
  }
}

/** Sends the head of a request and one byte of its body, then nothing more; resolves with the answer. */
function trickle(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { host: `127.0.0.1:${port}`, ...headers },
        setHost: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    req.write('{');
  });
}

describe('a request body that trickles in', () => {
  it('is cut with 408 after the body time limit (operation calls and uploads)', async () => {
    s = await serve(template, { bodyTimeoutMs: 300 });
    const before = health(s.workspace);
    const auth = { authorization: `Bearer ${s.server.token}` };
    const op = await trickle(s.server.port, '/api/op/workspace.info', {
      ...auth,
      'content-type': 'application/json',
      'content-length': '1000',
    });
    expect(op.status).toBe(408);
    expect(JSON.parse(op.body)).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest', message: expect.stringMatching(/did not arrive within 0.3 s/) },
    });
    const up = await trickle(s.server.port, '/api/upload?kind=profiles&name=p.csv', {
      ...auth,
      'content-length': '1000',
    });
    expect(up.status).toBe(408);
    expect(readdirSync(s.server.uploadDir)).toEqual([]);
    // The server still answers.
    expect((await s.op('workspace.info', {})).status).toBe(200);
    expect(health(s.workspace)).toEqual(before);
  });
});

describe('a malformed escape in an operation name', () => {
  it.each(['/api/op/%C3%28', '/api/op/runs.%E0%A4%A', '/api/op/%zz'])('%s is 400, without a stack', async (path) => {
    s = s ?? (await serve(template));
    const r = await raw(s.server.port, {
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${s.server.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(400);
    expect(r.body).not.toMatch(/\bat \w|\.ts:\d+/);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
  });
});

describe('upload folders', () => {
  it('a folder left by a killed server is removed when a server starts; a live one stays', async () => {
    // A process that is certainly gone: spawn one and wait for its exit.
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => child.once('exit', () => resolve(child.pid!)));
    const dead = mkdtempSync(join(tmpdir(), `${UPLOAD_DIR_PREFIX}${deadPid}-`));
    mkdirSync(join(dead, '1'));
    writeFileSync(join(dead, '1', 'profiles.csv'), 'id\n1\n');
    const live = mkdtempSync(join(tmpdir(), `${UPLOAD_DIR_PREFIX}${process.ppid}-`));
    try {
      s = await serve(template);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(live, { recursive: true, force: true });
      rmSync(dead, { recursive: true, force: true });
    }
  });
});
