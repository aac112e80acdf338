/**
 * How the private subnets of an EgressAwareVpc reach the internet and AWS services.
 *
 * Each choice is priced in the report: NAT gateways bill per hour and per GB processed, interface
 * endpoints per hour in each zone and per GB.
 */
export enum NatStrategy {
  /**
   * One NAT gateway in each zone (the default). A zone failure never cuts the other zones' egress;
   * costs one NAT gateway and one public IPv4 address per zone.
   */
  ONE_PER_ZONE = 'ONE_PER_ZONE',

  /**
   * One NAT gateway shared by every zone. Cheaper, but private subnets in every zone route through
   * the zone that holds it: losing that zone cuts egress for the whole VPC until the zone recovers,
   * and traffic from the other zones also pays cross-zone transfer.
   */
  ONE_SHARED = 'ONE_SHARED',

  /**
   * No NAT gateway. Private subnets are isolated: they reach S3 and DynamoDB through the gateway
   * endpoints and other AWS services only through the interface endpoints listed in
   * `interfaceEndpoints`; they cannot reach the internet.
   */
  NONE = 'NONE',
}
