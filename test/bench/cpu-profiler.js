'use strict';
/**
 * Preloaded into the benchmarked app with --profile=DIR (NODE_OPTIONS=--require; node refuses --cpu-prof there): a V8
 * CPU profile of the timed runs only. It starts at SIGWINCH, which the bench sends just before them (see
 * sql-recorder.js), and is written at SIGTERM, before Nest's shutdown hooks end the process, as
 * DIR/app-<pid>.cpuprofile (Chrome DevTools reads it; `node tools/cpu-profile-top.mjs FILE` summarises it).
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Session } = require('node:inspector');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let started = false;
  process.on('SIGWINCH', () => {
    if (started) return;
    started = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
  });
  process.prependListener('SIGTERM', () => {
    if (!started) return;
    // An in-process session answers synchronously: the file is written before the listeners after this one run.
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `app-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
