// Prints "<name> <version>" for every resource provider plugin the project's Pulumi SDKs ask
// the engine for, derived from package-lock.json (the top-level @pulumi/* packages) and each
// installed package's `pulumi` field, the same field the engine reads. Usage: node sdk-plugins.js <project dir>
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const project = process.argv[2] || process.cwd();
const lock = JSON.parse(fs.readFileSync(path.join(project, "package-lock.json"), "utf8"));
for (const [key, entry] of Object.entries(lock.packages || {})) {
  const match = /^node_modules\/(@pulumi\/[^/]+)$/.exec(key);
  if (!match) continue;
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(path.join(project, key, "package.json"), "utf8")).pulumi;
  } catch {
    console.error(`sdk-plugins: ${match[1]} is in package-lock.json but not installed; run npm ci first`);
    process.exit(1);
  }
  if (!meta || meta.resource !== true) continue;
  console.log(`${meta.name || match[1].slice("@pulumi/".length)} ${meta.version || entry.version}`);
}
