#!/usr/bin/env node
'use strict';
// Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, and with
// `--callers <function>` where that function's time comes from (the nearest caller outside Node's own
// internals: a package's or Keel's frame).
// Usage: node bench/scripts/cpuprofile-top.js <file.cpuprofile> [--callers writev] [--top 30]
const fs = require('node:fs');

let file;
let callersOf;
let top = 30;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--callers') callersOf = args[++i];
  else if (args[i] === '--top') top = Number(args[++i]);
  else file = args[i];
}
if (!file) {
  console.error('usage: cpuprofile-top.js <file.cpuprofile> [--callers <function>] [--top N]');
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const frame = (n) => `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url || '').split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
const outsideNode = (n) => (n.callFrame.url || '') !== '' && !n.callFrame.url.startsWith('node:');

const sums = new Map();
for (const [id, time] of self) {
  const n = nodes.get(id);
  if (callersOf !== undefined) {
    if (n.callFrame.functionName !== callersOf) continue;
    let at = parent.get(id);
    while (at !== undefined && !outsideNode(nodes.get(at))) at = parent.get(at);
    const key = at === undefined ? '(only Node internals above it)' : frame(nodes.get(at));
    sums.set(key, (sums.get(key) ?? 0) + time);
  } else {
    const key = n.callFrame.functionName || `(${n.callFrame.url ? 'anonymous' : n.callFrame.codeType ?? 'native'})`;
    const name = n.callFrame.url ? frame(n) : key;
    sums.set(name, (sums.get(name) ?? 0) + time);
  }
}
for (const [key, time] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(time / 1000).toFixed(0).padStart(8)} ms ${((100 * time) / total).toFixed(1).padStart(5)}%  ${key}`);
}
console.log(`${(total / 1000).toFixed(0).padStart(8)} ms total`);
