import { CostDrivers, FargatePricing, PriceItem, PriceTable, WorkloadProfile } from '../../src/report';
import { centsToUsd, exactProduct, productInCents } from '../../src/report/decimal';
import { priceScenarios } from '../../src/report/model';
import { circuitBreakerThreshold } from '../../src/stateless-service/profile';

const usEast1 = PriceTable.forRegion('us-east-1');

describe('exact decimal arithmetic', () => {
  test('products are exact decimals', () => {
    expect(productInCents(3, 730, 0.045)).toBe(9855);
    expect(exactProduct(3, 0.5, 730)).toBe(1095);
    expect(exactProduct(0.04048, 0.3)).toBe(0.012144);
  });

  test('rounds half up to the cent, once, at the end', () => {
    expect(productInCents(0.005)).toBe(1);
    expect(productInCents(0.0049999)).toBe(0);
    expect(productInCents(1095, 0.004445)).toBe(487); // 4.867275
    expect(productInCents(1, 0.125)).toBe(13);
    expect(centsToUsd(9855)).toBe(98.55);
  });
});

describe('cost formulas (us-east-1)', () => {
  const cases: Array<[string, ReturnType<typeof CostDrivers.natGatewayHours>, string, number]> = [
    ['NAT gateway hours', CostDrivers.natGatewayHours(3), '3 NAT gateways x 730 h x $0.045/h = $98.55', 98.55],
    ['one NAT gateway', CostDrivers.natGatewayHours(1), '1 NAT gateway x 730 h x $0.045/h = $32.85', 32.85],
    ['NAT processing', CostDrivers.natProcessedGb(2048), '2048 GB (assumed) x $0.045/GB = $92.16', 92.16],
    ['public IPv4', CostDrivers.publicIpv4Hours(3, 'NAT gateway Elastic IPs'), '3 NAT gateway Elastic IPs x 730 h x $0.005/h = $10.95', 10.95],
    ['interface endpoints', CostDrivers.interfaceEndpointHours(3, 3), '3 endpoints x 3 zones x 730 h x $0.01/h = $65.70', 65.7],
    ['interface endpoint GB', CostDrivers.interfaceEndpointGb(100), '100 GB (assumed) x $0.01/GB = $1.00', 1],
    ['Fargate x86 vCPU', CostDrivers.fargateVcpuHours(3, 0.5, FargatePricing.X86_ON_DEMAND), '3 tasks x 0.5 vCPU x 730 h x $0.04048/vCPU-h = $44.33', 44.33],
    ['Fargate x86 memory', CostDrivers.fargateMemoryHours(3, 1, FargatePricing.X86_ON_DEMAND), '3 tasks x 1 GB x 730 h x $0.004445/GB-h = $9.73', 9.73],
    ['Fargate ARM vCPU', CostDrivers.fargateVcpuHours(2, 1, FargatePricing.ARM_ON_DEMAND), '2 tasks x 1 vCPU x 730 h x $0.03238/vCPU-h = $47.27', 47.27],
    ['Fargate ARM memory', CostDrivers.fargateMemoryHours(2, 2, FargatePricing.ARM_ON_DEMAND), '2 tasks x 2 GB x 730 h x $0.00356/GB-h = $10.40', 10.4],
    ['Fargate Spot vCPU', CostDrivers.fargateVcpuHours(4, 0.5, FargatePricing.SPOT), '4 tasks x 0.5 vCPU x 730 h x $0.012144/vCPU-h = $17.73', 17.73],
    ['Fargate Spot memory', CostDrivers.fargateMemoryHours(4, 1, FargatePricing.SPOT), '4 tasks x 1 GB x 730 h x $0.0013335/GB-h = $3.89', 3.89],
    ['ALB hours', CostDrivers.albHours(1), '1 load balancer x 730 h x $0.0225/h = $16.43', 16.43],
    ['ALB LCUs', CostDrivers.albLcuHours(2.5), '2.5 LCU (assumed average) x 730 h x $0.008/LCU-h = $14.60', 14.6],
    ['cross-AZ', CostDrivers.crossAzGb(500), '500 GB (assumed) x 2 directions x $0.01/GB = $10.00', 10],
    ['inter-region', CostDrivers.interRegionGb(1000), '1000 GB (assumed) x $0.02/GB = $20.00', 20],
    ['internet egress', CostDrivers.internetEgressGb(500), '500 GB (assumed) x $0.09/GB = $45.00', 45],
  ];
  test.each(cases)('%s', (_name, driver, arithmetic, usd) => {
    const line = usEast1.price(driver);
    expect(line.arithmetic).toBe(arithmetic);
    expect(line.usd).toBe(usd);
  });

  test('the circuit breaker threshold is 0.5 x desired, at least 3, at most 200', () => {
    expect([1, 3, 6, 7, 10, 400, 1000].map(circuitBreakerThreshold)).toEqual([3, 3, 3, 4, 5, 200, 200]);
  });
});

describe('CloudWatch prices (Amazon CloudWatch pricing page, us-east-1)', () => {
  const one = (priceItem: PriceItem, quantity: number) => usEast1.price({ item: 'x', priceItem, quantity, quantityArithmetic: `${quantity} units` });
  test.each([
    [PriceItem.CLOUDWATCH_ALARM_METRIC_MONTH, 7, '7 units x $0.1/alarm metric-month = $0.70', 0.7],
    [PriceItem.CLOUDWATCH_HIGH_RESOLUTION_ALARM_METRIC_MONTH, 3, '3 units x $0.3/alarm metric-month = $0.90', 0.9],
    [PriceItem.CLOUDWATCH_COMPOSITE_ALARM_MONTH, 3, '3 units x $0.5/alarm-month = $1.50', 1.5],
    [PriceItem.CLOUDWATCH_DASHBOARD_MONTH, 2, '2 units x $3/dashboard-month = $6.00', 6],
    [PriceItem.CLOUDWATCH_CUSTOM_METRIC_MONTH, 64, '64 units x $0.3/metric-month = $19.20', 19.2],
    [PriceItem.CLOUDWATCH_VENDED_LOG_GB, 5, '5 units x $0.5/GB = $2.50', 2.5],
  ])('%s', (item, quantity, arithmetic, usd) => {
    expect(one(item, quantity)).toEqual({ item: 'x', arithmetic, usd });
  });

  test('vended-log ingestion differs by region; the alarm and dashboard prices do not', () => {
    expect(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1'].map((r) => PriceTable.forRegion(r).unitPrice(PriceItem.CLOUDWATCH_VENDED_LOG_GB)))
      .toEqual([0.5, 0.5, 0.57, 0.63, 0.76]);
    const dashboardPrices = PriceTable.pricedRegions().map((r) => PriceTable.forRegion(r).unitPrice(PriceItem.CLOUDWATCH_DASHBOARD_MONTH));
    expect(new Set(dashboardPrices)).toEqual(new Set([3]));
    expect(PriceTable.forRegion('us-east-1').sources).toContain('https://aws.amazon.com/cloudwatch/pricing/');
  });
});

describe('price tables', () => {
  test('every required region has a dated, sourced table covering every item', () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1']) {
      const t = PriceTable.forRegion(region);
      expect(t.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(t.sources).toContain('https://aws.amazon.com/vpc/pricing/');
      for (const item of Object.values(PriceItem)) expect(t.unitPrice(item)).toBeGreaterThanOrEqual(0);
    }
    expect(PriceTable.pricedRegions()).toEqual(['ap-northeast-1', 'eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
  });

  test('regional prices differ where AWS prices differ', () => {
    expect(PriceTable.forRegion('eu-central-1').price(CostDrivers.natGatewayHours(3)).arithmetic).toBe('3 NAT gateways x 730 h x $0.052/h = $113.88');
    expect(PriceTable.forRegion('ap-northeast-1').price(CostDrivers.natGatewayHours(3)).usd).toBe(135.78);
    expect(PriceTable.forRegion('eu-west-1').price(CostDrivers.interfaceEndpointHours(1, 3)).usd).toBe(24.09);
  });

  test('an override replaces one item and is listed', () => {
    const t = PriceTable.forRegion('us-east-1', { NAT_GATEWAY_HOUR: 0.05 });
    expect(t.price(CostDrivers.natGatewayHours(3)).arithmetic).toBe('3 NAT gateways x 730 h x $0.05/h = $109.50');
    expect(t.unitPrice(PriceItem.NAT_GATEWAY_GB)).toBe(0.045);
    expect(t.overriddenItems).toEqual(['NAT_GATEWAY_HOUR']);
  });

  test('bad overrides are errors: negative, NaN, infinite, unknown item', () => {
    expect(() => PriceTable.forRegion('us-east-1', { NAT_GATEWAY_HOUR: -1 })).toThrow(/NAT_GATEWAY_HOUR is -1; a price cannot be negative/);
    expect(() => PriceTable.forRegion('us-east-1', { NAT_GATEWAY_GB: NaN })).toThrow(/NAT_GATEWAY_GB must be a finite number of US dollars, got NaN/);
    expect(() => PriceTable.forRegion('us-east-1', { ALB_HOUR: Infinity })).toThrow(/ALB_HOUR must be a finite number/);
    expect(() => PriceTable.forRegion('us-east-1', { NAT_HOUR: 0.05 })).toThrow(/'NAT_HOUR' is not a price item \(use one of NAT_GATEWAY_HOUR/);
  });

  test('a region without a table is an error naming the overrides that would price it', () => {
    expect(() => PriceTable.forRegion('sa-east-1')).toThrow(
      /No embedded price table for region 'sa-east-1' \(tables exist for ap-northeast-1, eu-central-1, eu-west-1, us-east-1, us-west-2\)\. Set priceOverrides for NAT_GATEWAY_HOUR, .*or set pricesFromRegion/);
    const all: { [k: string]: number } = {};
    for (const item of Object.values(PriceItem)) all[item] = 0.1;
    expect(PriceTable.forRegion('sa-east-1', all).price(CostDrivers.natGatewayHours(1)).usd).toBe(73);
  });
});

describe('cost scenarios', () => {
  const table = PriceTable.forRegion('us-east-1');
  const driver = (usd: number) => ({ item: 'x', quantity: 1, quantityArithmetic: '1 unit', unitPriceUsd: usd });
  const profile = (costScenarios: WorkloadProfile['costScenarios']): WorkloadProfile => ({
    name: 'w', pattern: 'P', failureDomains: [], rto: { seconds: 0, arithmetic: '0' }, costDrivers: [], costScenarios,
  });

  test('cheaper, dearer and equal against the named scenario; an unknown name is stated, never guessed', () => {
    const priced = priceScenarios(profile([
      { name: 'base', costDrivers: [driver(100)] },
      { name: 'cheaper', costDrivers: [driver(25)], compareTo: 'base' },
      { name: 'dearer', costDrivers: [driver(200)], compareTo: 'base' },
      { name: 'same', costDrivers: [driver(100)], compareTo: 'base' },
      { name: 'lost', costDrivers: [driver(1)], compareTo: 'nothing' },
    ]), table);
    expect(priced.map((p) => [p.name, p.monthlyUsd, p.differenceUsd, p.differenceArithmetic])).toEqual([
      ['base', 100, null, null],
      ['cheaper', 25, -75, '$25.00 - $100.00 (base) = -$75.00: 75.0 % less than base ($75.00 / $100.00)'],
      ['dearer', 200, 100, '$200.00 - $100.00 (base) = $100.00 more; base costs 50.0 % less ($100.00 / $200.00)'],
      ['same', 100, 0, '$100.00 - $100.00 (base) = $0.00: the same'],
      ['lost', 1, null, 'no scenario named "nothing" to compare with'],
    ]);
  });
});
