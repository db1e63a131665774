#!/usr/bin/env node
// The `gitops` executable: registers tsx so the TypeScript sources run as they
// are, wires Ctrl-C/SIGTERM to an AbortSignal (the engine is cancelled cleanly
// instead of killed), and exits with the code cli/main.ts returns.
"use strict";

require("tsx/cjs");
const { run } = require("../cli/main.ts");

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    process.stderr.write(`gitops: ${signal} received, cancelling…\n`);
    controller.abort();
  });
}

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`gitops: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
