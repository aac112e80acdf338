/**
 * The ECS container instance attribute that carries an instance's purchase option (`spot` or
 * `on-demand`, from instance metadata `instance-life-cycle`). Written by the fleet's user data,
 * read by the fallback controller. No imports: the controller's bundle includes this file.
 */
export const PURCHASE_OPTION_ATTRIBUTE = 'cloud-native-patterns.purchase-option';
