//! A minimal front end to the scanner, for benchmarks before the CLI is wired:
//! `verify IMAGE.tar|DIR --secret id=ID,src=PATH|env=VAR ... [--json] [--jobs N]`.
//! Exit status: 0 clean, 1 secret found, 2 bad input.

use std::path::Path;
use std::process::ExitCode;

use scan::{NoProgress, Secret, Verifier};

fn secret_from(spec: &str) -> Result<Secret, String> {
    let mut id = None;
    let mut bytes = None;
    for field in spec.split(',') {
        match field.split_once('=') {
            Some(("id", v)) => id = Some(v.to_owned()),
            Some(("src" | "source", v)) => {
                bytes = Some(std::fs::read(v).map_err(|e| format!("cannot read {v}: {e}"))?);
            }
            Some(("env", v)) => {
                bytes = Some(
                    std::env::var(v)
                        .map_err(|_| format!("environment variable {v} is not set"))?
                        .into_bytes(),
                );
            }
            _ => return Err(format!("bad --secret field `{field}`")),
        }
    }
    let id = id.ok_or("--secret needs id=")?;
    let bytes = bytes.ok_or("--secret needs src= or env=")?;
    Secret::new(id, &bytes).map_err(|e| e.to_string())
}

fn run() -> Result<bool, String> {
    let mut args = std::env::args().skip(1);
    let mut image = None;
    let mut secrets = Vec::new();
    let mut json = false;
    let mut jobs = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--secret" => secrets.push(secret_from(&args.next().ok_or("--secret needs a value")?)?),
            "--json" => json = true,
            "--jobs" => {
                let n = args.next().ok_or("--jobs needs a number")?;
                jobs = Some(n.parse::<usize>().map_err(|e| format!("--jobs {n}: {e}"))?);
            }
            _ => image = Some(arg),
        }
    }
    let image = image.ok_or("usage: verify IMAGE --secret id=ID,src=PATH [--json]")?;
    let mut verifier = Verifier::new(secrets).map_err(|e| e.to_string())?;
    if let Some(jobs) = jobs {
        verifier = verifier.with_threads(jobs);
    }
    let report = verifier
        .scan_path(Path::new(&image), &NoProgress)
        .map_err(|e| e.to_string())?;
    if json {
        println!("{}", report.to_json().map_err(|e| e.to_string())?);
    } else {
        print!("{}", report.to_human());
    }
    Ok(report.is_clean())
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("verify: error: {message}");
            ExitCode::from(2)
        }
    }
}
