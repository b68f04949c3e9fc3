/** The machine a benchmark ran on, recorded with its figures (they mean little without it). */
import { cpus, freemem, loadavg, release, totalmem, type as osType } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  free_memory_gb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews the figures. */
  load_start: number;
  load_end?: number;
  date: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    free_memory_gb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    load_start: loadavg()[0]!,
    date: new Date().toISOString(),
  };
}

export function loadNow(): number {
  return loadavg()[0]!;
}
