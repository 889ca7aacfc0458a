//! `docker-dsl verify IMAGE|TARBALL --secret ...`: proves that secrets never landed in an
//! image. Exit status: 0 clean, 1 a secret was found, 2 bad input.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use scan::{Progress, Report, ScanError, Secret, Verifier};

use engine::{SavedImage, SecretArg, SecretArgError};

/// Arguments of `docker-dsl verify`.
#[derive(Clone, Debug, Args)]
pub struct VerifyArgs {
    /// The image: a `docker save` tarball (docker-archive or OCI layout, optionally gzip or
    /// zstd compressed), an OCI layout directory, or the name of a local image, which is read
    /// with `docker save`.
    #[arg(value_name = "IMAGE|TARBALL")]
    pub image_or_tarball: String,

    /// A secret that must not be in the image: id=ID,src=PATH or id=ID,env=VAR (repeatable).
    /// Trailing newlines of the value are ignored.
    #[arg(
        long = "secret",
        value_name = "id=ID,src=PATH|env=VAR",
        required = true
    )]
    pub secrets: Vec<SecretArg>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,

    /// Do not draw a progress bar (it is drawn only when stderr is a terminal).
    #[arg(long)]
    pub no_progress: bool,

    /// How many layers to scan at once (default: the number of cores). A tarball or
    /// directory is read on several threads; an image read from `docker save` is one stream.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// For an image read from a registry: the platform to verify when the
    /// tag is a multi-platform image (default: this machine's, linux/<arch>).
    #[arg(long, value_name = "OS/ARCH")]
    pub platform: Option<String>,
}

/// How the report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// One line per finding and a summary line.
    Human,
    /// The full report as JSON.
    Json,
}

/// Why verify could not give an answer.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Secret(#[from] SecretArgError),
    #[error(transparent)]
    Scan(#[from] ScanError),
    #[error("`{image}` is not a file or directory, so it was read as a local image: {source}")]
    LocalImage {
        image: String,
        source: engine::EngineError,
    },
    #[error("cannot write the report: {0}")]
    Output(io::Error),
    #[error(transparent)]
    Registry(#[from] registry::RegistryError),
    #[error("{image}: {source}")]
    RegistryLayout { image: String, source: io::Error },
}

/// Runs `docker-dsl verify`: 0 when clean, 1 when a secret was found.
pub(crate) fn run(args: &VerifyArgs) -> Result<i32, crate::error::CliError> {
    let report = verify(args)?;
    if let Err(e) = print_report(&report, args.format) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(VerifyError::Output(e).into());
        }
    }
    Ok(if report.is_clean() { 0 } else { 1 })
}

fn verify(args: &VerifyArgs) -> Result<Report, VerifyError> {
    let mut secrets = Vec::with_capacity(args.secrets.len());
    for arg in &args.secrets {
        let bytes = arg.read_bytes()?;
        secrets.push(Secret::new(arg.id.clone(), &bytes)?);
    }
    let mut verifier = Verifier::new(secrets)?;
    if let Some(jobs) = args.jobs {
        verifier = verifier.with_threads(usize::from(jobs));
    }
    let bar = ProgressDisplay::new(!args.no_progress && io::stderr().is_terminal());
    let input = &args.image_or_tarball;
    let result = if Path::new(input).exists() {
        verifier
            .scan_path(Path::new(input), &bar)
            .map_err(VerifyError::from)
    } else if names_a_registry(input) {
        crate::registry_source::scan(&verifier, input, args.platform.as_deref(), &bar)
    } else {
        scan_local_image(&verifier, input, &bar)
    };
    bar.finish();
    result
}

/// Whether `input` starts with a registry host (`127.0.0.1:5000/...`,
/// `ghcr.io/...`, `localhost/...`): such images are read from the registry,
/// others from the local engine.
fn names_a_registry(input: &str) -> bool {
    input.split_once('/').is_some_and(|(first, _)| {
        first.contains('.') || first.contains(':') || first == "localhost"
    })
}

fn print_report(report: &Report, format: VerifyFormat) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match format {
        VerifyFormat::Human => out.write_all(report.to_human().as_bytes())?,
        VerifyFormat::Json => {
            let json = report.to_json().map_err(io::Error::other)?;
            writeln!(out, "{json}")?;
        }
    }
    out.flush()
}

/// Streams the local image (`docker save`, through the engine crate) into
/// the scanner, without writing the archive to disk.
fn scan_local_image(
    verifier: &Verifier,
    image: &str,
    progress: &dyn Progress,
) -> Result<Report, VerifyError> {
    let local = |source| VerifyError::LocalImage {
        image: image.to_owned(),
        source,
    };
    let mut saved = SavedImage::open(image).map_err(local)?;
    let size = saved.size;
    let result = match saved.archive() {
        Some(mut archive) => {
            let result = verifier.scan_reader(&mut archive, image, size, progress);
            // The scan stops at the archive's end marker; `docker save` (28.x) may still be
            // writing padding after it, and closing the pipe early kills it with SIGPIPE.
            let _ = std::io::copy(&mut archive, &mut std::io::sink());
            result
        }
        None => {
            return Err(local(engine::EngineError::ImageUnreadable {
                image: image.to_owned(),
                detail: "no output stream".to_owned(),
            }))
        }
    };
    saved.finish().map_err(local)?;
    Ok(result?)
}

/// The progress bar on stderr, or nothing when it is off.
struct ProgressDisplay {
    bar: Option<ProgressBar>,
}

impl ProgressDisplay {
    fn new(enabled: bool) -> Self {
        let bar = enabled.then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(spinner_style());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self { bar }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} verify {bytes} read ({bytes_per_sec}) {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "verify [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta}) {wide_msg}",
    )
    .map(|style| style.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar())
}

impl Progress for ProgressDisplay {
    fn advance(&self, read: u64, total: Option<u64>) {
        let Some(bar) = &self.bar else {
            return;
        };
        if let Some(total) = total {
            if bar.length() != Some(total.max(read)) {
                if bar.length().is_none() {
                    bar.set_style(bar_style());
                }
                bar.set_length(total.max(read));
            }
        }
        bar.set_position(read);
    }

    fn member(&self, name: &str) {
        if let Some(bar) = &self.bar {
            let short = name
                .strip_prefix("blobs/sha256/")
                .map_or(name, |hex| hex.get(..12).unwrap_or(hex));
            bar.set_message(short.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        verify: VerifyArgs,
    }

    fn args(argv: &[&str]) -> VerifyArgs {
        let mut full = vec!["verify"];
        full.extend_from_slice(argv);
        Cli::try_parse_from(full).expect("valid arguments").verify
    }

    #[test]
    fn flags_parse() {
        let a = args(&[
            "img.tar",
            "--secret",
            "id=a,src=/x",
            "--secret",
            "id=b,env=B",
            "--format",
            "json",
            "--no-progress",
        ]);
        assert_eq!(a.image_or_tarball, "img.tar");
        assert_eq!(a.secrets.len(), 2);
        assert_eq!(a.format, VerifyFormat::Json);
        assert!(a.no_progress);
        assert_eq!(a.jobs, None);
        assert_eq!(
            args(&["i.tar", "--secret", "id=a,src=/x", "--jobs", "2"]).jobs,
            Some(2)
        );
        assert!(
            Cli::try_parse_from(["verify", "i.tar", "--secret", "id=a,src=/x", "--jobs", "0"])
                .is_err()
        );
    }

    #[test]
    fn a_secret_is_required_and_checked_by_clap() {
        assert!(Cli::try_parse_from(["verify", "img.tar"]).is_err());
        let err = Cli::try_parse_from(["verify", "img.tar", "--secret", "id=a,bogus=1"])
            .expect_err("bad secret");
        assert!(err.to_string().contains("unknown key `bogus`"), "{err}");
    }

    #[test]
    fn bad_input_exits_2() {
        let dir = tempfile::tempdir().expect("tempdir");
        let secret = dir.path().join("s");
        std::fs::write(&secret, b"a-long-enough-secret\n").expect("write");
        let not_image = dir.path().join("x.tar");
        std::fs::write(&not_image, b"not an archive").expect("write");
        let src = format!("id=s,src={}", secret.display());
        let missing = args(&[
            not_image.to_str().expect("utf-8"),
            "--secret",
            "id=s,src=/nonexistent/s",
        ]);
        assert_eq!(run(&missing).map_err(|e| e.exit_code()), Err(2));
        let short = dir.path().join("short");
        std::fs::write(&short, b"abc\n").expect("write");
        let too_short = args(&[
            not_image.to_str().expect("utf-8"),
            "--secret",
            &format!("id=s,src={}", short.display()),
        ]);
        assert_eq!(run(&too_short).map_err(|e| e.exit_code()), Err(2));
        let garbage = args(&[
            not_image.to_str().expect("utf-8"),
            "--secret",
            &src,
            "--no-progress",
        ]);
        assert_eq!(run(&garbage).map_err(|e| e.exit_code()), Err(2));
    }
}
