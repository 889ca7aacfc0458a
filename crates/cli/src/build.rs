//! `docker-dsl build RECIPE [flags] [-t TAG] [--secret ...] [--ssh ...]`:
//! renders the recipe and runs BuildKit on it with exactly the secrets and
//! ssh sockets the rendered file uses.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dockerfile::{Document, Mount};
use engine::{BuildRequest, SecretArg, SecretArgError, SecretSource, SshArg};

use crate::error::CliError;
use crate::recipe_args::{syntax_header, OptionSpec, RecipeInvocation, SplitArgs};
use crate::recipe_runner::{Header, RecipeRunner};
use crate::render::{absolute, prepare, render_document};

/// The options of `build` beside `--syntax`, `--frontend` and `--help`:
/// `-t/--tag TAG`, `--secret id=ID,src=PATH|id=ID,env=VAR`, `--ssh
/// ID[=SOCKET|KEY]`, `--builder NAME`, `--target STAGE`, `--platform P`,
/// `--build-arg NAME=VALUE`, `--context DIR`, `--progress MODE`, `--no-cache`, `--no-lint`, `--locked
/// [--lock-file PATH]`; after `--`, arguments for the engine. Everything
/// else is the recipe's.
pub(crate) const OPTIONS: [OptionSpec; 13] = [
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
    OptionSpec {
        names: &["--build-arg"],
        takes_value: true,
        usage: "--build-arg K=V",
        help: "a value for an ARG of the file (repeatable); --locked expands FROM lines with it",
    },
    OptionSpec { names: &["--context"], takes_value: true, usage: "--context DIR", help: "the build context (default: .)" },
    OptionSpec { names: &["--progress"], takes_value: true, usage: "--progress MODE", help: "auto, plain or tty" },
    OptionSpec { names: &["--no-cache"], takes_value: false, usage: "--no-cache", help: "do not use the build cache" },
    OptionSpec { names: &["--no-lint"], takes_value: false, usage: "--no-lint", help: "build even when lint finds secret errors" },
    crate::lock::LOCKED,
    crate::lock::LOCK_FILE,
];

/// Which secrets and ssh ids the rendered file mounts, and whether any of
/// its mounts requires them.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Needs {
    /// Secret id -> whether a mount requires it.
    pub secrets: BTreeMap<String, bool>,
    /// Ssh id -> whether a mount requires it.
    pub ssh: BTreeMap<String, bool>,
}

impl Needs {
    /// What `document`'s RUN mounts need.
    pub(crate) fn of(document: &Document) -> Self {
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
pub(crate) fn ssh_id(value: &str) -> &str {
    value.split_once('=').map_or(value, |(id, _)| id)
}

/// How `build` heads the file: `--frontend auto` (the default) renders for the
/// builder's built-in Dockerfile frontend, with no `# syntax=` line, so nothing
/// is pulled; `--frontend V` for a built-in frontend of level V; `--syntax IMAGE`
/// for a frontend image the engine pulls.
#[derive(Debug, PartialEq, Eq)]
enum FrontendChoice {
    /// Ask the builder which frontend it has built in.
    Auto,
    /// The header the options ask for, as `render` would write it.
    Given(Header),
}

fn frontend_choice(split: &SplitArgs) -> Result<FrontendChoice, CliError> {
    let frontend = split.value("--frontend");
    let auto = frontend.as_deref().is_none_or(|v| v == "auto");
    if let Some(version) = frontend.as_deref().filter(|_| !auto) {
        dsl::RenderSettings::parse_frontend("--frontend", version)?;
    }
    let image = match split.value("--syntax") {
        Some(v) if !split.has("--no-syntax") => syntax_header(&v)?,
        _ => None,
    };
    match (image, auto) {
        (Some(image), true) if frontend.is_some() => Err(CliError::usage(format!(
            "--frontend auto builds with the engine's built-in frontend, without a `# syntax=` line; drop --syntax {image} or --frontend auto"
        ))),
        (Some(image), _) => Ok(FrontendChoice::Given(Header {
            syntax: Some(image),
            frontend,
        })),
        (None, true) => Ok(FrontendChoice::Auto),
        (None, false) => Ok(FrontendChoice::Given(Header {
            syntax: None,
            frontend,
        })),
    }
}

/// Checks the supplied secrets and ssh ids against what the file needs:
/// a missing required one is an error; others get warnings.
pub(crate) fn check_supplied(
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

/// The `--progress` modes every build client takes.
const PROGRESS_MODES: [&str; 3] = ["auto", "plain", "tty"];

pub(crate) fn run(args: RecipeInvocation, runner: &dyn RecipeRunner) -> Result<i32, CliError> {
    let Some((recipe, split)) = prepare("build", &args, &OPTIONS, runner)? else {
        return Ok(0);
    };
    if let Some(mode) = split
        .value("--progress")
        .filter(|m| !PROGRESS_MODES.contains(&m.as_str()))
    {
        return Err(CliError::usage(format!(
            "--progress {mode:?} is not a progress mode; use one of {}",
            PROGRESS_MODES.join(", ")
        )));
    }
    let mut secrets: Vec<SecretArg> = split
        .values("--secret")
        .iter()
        .map(|v| v.parse())
        .collect::<Result<_, SecretArgError>>()
        .map_err(|e| CliError::usage(e.to_string()))?;
    if let Some(message) = unreadable_secret(&secrets, |var| std::env::var_os(var)) {
        return Err(CliError::Build { message });
    }
    // Paths are resolved before the recipe runs: a recipe may change directory.
    for secret in &mut secrets {
        if let SecretSource::File(path) = &mut secret.source {
            *path = std::path::absolute(&*path).unwrap_or_else(|_| path.clone());
        }
    }
    let build_args = crate::bake::build_args(&split).map_err(CliError::usage)?;
    let context = absolute(&split.value("--context").unwrap_or_else(|| ".".to_owned()));
    let pinning = crate::lock::pinning(&split).map_err(CliError::usage)?;
    let choice = frontend_choice(&split)?;
    // The engine's answer decides the frontend level to check against, but
    // recipe and secret mistakes are reported before an engine problem.
    let probe = engine::probe();
    let builder = split.value("--builder");
    let builtin = match (&choice, &probe) {
        (FrontendChoice::Auto, Ok(info)) => {
            Some(engine::builtin_frontend(info, builder.as_deref()))
        }
        _ => None,
    };
    let header = match choice {
        FrontendChoice::Given(header) => header,
        FrontendChoice::Auto => Header {
            syntax: None,
            frontend: builtin
                .as_ref()
                .and_then(|b| b.as_ref().ok())
                .map(engine::BuiltinFrontend::level),
        },
    };
    let mut document = render_document(recipe, &split, &header, runner)?;
    crate::lock::pin_with(&mut document, pinning.as_ref()).map_err(CliError::usage)?;
    let frontend = header
        .frontend
        .as_deref()
        .and_then(dockerfile::SyntaxVersion::from_reference);
    if let Some(message) = (!split.has("--no-lint"))
        .then(|| crate::lint_command::secret_errors(&document, frontend))
        .flatten()
    {
        return Err(CliError::Build { message });
    }
    if let Some(message) = split
        .value("--target")
        .and_then(|target| unknown_target(&document, &target))
    {
        return Err(CliError::Build { message });
    }
    for warning in unconsumed_build_args(&document, &build_args) {
        eprintln!("docker-dsl: warning: {warning}");
    }
    let needs = Needs::of(&document);
    let ssh: Vec<SshArg> = split
        .values("--ssh")
        .iter()
        .map(|v| v.parse())
        .collect::<Result<_, engine::EngineError>>()
        .map_err(|e| CliError::usage(e.to_string()))?;
    let supplied_ssh: Vec<String> = ssh.iter().map(|s| s.id.clone()).collect();
    let warnings = check_supplied(&needs, &secrets, &supplied_ssh)
        .map_err(|message| CliError::Build { message })?;
    for warning in warnings {
        eprintln!("docker-dsl: warning: {warning}");
    }
    let info = probe?;
    let frontend_note = match builtin {
        Some(found) => format!("; {}", found?),
        None => String::new(),
    };
    let mut request = build_request(&split, context, &document, &secrets, &needs, ssh);
    request.build_args = build_args;
    if let Some(builder) = &request.builder {
        request.docker_context = engine::builder_context(&info, builder)?;
    }
    engine::BuildCommand::new(&info, &request, std::path::Path::new("Dockerfile"))?;
    let (scrubber, warnings) = crate::log_scrub::scrubber_for(&secrets);
    for warning in warnings {
        eprintln!("docker-dsl: warning: {warning}");
    }
    eprintln!("docker-dsl: {info}{frontend_note}");
    let outcome = engine::run_build_scrubbed(&info, &request, &scrubber)?;
    if let Some(image) = outcome.unpulled_frontend {
        eprintln!(
            "docker-dsl: error: the engine could not pull the `# syntax=` frontend image {image}; offline, drop --syntax to build with the engine's built-in frontend (--frontend auto, the default)"
        );
    }
    Ok(outcome.code)
}

/// A `--secret` whose value cannot be read, as an error message: a `src=`
/// file that does not exist, or an `env=` variable that `lookup` finds
/// unset or empty (the engine would mount nothing, or an empty file).
pub(crate) fn unreadable_secret(
    secrets: &[SecretArg],
    lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Option<String> {
    secrets.iter().find_map(|secret| match &secret.source {
        SecretSource::File(path) if !path.is_file() => Some(format!(
            "secret '{}': source file {} does not exist (or is not a file)",
            secret.id,
            path.display()
        )),
        SecretSource::Env(var) if lookup(var).is_none_or(|value| value.is_empty()) => {
            Some(format!(
                "secret '{}': environment variable {var} is {}; export it with the secret's value, or pass src=PATH",
                secret.id,
                if lookup(var).is_none() { "not set" } else { "empty" }
            ))
        }
        _ => None,
    })
}

/// The arguments BuildKit accepts without an `ARG` line: the proxy
/// variables (either case) and its own `BUILDKIT_*` settings.
const PREDEFINED_ARGS: [&str; 5] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "FTP_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
];

/// A warning for each `--build-arg` that no `ARG` of the rendered file
/// declares: the engine ignores it, which is usually a typo.
pub(crate) fn unconsumed_build_args(
    document: &Document,
    build_args: &BTreeMap<String, String>,
) -> Vec<String> {
    build_args
        .keys()
        .filter(|name| {
            !document.declares_arg(name)
                && !PREDEFINED_ARGS
                    .iter()
                    .any(|p| p == name || p.to_ascii_lowercase() == **name)
                && !name.starts_with("BUILDKIT_")
        })
        .map(|name| format!("--build-arg {name}: no ARG {name} in the rendered file, so the build ignores it; declare ARG {name} where it is used, or drop the flag"))
        .collect()
}

/// An error when `--target` names no stage of the rendered file.
pub(crate) fn unknown_target(document: &Document, target: &str) -> Option<String> {
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
    context: PathBuf,
    document: &Document,
    secrets: &[SecretArg],
    needs: &Needs,
    ssh: Vec<SshArg>,
) -> BuildRequest {
    let mut request = BuildRequest::new(document.print(), context);
    request.tags = split.values("--tag");
    request.secrets = secrets
        .iter()
        .filter(|s| needs.secrets.contains_key(&s.id))
        .cloned()
        .collect();
    request.ssh = ssh
        .into_iter()
        .filter(|s| needs.ssh.contains_key(&s.id))
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
    fn build_options_are_reserved_flag_names() {
        crate::recipe_args::assert_reserved(&OPTIONS);
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
    fn build_args_that_no_arg_declares_warn_and_predefined_ones_do_not() {
        let document = dockerfile::parse("ARG BASE=alpine\nFROM $BASE\nARG PY\nRUN true\n")
            .expect("parses")
            .document;
        let args: BTreeMap<String, String> = [
            "BASE",
            "PY",
            "PYTHON",
            "http_proxy",
            "Http_Proxy",
            "BUILDKIT_INLINE_CACHE",
        ]
        .into_iter()
        .map(|name| (name.to_owned(), "1".to_owned()))
        .collect();
        let warnings = unconsumed_build_args(&document, &args);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("--build-arg Http_Proxy: no ARG Http_Proxy"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].starts_with("--build-arg PYTHON: no ARG PYTHON"),
            "{warnings:?}"
        );
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
        let missing =
            unreadable_secret(&["id=t,src=/nonexistent/x".parse().expect("valid")], |_| {
                None
            })
            .expect("missing");
        assert!(
            missing.contains("secret 't'") && missing.contains("/nonexistent/x"),
            "{missing}"
        );
    }

    fn choice(words: &[&str]) -> Result<FrontendChoice, String> {
        let split = crate::recipe_args::split(
            words.iter().map(|w| (*w).to_owned()).collect(),
            &crate::recipe_args::HEADER_OPTIONS,
        )
        .expect("valid");
        frontend_choice(&split).map_err(|e| e.to_string())
    }

    #[test]
    fn the_frontend_is_asked_of_the_engine_unless_the_options_name_one() {
        assert_eq!(choice(&[]), Ok(FrontendChoice::Auto));
        assert_eq!(choice(&["--frontend", "auto"]), Ok(FrontendChoice::Auto));
        assert_eq!(choice(&["--syntax", "none"]), Ok(FrontendChoice::Auto));
        assert_eq!(
            choice(&["--frontend", "1.4"]),
            Ok(FrontendChoice::Given(Header {
                syntax: None,
                frontend: Some("1.4".into())
            }))
        );
        assert_eq!(
            choice(&["--syntax", "1.7"]),
            Ok(FrontendChoice::Given(Header {
                syntax: Some("docker/dockerfile:1.7".into()),
                frontend: None
            }))
        );
        let err = choice(&["--syntax", "1.7", "--frontend", "auto"]).expect_err("contradiction");
        assert!(
            err.contains("drop --syntax docker/dockerfile:1.7 or --frontend auto"),
            "{err}"
        );
    }

    #[test]
    fn unset_or_empty_secret_variables_are_refused() {
        let secrets = ["id=tok,env=TOKEN".parse().expect("valid")];
        let unset = unreadable_secret(&secrets, |_| None).expect("unset");
        assert!(
            unset.contains("environment variable TOKEN is not set"),
            "{unset}"
        );
        let empty = unreadable_secret(&secrets, |_| Some("".into())).expect("empty");
        assert!(empty.contains("TOKEN is empty"), "{empty}");
        assert_eq!(unreadable_secret(&secrets, |_| Some("s3cret".into())), None);
    }

    #[test]
    fn only_needed_secrets_reach_the_engine() {
        let split = crate::recipe_args::split(
            ["-t", "app", "--no-cache", "--", "--pull"]
                .map(String::from)
                .to_vec(),
            &OPTIONS,
        )
        .expect("valid");
        let doc = Document::default();
        let request = build_request(
            &split,
            PathBuf::from("/ctx"),
            &doc,
            &[secret("a"), secret("b")],
            &needs(&[("a", false)], &[]),
            vec!["default".parse().expect("valid")],
        );
        assert_eq!(request.secrets, [secret("a")]);
        assert!(request.ssh.is_empty());
        assert_eq!(request.tags, ["app"]);
        assert_eq!(request.extra_args, ["--no-cache", "--pull"]);
        assert_eq!(request.context_dir, PathBuf::from("/ctx"));
    }
}
