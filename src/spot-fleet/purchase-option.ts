/**
 * The ECS container instance attribute that carries an instance's purchase option (`spot` or
 * `on-demand`, from instance metadata `instance-life-cycle`). Written by the fleet's user data,
 * read by the fallback controller (`unknown` when instance metadata gave nothing: such an instance
 * is never drained). Attribute names may hold letters, numbers, hyphens, underscores, slashes and
 * periods (ECS API Reference, Attribute). No imports: the controller's bundle includes this file.
 */
export const PURCHASE_OPTION_ATTRIBUTE = 'cloud-native-patterns.purchase-option';
