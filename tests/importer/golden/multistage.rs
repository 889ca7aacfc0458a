//! The build of a Dockerfile, imported by `docker-dsl import --lang rust`.

use dsl::{mounts, CopySpec, Dockerfile, HealthcheckSpec, MountSpec, RunOptions};

/// The Dockerfile's build; `render()` gives its text.
pub fn dockerfile() -> Dockerfile {
    let mut df = Dockerfile::new();
    df.syntax(None);
    df.check("error=true");
    df.arg("GO_VERSION", Some("1.22"));
    df.arg("APP", Some("server"));

    // build the binary
    df.platform_stage("golang:${GO_VERSION}", "Build", "$BUILDPLATFORM", |s| {
        s.workdir("/src");
        s.env([("CGO_ENABLED", "0"), ("GOFLAGS", "-trimpath -mod=readonly")]);
        s.mounts([mounts::cache("/go/pkg/mod")], |s| {
            s.mounts([mounts::bind("go.mod", "go.mod")], |s| {
                s.run_command(["go", "mod", "download"], &[], RunOptions::default());
            });
            s.mounts(
                [
                    mounts::cache("/root/.cache/go-build"),
                    mounts::bind(".", "."),
                ],
                |s| {
                    s.run(|r| {
                        r.cmd("go", ["build", "-o", "/out/${APP}", "./cmd/${APP}"]);
                        r.cmd("strip", ["/out/${APP}"]);
                        r.raw("echo \"built 'it'\" > /out/NOTE");
                    });
                },
            );
        });
    });

    df.named_stage("Build", "test", |s| {
        s.mounts(
            [MountSpec {
                target: None,
                env: Some("TOKEN".into()),
                required: Some(true),
                ..mounts::secret("token", "")
            }],
            |s| {
                s.run_command(["go", "test", "./..."], &[], RunOptions::default());
            },
        );
    });

    df.named_stage("alpine:3.20", "stage2", |s| {
        s.run(|r| {
            r.cmd("apk", ["add", "--no-cache", "ca-certificates"]);
            r.cmd("addgroup", ["-S", "app"]);
            r.cmd("adduser", ["-S", "app", "-G", "app"]);
        });
        s.copy_with(CopySpec {
            sources: vec!["/out/server".into()],
            dest: Some("/usr/local/bin/server".into()),
            from: Some("Build".into()),
            link: Some(false),
            chmod: Some("755".into()),
            ..CopySpec::default()
        });
        s.copy("docs/read me.txt", "/usr/share/doc/");
        s.label([
            ("org.opencontainers.image.title", "my server"),
            ("version", "1.0"),
        ]);
        s.user("app", None);
        s.expose(["8080/tcp"]);
        s.healthcheck(Some(HealthcheckSpec {
            argv: vec!["server".into(), "-health".into()],
            interval: Some("30s".into()),
            ..HealthcheckSpec::default()
        }));
        s.run_command(
            [r"echo first
echo second"],
            &[],
            RunOptions::default(),
        );
        s.entrypoint(["server"]);
        s.cmd(["--port", "8080"]);
    });
    df
}

/// Prints the Dockerfile, or every problem of the calls that build it.
fn main() {
    match dockerfile().render() {
        Ok(text) => print!("{text}"),
        Err(errors) => {
            eprintln!("{errors}");
            std::process::exit(1);
        }
    }
}
