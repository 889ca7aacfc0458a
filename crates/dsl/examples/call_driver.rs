//! Drives the Rust builder API from JSON, one Dockerfile per input line, so
//! tests/quoting/test_faces_agree.py can make the same calls through Python
//! and check that both faces accept and refuse the same inputs.
//!
//! Input line: `{"image": "alpine", "name": "base", "calls": [["workdir", ["/a"]], ...]}`.
//! Output line: `{"ok": "<Dockerfile>"}` or `{"codes": ["bad-value", ...]}`.

use std::io::{BufRead, Write};

use dsl::{mounts, Dockerfile, RunOptions, StageBlock};
use serde_json::{json, Value};

/// The call's string arguments.
fn strings(args: &Value) -> Vec<String> {
    args.as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Makes one builder call; `false` for a method this driver does not know.
fn call(s: &mut StageBlock<'_>, method: &str, args: &[String]) -> bool {
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_default();
    match method {
        "workdir" => s.workdir(arg(0)),
        "user" => s.user(arg(0), None),
        "env" => s.env([(arg(0), arg(1))]),
        "arg" => s.arg(arg(0), arg(1)),
        "label" => s.label([(arg(0), arg(1))]),
        "add_to_path" => s.add_to_path(args.iter().cloned()),
        "copy" => s.copy(arg(0), arg(1)),
        "add" => s.add(arg(0), arg(1)),
        "entrypoint" => s.entrypoint(args.iter().cloned()),
        "cmd" => s.cmd(args.iter().cloned()),
        "cmd_shell" => s.cmd_shell(arg(0)),
        "expose" => s.expose(args.iter().cloned()),
        "volume" => s.volume(args.iter().cloned()),
        "stopsignal" => s.stopsignal(arg(0)),
        "shell" => s.shell(args.iter().cloned()),
        "onbuild" => s.onbuild(arg(0)),
        "comment" => s.comment(arg(0)),
        "run" => s.run_command(args.iter().cloned(), &[], RunOptions::default()),
        "run_env" => s.run_command([arg(2)], &[(arg(0), arg(1))], RunOptions::default()),
        "run_raw" => s.run(|r| {
            r.raw(arg(0));
        }),
        "cache" => s.mounts([mounts::cache(arg(0))], |s| {
            s.run(|r| {
                r.raw("true");
            });
        }),
        _ => return false,
    };
    true
}

fn render(request: &Value) -> Value {
    let image = request["image"].as_str().unwrap_or("alpine");
    let name = request["name"].as_str().unwrap_or("base");
    let mut unknown = None;
    let mut df = Dockerfile::new();
    df.syntax(None);
    df.named_stage(image, name, |s| {
        for entry in request["calls"].as_array().into_iter().flatten() {
            let method = entry[0].as_str().unwrap_or_default();
            if !call(s, method, &strings(&entry[1])) {
                unknown = Some(method.to_owned());
            }
        }
    });
    if let Some(method) = unknown {
        return json!({ "unknown": method });
    }
    match df.render() {
        Ok(text) => json!({ "ok": text }),
        Err(errors) => json!({ "codes": errors.iter().map(|e| e.code()).collect::<Vec<_>>() }),
    }
}

fn main() {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let response = match serde_json::from_str::<Value>(&line) {
            Ok(request) => render(&request),
            Err(e) => json!({ "bad_request": e.to_string() }),
        };
        if writeln!(out, "{response}")
            .and_then(|()| out.flush())
            .is_err()
        {
            break;
        }
    }
}
