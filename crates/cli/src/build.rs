//! `docker-dsl build RECIPE [flags] [-t TAG] [--secret ...] [--ssh ...]`:
//! renders the recipe and runs BuildKit on it with exactly the secrets and
//! ssh sockets the rendered file uses.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dockerfile::{Document, Mount};
use engine::{BuildMode, BuildRequest, EngineInfo};

use crate::recipe_args::{header, OptionSpec, RecipeInvocation, SplitArgs};
use crate::recipe_runner::RecipeRunner;
use crate::render::{fail, prepare, render_document};
use crate::secret_arg::{SecretArg, SecretSource};

/// The options of `build` beside `--syntax`, `--frontend` and `--help`:
/// `-t/--tag TAG`, `--secret id=ID,src=PATH|id=ID,env=VAR`, `--ssh
/// ID[=SOCKET|KEY]`, `--builder NAME`, `--target STAGE`, `--platform P`,
/// `--context DIR`, `--progress MODE`, `--no-cache`; after `--`, arguments
/// for the engine. Everything else is the recipe's.
const OPTIONS: [OptionSpec; 9] = [
    OptionSpec { names: &["--tag", "-t"], takes_value: true, usage: "-t, --tag TAG", help: "name the image (repeatable)" },
    OptionSpec {
        names: &["--secret"],
        takes_value: true,
        usage: "--secret SPEC",
        help: "id=ID,src=PATH or id=ID,env=VAR (repeatable); only the secrets the file mounts are passed",
    },
    OptionSpec {
        names: &["--ssh"],
        takes_value: true,
        usage: "--ssh ID[=SOCK]",
        help: "an ssh-agent socket or key, e.g. default=$SSH_AUTH_SOCK (repeatable)",
    },
    OptionSpec { names: &["--builder"], takes_value: true, usage: "--builder NAME", help: "a buildx builder (local or remote BuildKit)" },
    OptionSpec { names: &["--target"], takes_value: true, usage: "--target STAGE", help: "build up to this stage" },
    OptionSpec { names: &["--platform"], takes_value: true, usage: "--platform P", help: "target platform, e.g. linux/arm64" },
    OptionSpec { names: &["--context"], takes_value: true, usage: "--context DIR", help: "the build context (default: .)" },
    OptionSpec { names: &["--progress"], takes_value: true, usage: "--progress MODE", help: "auto, plain or tty" },
    OptionSpec { names: &["--no-cache"], takes_value: false, usage: "--no-cache", help: "do not use the build cache" },
];

/// Which secrets and ssh ids the rendered file mounts, and whether any of
/// its mounts requires them.
#[derive(Debug, Default, PartialEq)]
struct Needs {
    secrets: BTreeMap<String, bool>,
    ssh: BTreeMap<String, bool>,
}

impl Needs {
    fn of(document: &Document) -> Self {
        let mut needs = Needs::default();
        for mount in document.run_mounts() {
            match mount {
                Mount::Secret { id, required, .. } => {
                    *needs.secrets.entry(id.clone()).or_default() |= required.unwrap_or(false);
                }
                Mount::Ssh { id, required, .. } => {
                    let id = id.clone().unwrap_or_else(|| "default".to_owned());
                    *needs.ssh.entry(id).or_default() |= required.unwrap_or(false);
                }
                _ => {}
            }
        }
        needs
    }
}

/// The id an `--ssh` value supplies: `default`, `ID`, or `ID=PATH...`.
fn ssh_id(value: &str) -> &str {
    value.split_once('=').map_or(value, |(id, _)| id)
}

/// The Dockerfile frontend level an engine builds with when the file has no
/// `# syntax=` line, where it is known (Docker 20.10's classic BuildKit: 1.2).
fn builtin_frontend(info: &EngineInfo) -> Option<String> {
    (info.mode == BuildMode::ClassicBuildKit && info.server_version.starts_with("20.10"))
        .then(|| "1.2".to_owned())
}

/// Checks the supplied secrets and ssh ids against what the file needs:
/// a missing required one is an error; others get warnings.
fn check_supplied(
    needs: &Needs,
    secrets: &[SecretArg],
    ssh: &[String],
) -> Result<Vec<String>, String> {
    let mut warnings = Vec::new();
    for (id, required) in &needs.secrets {
        if !secrets.iter().any(|s| s.id == *id) {
            if *required {
                return Err(format!(
                    "the recipe mounts secret '{id}' with required=true, but it is not supplied; pass --secret id={id},src=PATH or --secret id={id},env=VAR"
                ));
            }
            warnings.push(format!("secret '{id}' is mounted but not supplied: its RUNs will not find it (pass --secret id={id},src=PATH)"));
        }
    }
    for secret in secrets {
        if !needs.secrets.contains_key(&secret.id) {
            warnings.push(format!(
                "secret '{}' is supplied but no RUN mounts it; it is not passed to the build",
                secret.id
            ));
        }
    }
    for (id, required) in &needs.ssh {
        if !ssh.iter().any(|s| ssh_id(s) == id) {
            if *required {
                return Err(format!("the recipe mounts ssh '{id}' with required=true, but it is not supplied; pass --ssh {id}=$SSH_AUTH_SOCK (or a key file)"));
            }
            warnings.push(format!(
                "ssh '{id}' is mounted but not supplied (pass --ssh {id}=$SSH_AUTH_SOCK)"
            ));
        }
    }
    for value in ssh {
        if !needs.ssh.contains_key(ssh_id(value)) {
            warnings.push(format!(
                "ssh '{}' is supplied but no RUN mounts it; it is not passed to the build",
                ssh_id(value)
            ));
        }
    }
    Ok(warnings)
}

pub(crate) fn run(mut args: RecipeInvocation, runner: &dyn RecipeRunner) -> i32 {
    let split = match prepare("build ", &mut args, &OPTIONS, runner) {
        Ok(split) => split,
        Err(code) => return code,
    };
    let secrets: Vec<SecretArg> = match split.values("--secret").iter().map(|v| v.parse()).collect()
    {
        Ok(secrets) => secrets,
        Err(e) => return fail(&format!("{e}")),
    };
    if let Some(message) = missing_secret_file(&secrets) {
        return fail(&message);
    }
    // The engine's answer decides the frontend level to check against, but
    // recipe and secret mistakes are reported before an engine problem.
    let probe = engine::probe();
    let explicit_header = split.has("--syntax") || split.has("--no-syntax");
    let mut header = header(&split);
    if let (Ok(info), None, None) = (&probe, &header.syntax, &header.frontend) {
        header.frontend = builtin_frontend(info);
    }
    let document = match render_document(&args.recipe, &split, &header, runner) {
        Ok(document) => document,
        Err(code) => return code,
    };
    if let Some(message) = split
        .value("--target")
        .and_then(|target| unknown_target(&document, &target))
    {
        return fail(&message);
    }
    let needs = Needs::of(&document);
    let ssh = split.values("--ssh");
    match check_supplied(&needs, &secrets, &ssh) {
        Ok(warnings) => {
            for warning in warnings {
                eprintln!("docker-dsl: warning: {warning}");
            }
        }
        Err(message) => return fail(&message),
    }
    let info = match probe {
        Ok(info) => info,
        Err(e) => return fail(&format!("cannot build: {e}")),
    };
    if !explicit_header && builtin_frontend(&info).is_some() {
        eprintln!(
            "docker-dsl: note: the file starts with `# syntax=docker/dockerfile:1`, which this engine ({}) pulls from a registry; without one, pass --syntax none to build with its built-in frontend",
            info.server_version
        );
    }
    let request = build_request(&split, &document, &secrets, &needs, ssh);
    if let Err(e) = engine::BuildCommand::new(&info, &request, std::path::Path::new("Dockerfile")) {
        return fail(&e.to_string());
    }
    eprintln!("docker-dsl: {info}");
    match engine::run_build(&info, &request) {
        Ok(code) => code,
        Err(e) => fail(&e.to_string()),
    }
}

/// A `--secret src=` file that does not exist, as an error message.
fn missing_secret_file(secrets: &[SecretArg]) -> Option<String> {
    secrets.iter().find_map(|secret| match &secret.source {
        SecretSource::File(path) if !path.is_file() => Some(format!(
            "secret '{}': source file {} does not exist (or is not a file)",
            secret.id,
            path.display()
        )),
        _ => None,
    })
}

/// An error when `--target` names no stage of the rendered file.
fn unknown_target(document: &Document, target: &str) -> Option<String> {
    let names: Vec<&str> = document
        .stages
        .iter()
        .filter_map(|s| s.from.name.as_deref())
        .collect();
    (!names.contains(&target)).then(|| {
        format!(
            "--target {target}: the recipe has no such stage; its stages are {}",
            names.join(", ")
        )
    })
}

/// The engine request: only the secrets and ssh ids the file mounts.
fn build_request(
    split: &SplitArgs,
    document: &Document,
    secrets: &[SecretArg],
    needs: &Needs,
    ssh: Vec<String>,
) -> BuildRequest {
    let mut request = BuildRequest::new(
        document.print(),
        PathBuf::from(split.value("--context").unwrap_or_else(|| ".".to_owned())),
    );
    request.tags = split.values("--tag");
    request.secret_flags = secrets
        .iter()
        .filter(|s| needs.secrets.contains_key(&s.id))
        .map(ToString::to_string)
        .collect();
    request.ssh_flags = ssh
        .into_iter()
        .filter(|s| needs.ssh.contains_key(ssh_id(s)))
        .collect();
    request.builder = split.value("--builder");
    request.target = split.value("--target");
    request.platform = split.value("--platform");
    request.progress = split.value("--progress");
    if split.has("--no-cache") {
        request.extra_args.push("--no-cache".to_owned());
    }
    request.extra_args.extend(split.passthrough.iter().cloned());
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(id: &str) -> SecretArg {
        format!("id={id},src=/tmp/{id}").parse().expect("valid")
    }

    fn needs(secrets: &[(&str, bool)], ssh: &[(&str, bool)]) -> Needs {
        Needs {
            secrets: secrets.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            ssh: ssh.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
        }
    }

    #[test]
    fn a_required_secret_that_is_not_supplied_stops_the_build() {
        let err = check_supplied(&needs(&[("npm", true)], &[]), &[], &[]).expect_err("required");
        assert!(
            err.contains("secret 'npm'") && err.contains("--secret id=npm,src=PATH"),
            "{err}"
        );
        let err =
            check_supplied(&needs(&[], &[("github", true)]), &[], &[]).expect_err("required ssh");
        assert!(err.contains("--ssh github="), "{err}");
    }

    #[test]
    fn unused_and_missing_optional_secrets_warn() {
        let warnings = check_supplied(
            &needs(&[("a", false)], &[("default", false)]),
            &[secret("b")],
            &["other=/x".into()],
        )
        .expect("only warnings");
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(warnings[1].contains("'b' is supplied but no RUN mounts it"));
    }

    #[test]
    fn unknown_targets_and_missing_secret_files_are_refused() {
        let doc = Document {
            stages: vec![dockerfile::Stage {
                from: dockerfile::FromInstruction {
                    image: "alpine".into(),
                    name: Some("app".into()),
                    platform: None,
                },
                body: Vec::new(),
            }],
            ..Document::default()
        };
        assert_eq!(unknown_target(&doc, "app"), None);
        let message = unknown_target(&doc, "nope").expect("unknown");
        assert!(message.contains("its stages are app"), "{message}");
        let missing = missing_secret_file(&["id=t,src=/nonexistent/x".parse().expect("valid")])
            .expect("missing");
        assert!(
            missing.contains("secret 't'") && missing.contains("/nonexistent/x"),
            "{missing}"
        );
    }

    #[test]
    fn only_needed_secrets_reach_the_engine() {
        let split = crate::recipe_args::split(
            [
                "--context",
                "/ctx",
                "-t",
                "app",
                "--no-cache",
                "--",
                "--pull",
            ]
            .map(String::from)
            .to_vec(),
            &OPTIONS,
        )
        .expect("valid");
        let doc = Document::default();
        let request = build_request(
            &split,
            &doc,
            &[secret("a"), secret("b")],
            &needs(&[("a", false)], &[]),
            vec!["default".into()],
        );
        assert_eq!(request.secret_flags, ["id=a,src=/tmp/a"]);
        assert!(request.ssh_flags.is_empty());
        assert_eq!(request.tags, ["app"]);
        assert_eq!(request.extra_args, ["--no-cache", "--pull"]);
        assert_eq!(request.context_dir, PathBuf::from("/ctx"));
    }
}
