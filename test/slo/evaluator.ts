/**
 * A small CloudWatch alarm evaluator for tests: it replays minute-level metric series through the
 * alarms AS BUILT in a synthesized template (each AWS::CloudWatch::Alarm's Metrics, expression,
 * Period, EvaluationPeriods, DatapointsToAlarm, Threshold, ComparisonOperator, TreatMissingData,
 * and each AWS::CloudWatch::CompositeAlarm's AlarmRule with AND / OR), minute by minute.
 *
 * What it models, from the CloudWatch user guide:
 * - "Alarm evaluation window": the default SlidingWindow advances each time the alarm is evaluated;
 *   the alarm is evaluated every minute here, and datapoint k (0 = newest) of an alarm with period
 *   p covers the minutes [t - (k + 1) p, t - k p).
 * - "Metric math syntax and functions": in arithmetic and comparisons between two time series a
 *   missing value is 0, but a timestamp where every series is missing has no datapoint; a scalar
 *   with a missing value has no datapoint; a division by zero drops the datapoint; FILL(m, s) gives
 *   every period a value; IF(c, a, b) follows the IF table (c missing: dropped; c true and a missing
 *   time series: 0; c false and b missing: dropped).
 * - "Configuring how CloudWatch alarms treat missing data": a missing datapoint is breaching,
 *   not breaching, or (missing) left out; an alarm whose evaluated datapoints are all missing under
 *   `missing` is INSUFFICIENT_DATA, under `ignore` it keeps its state.
 * Simplifications (stated so no figure overclaims): metrics arrive without delay; an alarm does not
 * look back past its evaluation periods for older datapoints; statistics are Sum, SampleCount and
 * a percentile rank PR(:x) computed from per-minute counts.
 */

/** Per-minute values of each metric, by metric name (undefined: no datapoint that minute). */
export interface MinuteSeries {
  /** Additive metrics (Sum, SampleCount), e.g. `RequestCount`. For a latency metric `M`, give `M:count` (requests) and `M:within` (requests at or under the threshold). */
  readonly [metricName: string]: ReadonlyArray<number | undefined>;
}

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

interface Query {
  readonly id: string;
  readonly expression?: string;
  readonly metricName?: string;
  readonly stat?: string;
  readonly period?: number;
  readonly returnData: boolean;
}

interface MetricAlarmDef {
  readonly logicalId: string;
  readonly name: string;
  readonly queries: Query[];
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: string;
  readonly treatMissingData: string;
}

interface CompositeDef {
  readonly logicalId: string;
  readonly name: string;
  readonly rule: RuleNode;
}

type RuleNode = { op: 'ALARM'; id: string } | { op: 'AND' | 'OR'; args: RuleNode[] };

/** The outcome of a replay. */
export interface Replay {
  /** First minute (minutes since the start of the series) each alarm, by AlarmName, was in ALARM. */
  readonly firstAlarm: { [alarmName: string]: number | undefined };
  /** The state of each alarm, by AlarmName, at each evaluated minute. */
  state(alarmName: string, minute: number): AlarmState;
}

/** Replays `series` through every alarm of `template` (from Template.toJSON()), minutes `from` to `to` inclusive. */
export function replay(template: { [key: string]: any }, series: MinuteSeries, from: number, to: number): Replay {
  const metricAlarms: MetricAlarmDef[] = [];
  const composites: CompositeDef[] = [];
  for (const [logicalId, r] of Object.entries(template.Resources as { [id: string]: any })) {
    if (r.Type === 'AWS::CloudWatch::Alarm') metricAlarms.push(metricAlarmOf(logicalId, r.Properties));
    if (r.Type === 'AWS::CloudWatch::CompositeAlarm') composites.push({ logicalId, name: r.Properties.AlarmName, rule: parseRule(ruleText(r.Properties.AlarmRule)) });
  }
  const data = new SeriesData(series);
  const byLogicalId = new Map<string, AlarmState>();
  const history = new Map<string, AlarmState[]>();
  const firstAlarm: { [name: string]: number | undefined } = {};
  const all = [...metricAlarms.map((a) => a.name), ...composites.map((c) => c.name)];
  for (const n of all) { history.set(n, []); firstAlarm[n] = undefined; }
  const parsed = new Map(metricAlarms.map((a) => [a.logicalId, parseQueries(a.queries)]));

  for (let t = from; t <= to; t++) {
    for (const a of metricAlarms) {
      const previous = byLogicalId.get(a.logicalId) ?? 'INSUFFICIENT_DATA';
      const values: Array<number | undefined> = [];
      for (let k = 0; k < a.evaluationPeriods; k++) {
        const end = t - k * a.periodMinutes;
        const start = end - a.periodMinutes;
        values.push(start < 0 ? undefined : evaluateRoot(parsed.get(a.logicalId)!, data, start, end));
      }
      const state = alarmState(a, values, previous);
      byLogicalId.set(a.logicalId, state);
      record(a.name, state, t);
    }
    // Composites may watch composites (page = any page window): settle them in dependency order.
    for (let pass = 0; pass < composites.length; pass++) {
      for (const c of composites) byLogicalId.set(c.logicalId, evalRule(c.rule, byLogicalId) ? 'ALARM' : 'OK');
    }
    for (const c of composites) record(c.name, byLogicalId.get(c.logicalId)!, t);
  }
  return {
    firstAlarm,
    state(name: string, minute: number): AlarmState {
      const h = history.get(name);
      if (!h) throw new Error(`no alarm named ${name}`);
      const s = h[minute - from];
      if (s === undefined) throw new Error(`minute ${minute} was not evaluated (${from}-${to})`);
      return s;
    },
  };

  function record(name: string, state: AlarmState, t: number) {
    history.get(name)!.push(state);
    if (state === 'ALARM' && firstAlarm[name] === undefined) firstAlarm[name] = t;
  }
}

function metricAlarmOf(logicalId: string, p: any): MetricAlarmDef {
  if (!p.Metrics) throw new Error(`${p.AlarmName}: only metric-math alarms are modelled`);
  const queries: Query[] = p.Metrics.map((m: any) => ({
    id: m.Id,
    expression: m.Expression,
    metricName: m.MetricStat?.Metric?.MetricName,
    stat: m.MetricStat?.Stat,
    period: m.MetricStat?.Period,
    returnData: m.ReturnData !== false,
  }));
  const periods = [...new Set(queries.filter((q) => q.period !== undefined).map((q) => q.period as number))];
  if (periods.length !== 1) throw new Error(`${p.AlarmName}: expected one period, got ${periods}`);
  if (periods[0] % 60 !== 0) throw new Error(`${p.AlarmName}: period ${periods[0]} is not whole minutes`);
  return {
    logicalId,
    name: p.AlarmName,
    queries,
    periodMinutes: periods[0] / 60,
    evaluationPeriods: p.EvaluationPeriods,
    datapointsToAlarm: p.DatapointsToAlarm ?? p.EvaluationPeriods,
    threshold: p.Threshold,
    comparison: p.ComparisonOperator,
    treatMissingData: p.TreatMissingData ?? 'missing',
  };
}

function alarmState(a: MetricAlarmDef, values: Array<number | undefined>, previous: AlarmState): AlarmState {
  let breaching = 0;
  let missing = 0;
  for (const v of values) {
    if (v === undefined) {
      missing++;
      if (a.treatMissingData === 'breaching') breaching++;
    } else if (compare(v, a.comparison, a.threshold)) {
      breaching++;
    }
  }
  if (missing === values.length) {
    if (a.treatMissingData === 'missing') return 'INSUFFICIENT_DATA';
    if (a.treatMissingData === 'ignore') return previous;
  }
  if (a.treatMissingData === 'missing' || a.treatMissingData === 'ignore') {
    // Only the existing datapoints are evaluated.
    return breaching >= Math.min(a.datapointsToAlarm, values.length - missing) ? 'ALARM' : 'OK';
  }
  return breaching >= a.datapointsToAlarm ? 'ALARM' : 'OK';
}

function compare(v: number, op: string, threshold: number): boolean {
  switch (op) {
    case 'GreaterThanThreshold': return v > threshold;
    case 'GreaterThanOrEqualToThreshold': return v >= threshold;
    case 'LessThanThreshold': return v < threshold;
    case 'LessThanOrEqualToThreshold': return v <= threshold;
    default: throw new Error(`comparison ${op} is not modelled`);
  }
}

/** Minute series with prefix sums, so any period's Sum is O(1). */
class SeriesData {
  private readonly sums = new Map<string, Float64Array>();
  private readonly counts = new Map<string, Int32Array>();
  constructor(private readonly series: MinuteSeries) {}

  /** Sum of the minutes [start, end), or undefined when no minute has a datapoint. */
  public sum(name: string, start: number, end: number): number | undefined {
    const s = this.prefix(name);
    const c = this.counts.get(name)!;
    const e = Math.min(end, c.length - 1);
    if (e <= start) return undefined;
    if (c[e] - c[start] === 0) return undefined;
    return s[e] - s[start];
  }

  private prefix(name: string): Float64Array {
    let s = this.sums.get(name);
    if (s) return s;
    const values = this.series[name];
    if (!values) throw new Error(`the replay has no series for metric ${name}`);
    s = new Float64Array(values.length + 1);
    const c = new Int32Array(values.length + 1);
    values.forEach((v, i) => { s![i + 1] = s![i] + (v ?? 0); c[i + 1] = c[i] + (v === undefined ? 0 : 1); });
    this.sums.set(name, s);
    this.counts.set(name, c);
    return s;
  }
}

// ---- metric math -------------------------------------------------------------------------------

type Expr =
  | { k: 'num'; v: number }
  | { k: 'id'; id: string }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'call'; fn: string; args: Expr[] };

interface ParsedQueries { readonly root: Expr; readonly byId: Map<string, Query>; readonly exprs: Map<string, Expr> }

function parseQueries(queries: Query[]): ParsedQueries {
  const returned = queries.filter((q) => q.returnData);
  if (returned.length !== 1 || !returned[0].expression) throw new Error('expected exactly one returned expression');
  const exprs = new Map<string, Expr>();
  for (const q of queries) if (q.expression) exprs.set(q.id, parseExpression(q.expression));
  return { root: exprs.get(returned[0].id)!, byId: new Map(queries.map((q) => [q.id, q])), exprs };
}

/** A value of a time series at one period (undefined: no datapoint), or a scalar. */
interface Val { readonly v: number | undefined; readonly scalar: boolean }

function evaluateRoot(p: ParsedQueries, data: SeriesData, start: number, end: number): number | undefined {
  const v = evalExpr(p.root, p, data, start, end);
  return v.v === undefined || !Number.isFinite(v.v) ? undefined : v.v;
}

function evalExpr(e: Expr, p: ParsedQueries, data: SeriesData, start: number, end: number): Val {
  switch (e.k) {
    case 'num': return { v: e.v, scalar: true };
    case 'neg': { const x = evalExpr(e.e, p, data, start, end); return { v: x.v === undefined ? undefined : -x.v, scalar: x.scalar }; }
    case 'id': {
      const nested = p.exprs.get(e.id);
      if (nested) return evalExpr(nested, p, data, start, end);
      const q = p.byId.get(e.id);
      if (!q || !q.metricName) throw new Error(`unknown id ${e.id}`);
      return { v: statistic(q, data, start, end), scalar: false };
    }
    case 'call': {
      if (e.fn === 'FILL') {
        const x = evalExpr(e.args[0], p, data, start, end);
        const fill = evalExpr(e.args[1], p, data, start, end);
        if (!fill.scalar) throw new Error('FILL with a time series filler is not modelled');
        return { v: x.v ?? fill.v, scalar: false };
      }
      if (e.fn === 'IF') {
        const c = evalExpr(e.args[0], p, data, start, end);
        if (c.v === undefined) return { v: undefined, scalar: c.scalar };
        const branch = c.v !== 0 ? e.args[1] : e.args[2];
        if (!branch) return { v: undefined, scalar: false };
        const b = evalExpr(branch, p, data, start, end);
        // A true condition with a missing time-series value gives 0; a false one drops the point.
        if (b.v === undefined) return { v: c.v !== 0 && !b.scalar ? 0 : undefined, scalar: false };
        return { v: b.v, scalar: c.scalar && b.scalar };
      }
      throw new Error(`function ${e.fn} is not modelled`);
    }
    case 'bin': {
      const l = evalExpr(e.l, p, data, start, end);
      const r = evalExpr(e.r, p, data, start, end);
      const scalar = l.scalar && r.scalar;
      let a = l.v;
      let b = r.v;
      if (a === undefined && b === undefined) return { v: undefined, scalar };
      if (a === undefined || b === undefined) {
        // Between two time series a missing value is 0; with a scalar there is no datapoint.
        if (l.scalar || r.scalar) return { v: undefined, scalar };
        a = a ?? 0;
        b = b ?? 0;
      }
      switch (e.op) {
        case '+': return { v: a + b, scalar };
        case '-': return { v: a - b, scalar };
        case '*': return { v: a * b, scalar };
        case '/': return { v: b === 0 ? undefined : a / b, scalar };
        case '>=': return { v: a >= b ? 1 : 0, scalar };
        case '>': return { v: a > b ? 1 : 0, scalar };
        case '<=': return { v: a <= b ? 1 : 0, scalar };
        case '<': return { v: a < b ? 1 : 0, scalar };
        case '==': return { v: a === b ? 1 : 0, scalar };
        case '!=': return { v: a !== b ? 1 : 0, scalar };
        default: throw new Error(`operator ${e.op} is not modelled`);
      }
    }
  }
}

function statistic(q: Query, data: SeriesData, start: number, end: number): number | undefined {
  const stat = q.stat ?? '';
  if (stat === 'Sum') return data.sum(q.metricName!, start, end);
  if (stat === 'SampleCount') return data.sum(`${q.metricName}:count`, start, end);
  if (/^PR\(:[\d.]+\)$/.test(stat)) {
    const count = data.sum(`${q.metricName}:count`, start, end);
    const within = data.sum(`${q.metricName}:within`, start, end) ?? 0;
    return count === undefined || count === 0 ? undefined : (100 * within) / count;
  }
  throw new Error(`statistic ${stat} is not modelled`);
}

/** Parses the metric-math subset the library writes: numbers, ids, + - * /, comparisons, FILL, IF, parentheses. */
export function parseExpression(text: string): Expr {
  const tokens = text.match(/\s*(>=|<=|==|!=|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:e-?\d+)?|[-+*/(),<>])/g);
  if (!tokens || tokens.join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) throw new Error(`cannot tokenise ${text}`);
  const ts = tokens.map((t) => t.trim());
  let i = 0;
  const peek = () => ts[i];
  const next = () => ts[i++];
  const expect = (t: string) => { if (next() !== t) throw new Error(`expected ${t} in ${text}`); };
  const comparison = (): Expr => {
    let l = additive();
    while (['>=', '<=', '>', '<', '==', '!='].includes(peek())) { const op = next(); l = { k: 'bin', op, l, r: additive() }; }
    return l;
  };
  const additive = (): Expr => {
    let l = term();
    while (peek() === '+' || peek() === '-') { const op = next(); l = { k: 'bin', op, l, r: term() }; }
    return l;
  };
  const term = (): Expr => {
    let l = unary();
    while (peek() === '*' || peek() === '/') { const op = next(); l = { k: 'bin', op, l, r: unary() }; }
    return l;
  };
  const unary = (): Expr => {
    if (peek() === '-') { next(); return { k: 'neg', e: unary() }; }
    return primary();
  };
  const primary = (): Expr => {
    const t = next();
    if (t === '(') { const e = comparison(); expect(')'); return e; }
    if (/^\d/.test(t)) return { k: 'num', v: Number(t) };
    if (/^[A-Z][A-Z_]*$/.test(t) && peek() === '(') {
      next();
      const args: Expr[] = [comparison()];
      while (peek() === ',') { next(); args.push(comparison()); }
      expect(')');
      return { k: 'call', fn: t, args };
    }
    if (/^[a-z][A-Za-z0-9_]*$/.test(t)) return { k: 'id', id: t };
    throw new Error(`unexpected ${t} in ${text}`);
  };
  const e = comparison();
  if (i !== ts.length) throw new Error(`trailing ${ts.slice(i).join(' ')} in ${text}`);
  return e;
}

// ---- composite alarm rules ---------------------------------------------------------------------

function ruleText(rule: any): string {
  if (typeof rule === 'string') return rule;
  const parts: any[] = rule['Fn::Join'][1];
  return parts.map((p) => (typeof p === 'string' ? p : p['Fn::GetAtt'][0])).join('');
}

function parseRule(text: string): RuleNode {
  const ts = text.match(/ALARM\("[^"]+"\)|AND|OR|\(|\)/g) ?? [];
  let i = 0;
  const or = (): RuleNode => {
    const args = [and()];
    while (ts[i] === 'OR') { i++; args.push(and()); }
    return args.length === 1 ? args[0] : { op: 'OR', args };
  };
  const and = (): RuleNode => {
    const args = [atom()];
    while (ts[i] === 'AND') { i++; args.push(atom()); }
    return args.length === 1 ? args[0] : { op: 'AND', args };
  };
  const atom = (): RuleNode => {
    const t = ts[i++];
    if (t === '(') { const r = or(); i++; return r; }
    const m = /^ALARM\("([^"]+)"\)$/.exec(t);
    if (!m) throw new Error(`cannot parse alarm rule ${text}`);
    return { op: 'ALARM', id: m[1] };
  };
  return or();
}

function evalRule(r: RuleNode, states: Map<string, AlarmState>): boolean {
  if (r.op === 'ALARM') return states.get(r.id) === 'ALARM';
  return r.op === 'AND' ? r.args.every((a) => evalRule(a, states)) : r.args.some((a) => evalRule(a, states));
}
