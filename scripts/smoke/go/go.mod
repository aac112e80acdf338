module smoke

go 1.25

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.262.0
	github.com/aws/constructs-go/constructs/v10 v10.6.0
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/maintainers/cdk-cloud-native-patterns-go/cdkcloudnativepatterns v0.0.0
)

// The library as built by `npx projen package:go` (run-all.sh points this at the absolute path).
replace github.com/maintainers/cdk-cloud-native-patterns-go/cdkcloudnativepatterns => ../../../dist/go/cdkcloudnativepatterns
