"""Python consumer of the built wheel: synthesizes SmokeStack to the folder given as argv[1]."""
import sys

import aws_cdk as cdk
from aws_cdk import aws_ecs as ecs

from cdk_cloud_native_patterns import StatelessService

outdir = sys.argv[1]
# analyticsReporting off, as in ts-twin.ts: AWS::CDK::Metadata would name the runtime (Python/3.x).
app = cdk.App(outdir=outdir, analytics_reporting=False)
stack = cdk.Stack(
    app,
    "SmokeStack",
    env=cdk.Environment(account="123456789012", region="us-east-1"),
)
StatelessService(
    stack,
    "Web",
    image=ecs.ContainerImage.from_registry("public.ecr.aws/nginx/nginx:stable"),
)
app.synth()
print(f"python: synthesized SmokeStack to {outdir}")
