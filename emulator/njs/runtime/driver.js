/* global __cffHarness, handler */
/**
 * Runs under njs after a CloudFront Function's code: calls its global `handler` once per event, in order,
 * each awaited before the next, and prints one JSON line per call (`../process.ts` reads them). Memory is
 * `njs.memoryStats.size` before the call and after it settles (njs frees nothing within a VM, so the
 * difference is what the call allocated). Past the harness's budget it stops, and a new process goes on.
 */
(function (h) {
  async function call(input) {
    var event = h.begin(input);
    var before = h.memory();
    var record = { i: input.i };
    try {
      var result = await handler(event);
      record.m = h.memory() - before;
      record.r = result;
    } catch (err) {
      record.m = h.memory() - before;
      record.e = h.describe(err);
    }
    return record;
  }

  async function run() {
    h.emit({ ready: h.calls.length });
    for (var k = 0; k < h.calls.length; k++) {
      var record = await call(h.calls[k]);
      h.finish(record);
      if (h.memory() > h.budget) return h.emit({ stop: record.i });
    }
    h.emit({ done: true, heap: h.memory() });
  }

  run();
})(__cffHarness);
