//! Parses every corpus file with the crate `parse-dockerfile`: prints one JSON
//! line per file (`file`, `ok`, instruction `kinds` or the `error`), and on
//! stderr the wall time of parsing them all in-process.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus = std::env::args().nth(1).ok_or("usage: parse-dockerfile-eval CORPUS_DIR")?;
    let index = std::fs::read_to_string(format!("{corpus}/INDEX.tsv"))?;
    let mut files = Vec::new();
    for line in index.lines().skip(1) {
        let name = line.split('\t').next().unwrap_or_default().to_owned();
        let text = std::fs::read_to_string(format!("{corpus}/{name}"))?;
        files.push((name, text));
    }
    let start = Instant::now();
    let accepted = files
        .iter()
        .filter(|(_, text)| parse_dockerfile::parse(text).is_ok())
        .count();
    let elapsed = start.elapsed();
    for (name, text) in &files {
        let line = match parse_dockerfile::parse(text) {
            Ok(dockerfile) => {
                let value = serde_json::to_value(&dockerfile)?;
                let kinds: Vec<String> = value["instructions"]
                    .as_array()
                    .map(|all| all.iter().map(|i| i["kind"].as_str().unwrap_or("?").to_owned()).collect())
                    .unwrap_or_default();
                serde_json::json!({"file": name, "ok": true, "kinds": kinds})
            }
            Err(error) => serde_json::json!({"file": name, "ok": false, "error": error.to_string()}),
        };
        println!("{line}");
    }
    eprintln!(
        "parse-dockerfile: {} files ({accepted} accepted) in {:.1} ms",
        files.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}
