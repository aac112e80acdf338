import { exactProduct, formatNumber } from '../report/decimal';
import { CostDriver, CostDrivers, FargatePricing } from '../report/price-table';

/**
 * Fargate cost arithmetic shared by the Fargate patterns (StatelessService, QueueWorkerService):
 * how ECS splits tasks over FARGATE and FARGATE_SPOT, and the monthly vCPU and memory drivers of
 * a split, spot priced at an assumed discount off the region's x86 on-demand price.
 */

/** The default assumed Fargate Spot discount, percent ("up to 70 %", Fargate pricing page). */
export const DEFAULT_SPOT_DISCOUNT_PERCENT = 70;

/** The size of one Fargate task and the spot discount it is priced with. */
export interface FargateTaskPricing {
  /** CPU units of each task (1024 = 1 vCPU). */
  readonly cpu: number;
  /** Memory of each task in MiB (1024 = 1 GB). */
  readonly memoryMiB: number;
  /** Whether the tasks run on ARM64 (on-demand only: Fargate Spot is x86_64). */
  readonly arm64?: boolean;
  /** Assumed Fargate Spot discount off on-demand, percent (default 70). */
  readonly spotDiscountPercent?: number;
}

/** How ECS splits `count` tasks over FARGATE and FARGATE_SPOT. */
export interface SpotSplit {
  readonly onDemandTasks: number;
  readonly spotTasks: number;
  readonly arithmetic: string;
}

/**
 * The on-demand/spot split of `count` tasks: `base` on FARGATE first, then the rest by weight.
 * The spot share is rounded down (ECS approaches the weights; rounding down keeps the estimate on
 * the expensive side).
 */
export function spotSplit(count: number, base: number, spotWeight: number, onDemandWeight: number): SpotSplit {
  const b = Math.min(count, Math.max(0, base));
  if (spotWeight <= 0) return { onDemandTasks: count, spotTasks: 0, arithmetic: `${count} on demand (no spot weight)` };
  const above = count - b;
  const spotTasks = Math.floor((above * spotWeight) / (spotWeight + onDemandWeight));
  return {
    onDemandTasks: count - spotTasks,
    spotTasks,
    arithmetic: onDemandWeight === 0
      ? `base ${b} on demand, the other ${count} - ${b} = ${spotTasks} on spot`
      : `base ${b} on demand, then floor((${count} - ${b}) x ${spotWeight} / (${spotWeight} + ${onDemandWeight})) = ${spotTasks} on spot, ${count - spotTasks} on demand`,
  };
}

function spotDiscount(p: FargateTaskPricing): number {
  const d = p.spotDiscountPercent ?? DEFAULT_SPOT_DISCOUNT_PERCENT;
  if (!(d >= 0 && d <= 100)) throw new RangeError(`a spot discount is 0-100 percent, got ${d}`);
  return d;
}

/** Fargate vCPU and memory drivers for a split of tasks. */
export function fargateDrivers(p: FargateTaskPricing, split: { onDemandTasks: number; spotTasks: number }, splitText?: string): CostDriver[] {
  // 1 / 1024 is exactly 0.0009765625: 512 CPU units = 0.5 vCPU, 1024 MiB = 1 GB.
  const vcpu = exactProduct(p.cpu, 0.0009765625);
  const gb = exactProduct(p.memoryMiB, 0.0009765625);
  const arch = p.arm64 ? FargatePricing.ARM_ON_DEMAND : FargatePricing.X86_ON_DEMAND;
  const drivers: CostDriver[] = [];
  if (split.onDemandTasks > 0) {
    drivers.push(CostDrivers.fargateVcpuHours(split.onDemandTasks, vcpu, arch), CostDrivers.fargateMemoryHours(split.onDemandTasks, gb, arch));
  }
  if (split.spotTasks > 0) {
    const d = spotDiscount(p);
    // 100 - 66.7 is 33.300000000000004 in binary: round the decimal back.
    const paid = Number(((100 - d) / 100).toFixed(10));
    const discountText = `(1 - ${formatNumber(d)} % spot discount, assumed: AWS says up to 70 %; set reportAssumptions.spotDiscountPercent)`;
    const note = splitText ? ` (${splitText})` : '';
    // Spot is priced as the region's x86 on-demand price times the share paid, so the discount is
    // one stated assumption (Fargate Spot is x86_64 only).
    const v = CostDrivers.fargateVcpuHours(split.spotTasks, vcpu, FargatePricing.X86_ON_DEMAND);
    const m = CostDrivers.fargateMemoryHours(split.spotTasks, gb, FargatePricing.X86_ON_DEMAND);
    drivers.push(
      { ...v, item: 'Fargate Spot vCPU', quantity: exactProduct(v.quantity, paid), quantityArithmetic: `${v.quantityArithmetic} x ${discountText}${note}` },
      { ...m, item: 'Fargate Spot memory', quantity: exactProduct(m.quantity, paid), quantityArithmetic: `${m.quantityArithmetic} x ${discountText}${note}` },
    );
  }
  return drivers;
}
