//! The stage graph of a hand-built file with every kind of edge.

use dockerfile::{CopyInstruction, Document, FromInstruction, Instruction, Mount, Run, Stage};
use graph::{EdgeKind, Format, GraphError, StageGraph};

fn stage(image: &str, name: Option<&str>, body: Vec<Instruction>) -> Stage {
    Stage {
        from: FromInstruction {
            image: image.into(),
            name: name.map(Into::into),
            platform: None,
        },
        body,
    }
}

fn copy_from(from: &str) -> Instruction {
    Instruction::Copy(CopyInstruction {
        sources: vec!["/out".into()],
        dest: "/in".into(),
        from: Some(from.into()),
        ..CopyInstruction::default()
    })
}

fn run_with(mount: Mount) -> Instruction {
    Instruction::Run(Run {
        mounts: vec![mount],
        script: "make".into(),
        ..Run::default()
    })
}

/// base, tools and deps need nothing; build needs base (FROM), tools (COPY and
/// bind) and deps (cache); app needs build; lint is reached by no target.
fn many_stages() -> Document {
    Document {
        stages: vec![
            stage("alpine:3.19", Some("base"), vec![]),
            stage("golang:1.22", Some("tools"), vec![]),
            stage("alpine:3.19", Some("deps"), vec![]),
            stage(
                "BASE",
                Some("build"),
                vec![
                    copy_from("tools"),
                    run_with(Mount::Bind {
                        source: None,
                        target: "/t".into(),
                        from: Some("1".into()),
                        rw: false,
                    }),
                    run_with(Mount::Cache {
                        target: "/c".into(),
                        id: None,
                        sharing: None,
                        ro: false,
                        from: Some("deps".into()),
                        source: None,
                        mode: None,
                        uid: None,
                        gid: None,
                    }),
                    copy_from("busybox:1.36"),
                ],
            ),
            stage("base", Some("lint"), vec![]),
            stage(
                "gcr.io/distroless/static",
                Some("app"),
                vec![copy_from("build")],
            ),
        ],
        ..Document::default()
    }
}

#[test]
fn edges_levels_and_unreached_stages() {
    let graph = StageGraph::of(&many_stages());
    let edges: Vec<(usize, usize, EdgeKind)> =
        graph.edges.iter().map(|e| (e.from, e.to, e.kind)).collect();
    assert_eq!(
        edges,
        [
            (0, 3, EdgeKind::From),
            (1, 3, EdgeKind::CopyFrom),
            (1, 3, EdgeKind::BindFrom),
            (2, 3, EdgeKind::CacheFrom),
            (0, 4, EdgeKind::From),
            (3, 5, EdgeKind::CopyFrom),
        ]
    );
    assert_eq!(
        graph.images(),
        [
            "alpine:3.19",
            "golang:1.22",
            "busybox:1.36",
            "gcr.io/distroless/static"
        ]
    );
    let plan = graph.plan(&[]).expect("acyclic");
    assert_eq!(plan.levels(), [vec![0, 1, 2], vec![3, 4], vec![5]]);
    assert_eq!(plan.unreached(), [4]);
    let lint = graph.plan(&["LINT".into()]).expect("lint is a stage");
    assert_eq!(lint.unreached(), [1, 2, 3, 5]);
}

#[test]
fn text_output() {
    let graph = StageGraph::of(&many_stages());
    let plan = graph.plan(&[]).expect("acyclic");
    insta::assert_snapshot!(plan.render(Format::Text));
}

#[test]
fn dot_output() {
    let graph = StageGraph::of(&many_stages());
    let plan = graph.plan(&[]).expect("acyclic");
    insta::assert_snapshot!(plan.render(Format::Dot));
}

#[test]
fn mermaid_output() {
    let graph = StageGraph::of(&many_stages());
    let plan = graph.plan(&[]).expect("acyclic");
    insta::assert_snapshot!(plan.render(Format::Mermaid));
}

#[test]
fn json_output() {
    let graph = StageGraph::of(&many_stages());
    let plan = graph.plan(&["build".into()]).expect("acyclic");
    let json: serde_json::Value =
        serde_json::from_str(&plan.render(Format::Json)).expect("valid JSON");
    assert_eq!(
        json["levels"],
        serde_json::json!([["base", "tools", "deps"], ["build", "lint"], ["app"]])
    );
    assert_eq!(json["targets"], serde_json::json!(["build"]));
    assert_eq!(json["unreached"], serde_json::json!(["lint", "app"]));
    assert_eq!(
        json["stages"][3]["other_images"],
        serde_json::json!(["busybox:1.36"])
    );
    assert_eq!(
        json["edges"][3],
        serde_json::json!({"from": "deps", "to": "build", "kind": "cache-from"})
    );
}

#[test]
fn a_from_refers_only_to_earlier_stages() {
    let doc = Document {
        stages: vec![
            stage("later", Some("first"), vec![]),
            stage("alpine", Some("later"), vec![]),
        ],
        ..Document::default()
    };
    let graph = StageGraph::of(&doc);
    assert!(graph.edges.is_empty());
    assert_eq!(graph.stages[0].base_image.as_deref(), Some("later"));
}

#[test]
fn circles_and_unknown_targets_are_errors_with_the_fix() {
    let doc = Document {
        stages: vec![
            stage("alpine", Some("a"), vec![copy_from("b")]),
            stage("a", Some("b"), vec![]),
        ],
        ..Document::default()
    };
    let graph = StageGraph::of(&doc);
    let err = graph.plan(&[]).expect_err("a circle");
    assert!(
        matches!(&err, GraphError::Cycle { cycle } if cycle == "a -> b -> a" || cycle == "b -> a -> b"),
        "{err}"
    );
    let graph = StageGraph::of(&many_stages());
    let err = graph.plan(&["nope".into()]).expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "--target nope: the file has no such stage; its stages are base, tools, deps, build, lint, app"
    );
    assert_eq!(
        StageGraph::of(&Document::default())
            .plan(&[])
            .expect_err("empty"),
        GraphError::NoStages
    );
}
