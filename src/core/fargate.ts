/**
 * Valid Fargate task sizes: CPU units and the memory (MiB) each allows.
 * Source: Amazon ECS Developer Guide, "Task CPU and memory" (task-cpu-memory-error.html).
 */
const FARGATE_SIZES: ReadonlyArray<{ cpu: number; minMiB: number; maxMiB: number; stepMiB: number }> = [
  { cpu: 256, minMiB: 512, maxMiB: 2048, stepMiB: 512 },
  { cpu: 512, minMiB: 1024, maxMiB: 4096, stepMiB: 1024 },
  { cpu: 1024, minMiB: 2048, maxMiB: 8192, stepMiB: 1024 },
  { cpu: 2048, minMiB: 4096, maxMiB: 16384, stepMiB: 1024 },
  { cpu: 4096, minMiB: 8192, maxMiB: 30720, stepMiB: 1024 },
  { cpu: 8192, minMiB: 16384, maxMiB: 61440, stepMiB: 4096 },
  { cpu: 16384, minMiB: 32768, maxMiB: 122880, stepMiB: 8192 },
];

/** The CPU values Fargate accepts. */
export const FARGATE_CPU_VALUES = FARGATE_SIZES.map((s) => s.cpu);

/** The memory values (MiB) Fargate accepts with a given CPU value, or [] for an invalid CPU. */
export function fargateMemoryFor(cpu: number): number[] {
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu);
  if (!size) return [];
  if (size.cpu === 256) return [512, 1024, 2048];
  const out: number[] = [];
  for (let m = size.minMiB; m <= size.maxMiB; m += size.stepMiB) out.push(m);
  return out;
}

/** Human text of the memory a CPU value allows, for error messages. */
export function fargateMemoryText(cpu: number): string {
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu);
  if (!size) return '';
  if (size.cpu === 256) return '512, 1024 or 2048';
  if (size.cpu === 512) return '1024, 2048, 3072 or 4096';
  return `${size.minMiB} to ${size.maxMiB} in steps of ${size.stepMiB}`;
}
