'use strict';
/**
 * Preloaded into the benchmarked app (NODE_OPTIONS=--require): appends every statement the app sends through
 * mysql2 (text, parameters) as a JSON line to BENCH_SQL_RECORD, so the bare baseline can run exactly the same SQL.
 * Recording stops for good at SIGWINCH (ignored by default, and not one of Nest's shutdown signals, unlike SIGUSR2),
 * sent before the timed runs, so it costs nothing while measured.
 */
const { appendFileSync } = require('node:fs');
const { Connection } = require('mysql2');

const file = process.env.BENCH_SQL_RECORD;
if (file) {
  let recording = true;
  process.on('SIGWINCH', () => (recording = false));
  const original = Connection.prototype.query;
  // Pool connections inherit from Connection, so this catches every statement TypeORM sends.
  Connection.prototype.query = function recordedQuery(sql, values, cb) {
    if (recording) {
      const text = typeof sql === 'string' ? sql : sql && sql.sql;
      const params =
        sql && typeof sql === 'object' && sql.values !== undefined
          ? sql.values
          : typeof values === 'function'
            ? undefined
            : values;
      const encoded = JSON.stringify({ sql: text, values: params ?? [] }, function encode(key, value) {
        // Dates would turn into strings that mysql2 formats differently; keep them recognisable.
        return this[key] instanceof Date ? { $date: this[key].toISOString() } : value;
      });
      appendFileSync(file, `${encoded}\n`);
    }
    return original.call(this, sql, values, cb);
  };
}
