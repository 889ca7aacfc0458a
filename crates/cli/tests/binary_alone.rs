//! The Rust binary alone (`cargo install --path crates/cli`): what needs no
//! Python works, and a recipe gets a clear "needs Python" error.

use std::process::Command;

fn docker_dsl(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_docker-dsl"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("the binary starts")
}

#[test]
fn a_recipe_says_that_it_needs_python() {
    let out = docker_dsl(&["examples/seed_mounts.py", "--private=true"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rendering a recipe needs Python"),
        "{stderr}"
    );
    assert!(stderr.contains("pip install docker-dsl"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn subcommands_without_recipes_work_alone() {
    let completions = docker_dsl(&["completions", "bash"]);
    assert_eq!(completions.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&completions.stdout).contains("complete -F"));
    let stubs = docker_dsl(&["stubs"]);
    assert_eq!(stubs.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&stubs.stdout).contains("class Toolset:"));
    let init = docker_dsl(&["init", "--go", "--out", "-"]);
    assert_eq!(init.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&init.stdout).contains("go mod download"));
}
