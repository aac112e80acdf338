import { get, list, str, UNKNOWN } from '../../cfn';

/**
 * The value of one target group attribute: undefined when not set, UNKNOWN when the attribute
 * list or the value is only known at deploy time.
 */
export function targetGroupAttribute(properties: unknown, key: string): unknown {
  const attrs = list(get(properties, 'TargetGroupAttributes'));
  if (attrs === UNKNOWN) return UNKNOWN;
  let value: unknown = undefined;
  for (const a of attrs ?? []) {
    const k = str(get(a, 'Key'));
    if (k === UNKNOWN) return UNKNOWN;
    if (k === key) value = get(a, 'Value');
  }
  return value;
}

