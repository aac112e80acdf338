/**
 * Stateful stores and what CloudFormation does with their data, as plain data.
 *
 * `snapshot`: the type accepts the Snapshot policy. `defaultDeletion`: CloudFormation's DeletionPolicy
 * when the attribute is absent (Snapshot for RDS clusters and stand-alone instances, Delete
 * otherwise). UpdateReplacePolicy defaults to Delete for every type. `protection`: the property
 * that blocks deletion while set.
 * Sources: CloudFormation "DeletionPolicy attribute" and "UpdateReplacePolicy attribute".
 */
export interface StatefulType {
  readonly snapshot: boolean;
  readonly defaultDeletion: 'Delete' | 'Snapshot';
  readonly protection?: { readonly property: string; readonly value: unknown };
}

export const STATEFUL_TYPES: { readonly [type: string]: StatefulType } = {
  'AWS::RDS::DBCluster': { snapshot: true, defaultDeletion: 'Snapshot', protection: { property: 'DeletionProtection', value: true } },
  'AWS::RDS::DBInstance': { snapshot: true, defaultDeletion: 'Snapshot', protection: { property: 'DeletionProtection', value: true } },
  'AWS::DocDB::DBCluster': { snapshot: true, defaultDeletion: 'Delete', protection: { property: 'DeletionProtection', value: true } },
  'AWS::Neptune::DBCluster': { snapshot: true, defaultDeletion: 'Delete', protection: { property: 'DeletionProtection', value: true } },
  'AWS::Redshift::Cluster': { snapshot: true, defaultDeletion: 'Delete' },
  'AWS::EC2::Volume': { snapshot: true, defaultDeletion: 'Delete' },
  'AWS::DynamoDB::Table': { snapshot: false, defaultDeletion: 'Delete', protection: { property: 'DeletionProtectionEnabled', value: true } },
  'AWS::DynamoDB::GlobalTable': { snapshot: false, defaultDeletion: 'Delete' },
  'AWS::EFS::FileSystem': { snapshot: false, defaultDeletion: 'Delete' },
  'AWS::FSx::FileSystem': { snapshot: false, defaultDeletion: 'Delete' },
  'AWS::OpenSearchService::Domain': { snapshot: false, defaultDeletion: 'Delete' },
  'AWS::Elasticsearch::Domain': { snapshot: false, defaultDeletion: 'Delete' },
  'AWS::Cognito::UserPool': { snapshot: false, defaultDeletion: 'Delete', protection: { property: 'DeletionProtection', value: 'ACTIVE' } },
  'AWS::MemoryDB::Cluster': { snapshot: false, defaultDeletion: 'Delete' },
  // CloudFormation cannot delete a bucket that holds objects, so a bucket is only at risk when
  // something empties it first (CDK's autoDeleteObjects custom resource).
  'AWS::S3::Bucket': { snapshot: false, defaultDeletion: 'Delete' },
};
