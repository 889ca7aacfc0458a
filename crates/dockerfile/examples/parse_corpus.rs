//! Parses every file of a corpus directory (its `INDEX.tsv`) in-process and
//! reports the wall time and how many instructions stayed untyped (`Raw`),
//! by keyword: `cargo run --release -p dockerfile --example parse_corpus -- DIR`
//! (`--show-raw` also prints the first line of each untyped instruction).

use std::collections::BTreeMap;
use std::time::Instant;

use dockerfile::{parse, Instruction};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus = std::env::args()
        .nth(1)
        .ok_or("usage: parse_corpus CORPUS_DIR [--show-raw]")?;
    let show_raw = std::env::args().any(|a| a == "--show-raw");
    let index = std::fs::read_to_string(format!("{corpus}/INDEX.tsv"))?;
    let mut texts = Vec::new();
    for line in index.lines().skip(1) {
        let file = line.split('\t').next().unwrap_or_default();
        texts.push(std::fs::read_to_string(format!("{corpus}/{file}"))?);
    }
    let start = Instant::now();
    let nodes = texts
        .iter()
        .filter(|t| dockerfile::parse::parse_nodes(t).is_ok())
        .count();
    println!(
        "node layer: {nodes} files in {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let start = Instant::now();
    let parsed: Vec<_> = texts.iter().map(|text| parse(text)).collect();
    let elapsed = start.elapsed();
    let mut raw: BTreeMap<String, usize> = BTreeMap::new();
    let mut typed = 0usize;
    for document in parsed.iter().flatten().map(|p| &p.document) {
        let body = document.stages.iter().flat_map(|s| s.body.iter());
        for instruction in document.preamble.iter().chain(body) {
            match instruction {
                Instruction::Raw(text) => {
                    let keyword = text.split_whitespace().next().unwrap_or("").to_uppercase();
                    if show_raw {
                        println!("raw: {}", text.lines().next().unwrap_or_default());
                    }
                    *raw.entry(keyword).or_default() += 1;
                }
                _ => typed += 1,
            }
        }
    }
    let rejected = parsed.iter().filter(|p| p.is_err()).count();
    println!(
        "{} files ({} rejected) in {:.1} ms",
        texts.len(),
        rejected,
        elapsed.as_secs_f64() * 1000.0
    );
    println!("typed instructions: {typed}; raw by keyword:");
    for (keyword, count) in raw {
        println!("  {keyword:<12} {count}");
    }
    Ok(())
}
