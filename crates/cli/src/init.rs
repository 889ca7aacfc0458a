//! `docker-dsl init [--python pip|uv|poetry] [--node npm|pnpm|yarn] [--go]
//! [--rust] [--apt]`: writes a starter recipe whose cache mounts come from
//! seed 003's table ([`dsl::PACKAGE_CACHES`]).

use std::fmt::Write as _;
use std::path::PathBuf;

use dsl::{package_cache, PackageCache};

use crate::error::CliError;
use crate::output::write_atomically;

/// The Python package managers `init --python` knows.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum PythonTool {
    /// pip with requirements.txt.
    Pip,
    /// uv with pyproject.toml and uv.lock.
    Uv,
    /// Poetry with pyproject.toml and poetry.lock.
    Poetry,
}

/// The Node package managers `init --node` knows.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum NodeTool {
    /// npm with package-lock.json.
    Npm,
    /// pnpm with pnpm-lock.yaml.
    Pnpm,
    /// Yarn (classic) with yarn.lock.
    Yarn,
}

/// The arguments of `docker-dsl init`.
#[derive(Debug, clap::Args)]
#[command(group(
    clap::ArgGroup::new("ecosystem").required(true).multiple(true)
        .args(["python", "node", "go", "rust", "apt"])
))]
pub(crate) struct InitArgs {
    /// A Python stage installing with this package manager.
    #[arg(long, value_enum, value_name = "TOOL")]
    python: Option<PythonTool>,
    /// A Node stage installing with this package manager.
    #[arg(long, value_enum, value_name = "TOOL")]
    node: Option<NodeTool>,
    /// A Go stage (module and build caches).
    #[arg(long)]
    go: bool,
    /// A Rust stage (cargo registry and target caches).
    #[arg(long)]
    rust: bool,
    /// Install Debian packages with apt-get, its caches locked.
    #[arg(long)]
    apt: bool,
    /// The image every stage starts FROM, instead of each ecosystem's
    /// official image (e.g. your organization's base image).
    #[arg(long, value_name = "IMAGE")]
    base: Option<String>,
    /// Where to write the recipe; `-` prints it.
    #[arg(long, short, value_name = "PATH", default_value = "Dockerfile.py", value_hint = clap::ValueHint::FilePath)]
    out: PathBuf,
    /// Overwrite PATH when it exists.
    #[arg(long)]
    force: bool,
}

/// Runs `docker-dsl init` and returns the exit code.
pub(crate) fn run(args: &InitArgs) -> Result<i32, CliError> {
    let text = match starter_recipe(args) {
        Ok(text) => text,
        Err(message) => return Err(CliError::usage(message)),
    };
    if args.out.as_os_str() == "-" {
        print!("{text}");
        return Ok(0);
    }
    if args.out.exists() && !args.force {
        return Err(CliError::usage(format!(
            "{} exists: pass --force to overwrite it, or --out PATH to write elsewhere",
            args.out.display()
        )));
    }
    match write_atomically(&args.out, text.as_bytes()) {
        Ok(()) => {
            eprintln!(
                "docker-dsl: wrote {0}; render it with `docker-dsl {0}`",
                args.out.display()
            );
            Ok(0)
        }
        Err(e) => Err(CliError::usage(format!(
            "cannot write {}: {e}",
            args.out.display()
        ))),
    }
}

/// The recipe text: one stage per ecosystem asked for (`--apt` alone gives a
/// Debian stage), each with its package manager's cache mounts.
fn starter_recipe(args: &InitArgs) -> Result<String, String> {
    let mut stages: Vec<(&str, &PackageCache)> = Vec::new();
    let python = args.python.map(|tool| match tool {
        PythonTool::Pip => "pip",
        PythonTool::Uv => "uv",
        PythonTool::Poetry => "poetry",
    });
    let node = args.node.map(|tool| match tool {
        NodeTool::Npm => "npm",
        NodeTool::Pnpm => "pnpm",
        NodeTool::Yarn => "yarn",
    });
    let go = args.go.then_some("go");
    let rust = args.rust.then_some("cargo");
    for (stage, tool) in [
        ("python", python),
        ("node", node),
        ("go", go),
        ("rust", rust),
    ] {
        if let Some(tool) = tool {
            stages.push((stage, row(tool)?));
        }
    }
    let apt = if args.apt { Some(row("apt")?) } else { None };
    if stages.is_empty() {
        if let Some(apt) = apt {
            stages.push(("system", apt));
        }
    }
    let mut text = format!(
        "\"\"\"Starter recipe, written by `docker-dsl {}`.\n\n\
         Render: docker-dsl {out}\n\
         Build:  docker-dsl build {out} -t app\n\n\
         Each install step keeps its package manager's cache in a BuildKit cache mount\n\
         (seed 003's table), so a rebuild downloads only what changed.\n\"\"\"\n\n\
         from docker_dsl import Stage\n",
        command_line(args),
        out = match args.out.file_name() {
            Some(name) if args.out.as_os_str() != "-" => name.to_string_lossy().into_owned(),
            _ => "Dockerfile.py".to_owned(),
        },
    );
    for (name, cache) in stages {
        let image = args.base.as_deref().unwrap_or(cache.image);
        let _ = write!(
            text,
            "\nwith Stage({image:?}, {name:?}) as s:\n    s.workdir(\"/app\")\n"
        );
        if let Some(apt) = apt.filter(|apt| apt.tool != cache.tool) {
            install_step(&mut text, apt);
        }
        if cache.manifests.is_empty() {
            text.push_str("    s.copy(\".\", \".\")\n");
            install_step(&mut text, cache);
        } else {
            install_step(&mut text, cache);
            text.push_str("    s.copy(\".\", \".\")\n");
        }
    }
    Ok(text)
}

/// The preparing RUN, if any, then `with <bind manifests>, <caches>,
/// s.run() as r:` and the install lines.
fn install_step(text: &mut String, cache: &PackageCache) {
    for line in cache.prepare {
        let _ = writeln!(text, "    s.run({line:?})");
    }
    let mut scopes: Vec<String> = cache
        .manifests
        .iter()
        .map(|file| format!("s.bind(source={file:?}, target=\"/app/{file}\")"))
        .collect();
    scopes.extend(cache.caches.iter().map(|(target, locked)| {
        if *locked {
            format!("s.cache({target:?}, lock=True)")
        } else {
            format!("s.cache({target:?})")
        }
    }));
    scopes.push("s.run() as r".to_owned());
    let _ = writeln!(
        text,
        "    with (\n        {},\n    ):",
        scopes.join(",\n        ")
    );
    for line in cache.install {
        let _ = writeln!(text, "        r({line:?})");
    }
}

fn row(tool: &str) -> Result<&'static PackageCache, String> {
    package_cache(tool).ok_or_else(|| format!("the package cache table has no row for {tool}"))
}

/// The options as given, for the recipe's docstring.
fn command_line(args: &InitArgs) -> String {
    let mut words = vec!["init".to_owned()];
    if let Some(python) = args.python {
        words.push(format!("--python {}", format!("{python:?}").to_lowercase()));
    }
    if let Some(node) = args.node {
        words.push(format!("--node {}", format!("{node:?}").to_lowercase()));
    }
    for (set, flag) in [
        (args.go, "--go"),
        (args.rust, "--rust"),
        (args.apt, "--apt"),
    ] {
        if set {
            words.push(flag.to_owned());
        }
    }
    if let Some(base) = &args.base {
        words.push(format!("--base {base}"));
    }
    words.join(" ")
}
