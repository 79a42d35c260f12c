// Takes deploy/trace-screenshot.png: node --experimental-websocket deploy/trace-screenshot.mjs URL OUT.png [waitMs] [js-to-run...]
// The README's picture: the trace-id `explain` prints, ?spanId=<the claimstatus.score span's id> so its attributes open,
// and one js argument that clicks the close button of the "Endpoint is unsecured" banner so every attribute fits.
// Drives headless Chromium (apt-get install chromium) over the DevTools protocol, because the dashboard is a
// Blazor page that renders after its websocket connects, later than chromium --screenshot waits.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, out, waitMs = '8000'] = process.argv.slice(2);
const port = 9300 + Math.floor(Math.random() * 500);
const chrome = spawn('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'shot-'))}`,
  `--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1', '--window-size=1600,1000', 'about:blank'], { stdio: 'ignore' });
const sleep = ms => new Promise(r => setTimeout(r, ms));
try {
  let targets;
  for (let i = 0; i < 50 && !targets; i++) { try { targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json(); } catch { await sleep(200); } }
  const page = targets.find(t => t.type === 'page');
  const ws = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise(r => ws.onopen = r);
  let id = 0; const pending = new Map();
  ws.onmessage = m => { const msg = JSON.parse(m.data); pending.get(msg.id)?.(msg.result); pending.delete(msg.id); };
  const send = (method, params = {}) => new Promise(r => { pending.set(++id, r); ws.send(JSON.stringify({ id, method, params })); });
  await send('Emulation.setDeviceMetricsOverride', { width: 1600, height: 1000, deviceScaleFactor: 1, mobile: false });
  await send('Page.navigate', { url });
  await sleep(Number(waitMs));
  for (const click of process.argv.slice(5)) {
    await send('Runtime.evaluate', { expression: click });
    await sleep(2000);
  }
  const shot = await send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(out, Buffer.from(shot.data, 'base64'));
  ws.close();
} finally { chrome.kill(); }
