//! `docker-dsl bake RECIPE --matrix ... [--tag-template T] [--secret ...]
//! [--build [--builder B]]`: a `docker-bake.json` with one target per
//! variant, printed, or run with `docker buildx bake`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use engine::{BakeRequest, EngineInfo};
use variants::{expand_template, BakeFile, BakeTarget};

use crate::build::{check_supplied, ssh_id, unknown_target, unreadable_secret, Needs};
use crate::error::CliError;
use crate::matrix_render::{render_variants, RenderedVariant};
use crate::output::emit;
use crate::recipe_args::{header, OptionSpec, RecipeInvocation, SplitArgs};
use crate::recipe_runner::RecipeRunner;
use crate::render::prepare;
use engine::{SecretArg, SecretSource};

/// The options of `bake` beside `--syntax`, `--frontend` and `--help`.
const OPTIONS: [OptionSpec; 16] = [
    OptionSpec {
        names: &["--matrix"],
        takes_value: true,
        usage: "--matrix NAME=V1,V2",
        help: "the flag values to combine (repeatable); one target per combination",
    },
    OptionSpec {
        names: &["--tag-template"],
        takes_value: true,
        usage: "--tag-template T",
        help: "image name per variant, e.g. 'app:{py}-{private}' (repeatable)",
    },
    OptionSpec {
        names: &["--secret"],
        takes_value: true,
        usage: "--secret SPEC",
        help:
            "id=ID,src=PATH or id=ID,env=VAR (repeatable); each target gets only the ones it mounts",
    },
    OptionSpec {
        names: &["--ssh"],
        takes_value: true,
        usage: "--ssh ID[=SOCK]",
        help: "an ssh-agent socket or key (repeatable); each target gets only the ids it mounts",
    },
    OptionSpec {
        names: &["--platform"],
        takes_value: true,
        usage: "--platform P",
        help: "target platforms, e.g. linux/amd64,linux/arm64 (repeatable)",
    },
    OptionSpec {
        names: &["--target"],
        takes_value: true,
        usage: "--target STAGE",
        help: "build up to this stage",
    },
    OptionSpec {
        names: &["--build-arg"],
        takes_value: true,
        usage: "--build-arg K=V",
        help: "a build argument for every target (repeatable)",
    },
    OptionSpec {
        names: &["--cache-from"],
        takes_value: true,
        usage: "--cache-from SPEC",
        help: "a cache source for every target, e.g. type=registry,ref=... (repeatable)",
    },
    OptionSpec {
        names: &["--cache-to"],
        takes_value: true,
        usage: "--cache-to SPEC",
        help: "a cache export for every target, e.g. type=inline (repeatable)",
    },
    OptionSpec {
        names: &["--context"],
        takes_value: true,
        usage: "--context DIR",
        help: "the build context (default: .)",
    },
    OptionSpec {
        names: &["--out", "-o"],
        takes_value: true,
        usage: "--out PATH",
        help: "write the bake file to PATH (atomically) instead of stdout",
    },
    OptionSpec {
        names: &["--build"],
        takes_value: false,
        usage: "--build",
        help: "run `docker buildx bake` on the file instead of printing it",
    },
    OptionSpec {
        names: &["--builder"],
        takes_value: true,
        usage: "--builder NAME",
        help: "with --build: the buildx builder (local, remote or multi-node)",
    },
    OptionSpec {
        names: &["--progress"],
        takes_value: true,
        usage: "--progress MODE",
        help: "with --build: auto, plain or tty",
    },
    crate::lock::LOCKED,
    crate::lock::LOCK_FILE,
];

pub(crate) fn run(args: RecipeInvocation, runner: &dyn RecipeRunner) -> Result<i32, CliError> {
    let Some((recipe, split)) = prepare("bake", &args, &OPTIONS, runner)? else {
        return Ok(0);
    };
    let secrets = match parse_secrets(&split) {
        Ok(secrets) => secrets,
        Err(message) => return Err(CliError::usage(message)),
    };
    let file = match bake_file(recipe, &split, &secrets, runner) {
        Ok(file) => file,
        Err(message) => return Err(CliError::usage(message)),
    };
    if split.has("--build") {
        return build(&split, &secrets, file);
    }
    for option in ["--builder", "--progress"] {
        if split.has(option) {
            return Err(CliError::usage(format!(
                "{option} only applies with --build"
            )));
        }
    }
    match emit(
        file.to_json().as_bytes(),
        split.value("--out").as_deref().map(std::path::Path::new),
        "the bake file",
    ) {
        Ok(()) => Ok(0),
        Err(message) => Err(CliError::usage(message)),
    }
}

/// The `--secret` values, with relative `src=` paths made absolute (the
/// file may be run from elsewhere); a missing source file is an error.
fn parse_secrets(split: &SplitArgs) -> Result<Vec<SecretArg>, String> {
    let mut secrets: Vec<SecretArg> = split
        .values("--secret")
        .iter()
        .map(|v| v.parse().map_err(|e| format!("{e}")))
        .collect::<Result<_, _>>()?;
    if let Some(message) = unreadable_secret(&secrets, |var| std::env::var_os(var)) {
        return Err(message);
    }
    for secret in &mut secrets {
        if let SecretSource::File(path) = &secret.source {
            secret.source = SecretSource::File(absolute(path));
        }
    }
    Ok(secrets)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Renders every variant and describes its build.
fn bake_file(
    recipe: &str,
    split: &SplitArgs,
    secrets: &[SecretArg],
    runner: &dyn RecipeRunner,
) -> Result<BakeFile, String> {
    let ssh = split.values("--ssh");
    let args = build_args(split)?;
    let platforms = platforms(split);
    let pinning = crate::lock::pinning(split)?;
    let mut context = split.value("--context").unwrap_or_else(|| ".".to_owned());
    if split.has("--build") {
        context = absolute(Path::new(&context)).display().to_string();
    }
    let rendered = render_variants(
        recipe,
        split,
        &header(split).map_err(|e| e.to_string())?,
        runner,
    )?;
    let mut file = BakeFile::default();
    let mut used: Vec<&str> = Vec::new();
    for RenderedVariant {
        variant,
        mut document,
        ..
    } in rendered
    {
        let in_variant = |message: String| format!("variant {}: {message}", variant.describe());
        crate::lock::pin_with(&mut document, pinning.as_ref()).map_err(in_variant)?;
        let document = &document;
        let needs = Needs::of(document);
        check_supplied(&needs, secrets, &ssh).map_err(in_variant)?;
        if let Some(message) = split
            .value("--target")
            .and_then(|target| unknown_target(document, &target))
        {
            return Err(in_variant(message));
        }
        let tags = split
            .values("--tag-template")
            .iter()
            .map(|template| expand_template(template, &variant.flags))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let secret: Vec<&SecretArg> = secrets
            .iter()
            .filter(|s| needs.secrets.contains_key(&s.id))
            .collect();
        used.extend(secret.iter().map(|s| s.id.as_str()));
        file.add(
            &variant.name,
            BakeTarget {
                context: context.clone(),
                dockerfile_inline: document.print(),
                tags,
                platforms: platforms.clone(),
                target: split.value("--target"),
                args: args.clone(),
                secret: secret.iter().map(ToString::to_string).collect(),
                ssh: ssh
                    .iter()
                    .filter(|s| needs.ssh.contains_key(ssh_id(s)))
                    .cloned()
                    .collect(),
                cache_from: split.values("--cache-from"),
                cache_to: split.values("--cache-to"),
            },
        );
    }
    for secret in secrets.iter().filter(|s| !used.contains(&s.id.as_str())) {
        eprintln!(
            "docker-dsl: warning: secret '{}' is supplied but no variant mounts it; it is left out",
            secret.id
        );
    }
    Ok(file)
}

/// The `--platform` values, comma-separated or repeated.
pub(crate) fn platforms(split: &SplitArgs) -> Vec<String> {
    split
        .values("--platform")
        .iter()
        .flat_map(|p| p.split(','))
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `--build-arg K=V` values.
pub(crate) fn build_args(split: &SplitArgs) -> Result<BTreeMap<String, String>, String> {
    split
        .values("--build-arg")
        .iter()
        .map(|arg| match arg.split_once('=') {
            Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
            _ => Err(format!("--build-arg {arg:?}: write it as NAME=VALUE")),
        })
        .collect()
}

/// Runs `docker buildx bake` on `file`, with the secrets scrubbed from its log.
fn build(split: &SplitArgs, secrets: &[SecretArg], file: BakeFile) -> Result<i32, CliError> {
    if split.has("--out") {
        return Err(CliError::usage(
            "--out writes the file instead of building; with --build, leave it out",
        ));
    }
    let info: EngineInfo = match engine::probe() {
        Ok(info) => info,
        Err(e) => return Err(CliError::Engine(e)),
    };
    let (scrubber, warnings) = crate::log_scrub::scrubber_for(secrets);
    for warning in warnings {
        eprintln!("docker-dsl: warning: {warning}");
    }
    let request = BakeRequest {
        file: file.to_json(),
        builder: split.value("--builder"),
        progress: split.value("--progress"),
        extra_args: split.passthrough.clone(),
    };
    eprintln!("docker-dsl: {info}");
    Ok(engine::run_bake(&info, &request, &scrubber)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn options_are_reserved_flag_names() {
        crate::recipe_args::assert_reserved(&super::OPTIONS);
    }
}
