//! The Rust programs `docker-dsl import --lang rust` wrote for the golden
//! Dockerfiles (checked in, read by a person) compile without warnings and
//! render the build; the seed guide's byte for byte.

#![deny(warnings)]

use std::path::PathBuf;

// Each golden program is a module here; its `main` is for running it alone.
#[allow(dead_code)]
#[path = "../../../tests/importer/golden/seed_guide.rs"]
mod seed_guide;

#[allow(dead_code)]
#[path = "../../../tests/importer/golden/multistage.rs"]
mod multistage;

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/importer/golden")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(golden(name)).expect("golden file")
}

#[test]
fn the_golden_programs_are_what_the_importer_writes() {
    for name in ["seed_guide", "multistage"] {
        let program = import::to_rust(&read(&format!("{name}.Dockerfile"))).expect("imports");
        assert_eq!(program, read(&format!("{name}.rs")), "{name}.rs is stale");
    }
}

#[test]
fn the_seed_guide_program_renders_its_dockerfile_byte_for_byte() {
    let rendered = seed_guide::dockerfile().render().expect("renders");
    assert_eq!(rendered, read("seed_guide.Dockerfile"));
}

#[test]
fn the_multistage_program_renders_what_its_python_recipe_renders() {
    // multistage.rendered is the Python recipe's render (tests/importer checks
    // that it round-trips through BuildKit's parser).
    let rendered = multistage::dockerfile().render().expect("renders");
    assert_eq!(rendered, read("multistage.rendered"));
}

#[test]
fn what_the_builder_cannot_take_is_refused_with_its_line() {
    let error = import::to_rust("FROM alpine AS a\nFROM alpine AS A\n").expect_err("two names");
    assert!(
        error.to_string().starts_with("line 2: stage name `A`"),
        "{error}"
    );
}
