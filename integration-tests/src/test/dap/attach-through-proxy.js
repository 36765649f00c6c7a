// A real DAP client (VS Code's DebugClient from @vscode/debugadapter-testsupport) attaching to a
// headless Delve through a debugproxy route port, as VS Code's Go extension does in "remote" mode.
//
//   node attach-through-proxy.js PORT SOURCE LINE URL
//
// Attaches to 127.0.0.1:PORT, sets a breakpoint at SOURCE:LINE, GETs URL (which runs into it), waits
// for the stopped event, reads the stack trace, continues, and disconnects leaving the program
// running. Prints one JSON object with what it saw on stdout; exits non-zero on any failure.
'use strict';
const { DebugClient } = require('@vscode/debugadapter-testsupport');
const http = require('http');

// Node exits quietly, with 0, when it has nothing left to wait for: say "failed" unless main finishes.
process.exitCode = 3;

async function main() {
  const [port, source, line, url] = process.argv.slice(2);
  const result = {};
  const dc = new DebugClient('node', 'unused', 'go');
  dc.defaultTimeout = 30000;
  await dc.start(Number(port));
  try {
    await dc.initializeRequest({ adapterID: 'go', clientID: 'debugproxy-it', linesStartAt1: true,
      columnsStartAt1: true, pathFormat: 'path' });
    const initialized = dc.waitForEvent('initialized');
    await dc.attachRequest({ request: 'attach', mode: 'remote' });
    await initialized;
    const set = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: Number(line) }] });
    result.breakpoint = set.body.breakpoints[0];
    await dc.configurationDoneRequest();

    const stopped = dc.waitForEvent('stopped', 60000);
    const response = get(url);
    const event = await stopped;
    result.stopped = { reason: event.body.reason, threadId: event.body.threadId };
    const trace = await dc.stackTraceRequest({ threadId: event.body.threadId, startFrame: 0, levels: 5 });
    const top = trace.body.stackFrames[0];
    result.topFrame = { name: top.name, line: top.line, path: top.source && top.source.path };

    await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
    await dc.continueRequest({ threadId: event.body.threadId });
    result.body = await response;
  } finally {
    // Delve answers disconnect and closes the connection; DebugClient.stop() would ask a second time.
    await dc.disconnectRequest({ terminateDebuggee: false }).catch(() => {});
    dc.stopAdapter();
  }
  return result;
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, res => {
      let body = '';
      res.on('data', chunk => { body += chunk; });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

// Writes to a pipe are asynchronous: exit only once the line is out.
main().then(result => process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0)), err => {
  process.stderr.write('dap client: ' + (err && err.stack || err) + '\n');
  process.exit(1);
});
