//! The exact docker command line a build runs.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::EngineError;
use crate::info::{BuildMode, EngineInfo};
use crate::request::BuildRequest;

/// A docker client invocation: program, arguments and the environment variables it adds.
///
/// It holds no secret values (flags are references), so it is safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildCommand {
    /// The docker client binary.
    pub program: PathBuf,
    /// Its arguments, ending with the build context.
    pub args: Vec<OsString>,
    /// Environment variables set on top of the caller's environment.
    pub envs: Vec<(String, String)>,
}

impl BuildCommand {
    /// The command that builds `request` on `info`'s engine, reading the Dockerfile from
    /// `dockerfile_path`.
    ///
    /// # Errors
    ///
    /// [`EngineError::BadSecretFlag`] for a secret id given twice,
    /// [`EngineError::DuplicateSsh`] for an ssh id given twice,
    /// [`EngineError::BuilderNeedsBuildx`] for a builder other than `default` without buildx.
    pub fn new(
        info: &EngineInfo,
        request: &BuildRequest,
        dockerfile_path: &Path,
    ) -> Result<BuildCommand, EngineError> {
        for (index, secret) in request.secrets.iter().enumerate() {
            if request.secrets[..index].iter().any(|s| s.id == secret.id) {
                return Err(EngineError::BadSecretFlag {
                    position: index + 1,
                    problem: format!("secret `{}` is given twice", secret.id),
                });
            }
        }
        for (index, ssh) in request.ssh.iter().enumerate() {
            if request.ssh[..index].iter().any(|s| s.id == ssh.id) {
                return Err(EngineError::DuplicateSsh { id: ssh.id.clone() });
            }
        }

        let mut args: Vec<OsString> = Vec::new();
        let mut envs = Vec::new();
        match info.mode {
            BuildMode::Buildx => {
                if let Some(context) = &request.docker_context {
                    args.push("--context".into());
                    args.push(context.into());
                }
                args.push("buildx".into());
                args.push("build".into());
                if let Some(builder) = &request.builder {
                    args.push("--builder".into());
                    args.push(builder.into());
                }
            }
            BuildMode::ClassicBuildKit => {
                if let Some(builder) = &request.builder {
                    if builder != "default" {
                        return Err(EngineError::BuilderNeedsBuildx {
                            builder: builder.clone(),
                        });
                    }
                }
                envs.push(("DOCKER_BUILDKIT".to_owned(), "1".to_owned()));
                args.push("build".into());
            }
        }
        if let Some(progress) = &request.progress {
            args.push(format!("--progress={progress}").into());
        }
        args.push("--file".into());
        args.push(dockerfile_path.into());
        for tag in &request.tags {
            args.push("--tag".into());
            args.push(tag.into());
        }
        if let Some(target) = &request.target {
            args.push("--target".into());
            args.push(target.into());
        }
        if let Some(platform) = &request.platform {
            args.push("--platform".into());
            args.push(platform.into());
        }
        for (name, value) in &request.build_args {
            args.push("--build-arg".into());
            args.push(format!("{name}={value}").into());
        }
        for secret in &request.secrets {
            args.push("--secret".into());
            args.push(secret.to_string().into());
        }
        for ssh in &request.ssh {
            args.push("--ssh".into());
            args.push(ssh.to_string().into());
        }
        args.extend(request.extra_args.iter().map(OsString::from));
        args.push(context_arg(&request.context_dir));
        Ok(BuildCommand {
            program: info.client.clone(),
            args,
            envs,
        })
    }
}

/// The context as an argument the client cannot mistake for a flag.
fn context_arg(context: &Path) -> OsString {
    let text = context.as_os_str();
    if text.to_string_lossy().starts_with('-') {
        Path::new(".").join(context).into_os_string()
    } else if text.is_empty() {
        ".".into()
    } else {
        text.to_owned()
    }
}

impl fmt::Display for BuildCommand {
    /// Shell-like rendering for logs and `--dry-run`: `ENV=v program arg…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (key, value) in &self.envs {
            write!(f, "{key}={} ", shell_word(value))?;
        }
        write!(f, "{}", shell_word(&self.program.to_string_lossy()))?;
        for arg in &self.args {
            write!(f, " {}", shell_word(&arg.to_string_lossy()))?;
        }
        Ok(())
    }
}

fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(mode: BuildMode) -> EngineInfo {
        EngineInfo {
            client: PathBuf::from("/usr/bin/docker"),
            client_version: "20.10.24+dfsg1".to_owned(),
            server_version: "20.10.24+dfsg1".to_owned(),
            buildx: (mode == BuildMode::Buildx).then(|| "buildx 0.13.1".to_owned()),
            classic_buildkit: true,
            mode,
        }
    }

    fn full_request() -> BuildRequest {
        BuildRequest {
            dockerfile: "FROM scratch\n".to_owned(),
            context_dir: PathBuf::from("ctx"),
            tags: vec!["app:1".to_owned(), "app:latest".to_owned()],
            secrets: vec![
                "id=db,src=/home/u/db.txt".parse().expect("valid"),
                "id=tok,env=TOKEN".parse().expect("valid"),
            ],
            ssh: vec!["default=/tmp/agent.sock".parse().expect("valid")],
            builder: None,
            docker_context: None,
            target: Some("final".to_owned()),
            platform: Some("linux/amd64".to_owned()),
            build_args: [("PY".to_owned(), "3.12".to_owned())].into(),
            progress: Some("plain".to_owned()),
            extra_args: vec!["--no-cache".to_owned()],
        }
    }

    fn argv(cmd: &BuildCommand) -> Vec<String> {
        cmd.args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn classic_buildkit_sets_the_variable_and_runs_docker_build() {
        let cmd = BuildCommand::new(
            &info(BuildMode::ClassicBuildKit),
            &full_request(),
            Path::new("/tmp/d/Dockerfile"),
        )
        .expect("valid");
        assert_eq!(cmd.program, PathBuf::from("/usr/bin/docker"));
        assert_eq!(
            cmd.envs,
            vec![("DOCKER_BUILDKIT".to_owned(), "1".to_owned())]
        );
        assert_eq!(
            argv(&cmd),
            [
                "build",
                "--progress=plain",
                "--file",
                "/tmp/d/Dockerfile",
                "--tag",
                "app:1",
                "--tag",
                "app:latest",
                "--target",
                "final",
                "--platform",
                "linux/amd64",
                "--build-arg",
                "PY=3.12",
                "--secret",
                "id=db,src=/home/u/db.txt",
                "--secret",
                "id=tok,env=TOKEN",
                "--ssh",
                "default=/tmp/agent.sock",
                "--no-cache",
                "ctx",
            ]
        );
    }

    #[test]
    fn buildx_passes_the_builder_through() {
        let mut request = full_request();
        request.builder = Some("remote".to_owned());
        let cmd = BuildCommand::new(
            &info(BuildMode::Buildx),
            &request,
            Path::new("/tmp/d/Dockerfile"),
        )
        .expect("valid");
        assert!(cmd.envs.is_empty());
        assert_eq!(
            argv(&cmd)[..6],
            [
                "buildx",
                "build",
                "--builder",
                "remote",
                "--progress=plain",
                "--file"
            ]
        );
        assert_eq!(argv(&cmd).last().map(String::as_str), Some("ctx"));
        request.docker_context = Some("remote".to_owned());
        let cmd = BuildCommand::new(
            &info(BuildMode::Buildx),
            &request,
            Path::new("/tmp/d/Dockerfile"),
        )
        .expect("valid");
        assert_eq!(
            argv(&cmd)[..6],
            [
                "--context",
                "remote",
                "buildx",
                "build",
                "--builder",
                "remote"
            ]
        );
    }

    #[test]
    fn a_builder_without_buildx_is_refused_except_default() {
        let mut request = BuildRequest::new("FROM scratch\n", "ctx");
        request.builder = Some("remote".to_owned());
        let err = BuildCommand::new(
            &info(BuildMode::ClassicBuildKit),
            &request,
            Path::new("Dockerfile"),
        )
        .expect_err("refused");
        assert!(matches!(err, EngineError::BuilderNeedsBuildx { .. }));
        assert!(err.to_string().contains("drop --builder"));

        request.builder = Some("default".to_owned());
        let cmd = BuildCommand::new(
            &info(BuildMode::ClassicBuildKit),
            &request,
            Path::new("Dockerfile"),
        )
        .expect("default is the daemon's own builder");
        assert!(!argv(&cmd).contains(&"--builder".to_owned()));
    }

    #[test]
    fn minimal_request() {
        let cmd = BuildCommand::new(
            &info(BuildMode::ClassicBuildKit),
            &BuildRequest::new("FROM scratch\n", ""),
            Path::new("/t/Dockerfile"),
        )
        .expect("valid");
        assert_eq!(argv(&cmd), ["build", "--file", "/t/Dockerfile", "."]);
    }

    #[test]
    fn a_context_that_looks_like_a_flag_is_made_a_path() {
        let cmd = BuildCommand::new(
            &info(BuildMode::Buildx),
            &BuildRequest::new("FROM scratch\n", "-ctx"),
            Path::new("/t/Dockerfile"),
        )
        .expect("valid");
        assert_eq!(argv(&cmd).last().map(String::as_str), Some("./-ctx"));
    }

    #[test]
    fn a_secret_given_twice_stops_before_any_command() {
        let mut request = BuildRequest::new("FROM scratch\n", "ctx");
        request.secrets = vec![
            "id=db,src=/a".parse().expect("valid"),
            "id=db,env=DB".parse().expect("valid"),
        ];
        let err = BuildCommand::new(
            &info(BuildMode::Buildx),
            &request,
            Path::new("/t/Dockerfile"),
        )
        .expect_err("refused");
        assert_eq!(
            err.to_string(),
            "--secret flag #2: secret `db` is given twice"
        );
    }

    #[test]
    fn display_quotes_what_a_shell_would_split() {
        let mut request = BuildRequest::new("FROM scratch\n", "my ctx");
        request.tags = vec!["app:1".to_owned()];
        let cmd = BuildCommand::new(
            &info(BuildMode::ClassicBuildKit),
            &request,
            Path::new("/t/Dockerfile"),
        )
        .expect("valid");
        assert_eq!(
            cmd.to_string(),
            "DOCKER_BUILDKIT=1 /usr/bin/docker build --file /t/Dockerfile --tag app:1 'my ctx'"
        );
    }
}
