// Go consumer of the built module (dist/go, through a replace directive): synthesizes SmokeStack
// to the folder given as the first argument.
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/jsii-runtime-go"
	"github.com/maintainers/cdk-cloud-native-patterns-go/cdkcloudnativepatterns"
)

func main() {
	defer jsii.Close()
	outdir := os.Args[1]
	// AnalyticsReporting off, as in ts-twin.ts: AWS::CDK::Metadata would name the runtime (Go/1.x).
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir), AnalyticsReporting: jsii.Bool(false)})
	stack := awscdk.NewStack(app, jsii.String("SmokeStack"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("us-east-1")},
	})
	cdkcloudnativepatterns.NewStatelessService(stack, jsii.String("Web"), &cdkcloudnativepatterns.StatelessServiceProps{
		Image: awsecs.ContainerImage_FromRegistry(jsii.String("public.ecr.aws/nginx/nginx:stable"), nil),
	})
	app.Synth(nil)
	fmt.Println("go: synthesized SmokeStack to " + outdir)
}
