import { readFileSync } from 'node:fs';

/** Linux clock ticks per second for /proc/<pid>/stat times (`getconf CLK_TCK`; 100 on Linux). */
const CLOCK_TICKS = 100;

/** Resident set size of a process in bytes (`VmRSS` of /proc/<pid>/status), or undefined. */
export function readRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, seconds) a process has used so far, or undefined. */
export function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Soft and hard RLIMIT_NOFILE of this process (children inherit them). */
export function openFileLimits(): { soft: number; hard: number } {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  const parse = (v: string | undefined): number =>
    v === undefined || v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v);
  return { soft: parse(m?.[1]), hard: parse(m?.[2]) };
}

/** Ephemeral port range (`net.ipv4.ip_local_port_range`). */
export function ephemeralPortCount(): number {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return lo !== undefined && hi !== undefined ? hi - lo + 1 : 28_232;
  } catch {
    return 28_232;
  }
}

/** Busy CPU time of the whole machine so far (all cores, seconds), from /proc/stat. */
export function readSystemBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal ...
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
    return busy / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** CLOCK_MONOTONIC in microseconds, the time base of V8 `.cpuprofile` files on Linux. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
