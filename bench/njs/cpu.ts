/**
 * CPU seconds of this process and of its children that ended and were waited for (Linux `/proc/self/stat`:
 * fields 16-17, `cutime` and `cstime`, in clock ticks of 10 ms; proc(5)). What the njs processes the
 * harness started used, start-up included.
 */
import { readFileSync } from 'node:fs';

export function cpuSeconds(): { node: number; njs: number } {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticks = (k: number) => Number(fields[k - 3]);
  const own = process.cpuUsage();
  return { node: (own.user + own.system) / 1e6, njs: (ticks(16) + ticks(17)) / 100 };
}
