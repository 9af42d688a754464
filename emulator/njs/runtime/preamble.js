/* global njs */
/**
 * Runs under njs before a CloudFront Function's code (`../program.ts` puts the bundle right after it): the
 * restrictions of the `cloudfront-js-2.0` runtime that njs does not have, and the harness's private handle.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
 * - no timers, `process`, `require`/`fs`, `print`, `njs`, nor a WebCrypto `crypto` global (the `crypto`
 *   module stays importable); `new Function` is refused by `njs -u`, and `eval` is not implemented;
 * - `Date` frozen at the call's start, per call;
 * - `console.log` with exactly one argument, its lines kept per call (never printed);
 * - `Math.random` optionally fed the values a test chose.
 */
var __cffHarness = (function (g) {
  var stats = njs;
  var dump = njs.dump;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- njs's own module, taken before it is removed
  var fs = require('fs');
  var print = g.print;
  /**
   * njs cuts a printed line at 2,048 bytes and a record (a request with its cookies) can be longer: each goes
   * out in pieces of at most 500 characters (≤ 2,000 bytes of UTF-8; a surrogate pair is never cut), every
   * piece but the last marked `+`, the last `=` (`../process.ts` joins them).
   */
  var out = function (text) {
    for (var at = 0; ;) {
      var end = Math.min(text.length, at + 500);
      var c = text.charCodeAt(end - 1);
      if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
      print((end < text.length ? '+' : '=') + text.slice(at, end));
      if (end >= text.length) return;
      at = end;
    }
  };
  var input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  var RealDate = Date;
  var realRandom = Math.random;
  var now = 0;
  var lines = [];
  var channel = [];
  var draws = null;
  var drawn = 0;

  [
    'setTimeout',
    'clearTimeout',
    'setImmediate',
    'process',
    'require',
    'print',
    'njs',
    '$262',
    'crypto',
  ].forEach(function (name) {
    delete g[name];
  });

  // `new Date()`, `Date.now()` and `Date()` read the call's start; dates built from arguments are ordinary.
  function FrozenDate(year, month, day, hours, minutes, seconds, ms) {
    var n = arguments.length;
    if (!(this instanceof FrozenDate)) return new RealDate(now).toString();
    if (n === 0) return new RealDate(now);
    if (n === 1) return new RealDate(year);
    var at = function (k, value, absent) {
      return n > k ? value : absent;
    };
    return new RealDate(
      year,
      month,
      at(2, day, 1),
      at(3, hours, 0),
      at(4, minutes, 0),
      at(5, seconds, 0),
      at(6, ms, 0),
    );
  }
  FrozenDate.prototype = RealDate.prototype;
  FrozenDate.now = function () {
    return now;
  };
  FrozenDate.UTC = RealDate.UTC;
  FrozenDate.parse = RealDate.parse;
  g.Date = FrozenDate;

  Math.random = function () {
    return draws ? draws[drawn++ % draws.length] : realRandom();
  };

  g.console = {
    log: function (message) {
      if (arguments.length !== 1)
        throw new TypeError('console.log() takes exactly one argument, got ' + arguments.length);
      lines.push(typeof message === 'string' ? message : dump(message));
    },
  };

  // The local log channel the Lambda@Edge bundles look for (`emulator/lambda.ts`), when the harness offers it.
  if (input.channel)
    g[Symbol.for(input.channel)] = function (line) {
      channel.push(String(line));
    };

  function describe(err) {
    return err instanceof Error ? err.name + ': ' + err.message : String(err);
  }

  return {
    calls: input.calls,
    budget: input.budget,
    describe: describe,
    memory: function () {
      return stats.memoryStats.size;
    },
    /** Set up one call: its clock, its draws, empty lines, and the event's `rawQueryString()` method. */
    begin: function (call) {
      now = call.t !== undefined ? call.t : RealDate.now();
      draws = call.r && call.r.length > 0 ? call.r : null;
      drawn = 0;
      lines = [];
      channel = [];
      var raw = call.e.request.rawQueryString;
      Object.defineProperty(call.e.request, 'rawQueryString', {
        value: function () {
          return raw;
        },
        enumerable: false,
        configurable: true,
        writable: true,
      });
      return call.e;
    },
    /** One line per call: its record with the lines it logged; a result JSON cannot hold is reported. */
    finish: function (record) {
      record.l = lines;
      if (channel.length > 0) record.c = channel;
      var text;
      try {
        text = JSON.stringify(record);
      } catch (err) {
        delete record.r;
        record.x = describe(err);
        text = JSON.stringify(record);
      }
      out(text);
    },
    emit: function (message) {
      out(JSON.stringify(message));
    },
  };
})(globalThis);
