package smoke;

import io.github.cdkcloudnativepatterns.StatelessService;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecs.ContainerImage;

/** Java consumer of the built jar: synthesizes SmokeStack to the folder given as args[0]. */
public final class SmokeApp {
    private SmokeApp() {
    }

    public static void main(final String[] args) {
        String outdir = args[0];
        // analyticsReporting off, as in ts-twin.ts: AWS::CDK::Metadata would name the runtime (Java/17...).
        App app = App.Builder.create().outdir(outdir).analyticsReporting(false).build();
        Stack stack = new Stack(app, "SmokeStack", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build())
                .build());
        StatelessService.Builder.create(stack, "Web")
                .image(ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:stable"))
                .build();
        app.synth();
        System.out.println("java: synthesized SmokeStack to " + outdir);
    }
}
