//! The `syntax` rules (Y001–Y004) on Dockerfile text: each flags its example
//! and leaves its clean twin alone. These rules are about how BuildKit reads
//! the text, so the files are parsed, not built as trees.

/// `(line, code)` of every finding of the `syntax` category in `text`.
fn findings(text: &str) -> Vec<(usize, &'static str, String)> {
    let parsed = dockerfile::parse(text).expect("the example parses");
    let options = lint::Options {
        selection: lint::Selection::new(&["syntax".to_owned()], &[]).expect("known category"),
        ..lint::Options::default()
    };
    lint::check_text(&parsed.document, &parsed.source_map, text, &options)
        .expect("no # check= directive to refuse")
        .into_iter()
        .map(|f| (f.line.expect("located"), f.code(), f.message))
        .collect()
}

fn codes(text: &str) -> Vec<(usize, &'static str)> {
    findings(text).into_iter().map(|(l, c, _)| (l, c)).collect()
}

#[test]
fn y001_escape_after_a_comment_or_blank_line_or_instruction() {
    let after_comment = "# Windows image\n# escape=`\nFROM alpine\nENV P=C:\\app\n";
    assert_eq!(codes(after_comment), [(2, "Y001")]);
    let after_blank = "\n# escape=`\nFROM alpine\n";
    assert_eq!(codes(after_blank), [(2, "Y001")]);
    let in_stage = "FROM alpine\n#escape=`\nRUN true\n";
    assert_eq!(codes(in_stage), [(2, "Y001")]);
    let (_, _, message) = &findings(after_comment)[0];
    assert!(message.contains("move it to the first line"), "{message}");
}

#[test]
fn y001_escape_in_the_leading_block_is_clean() {
    assert_eq!(codes("# escape=`\n# a comment\nFROM alpine\n"), []);
    assert_eq!(
        codes("# syntax=docker/dockerfile:1.10\n#escape=`\nFROM alpine\n"),
        []
    );
    assert_eq!(codes("FROM alpine\n# escape sequences are fun\n"), []);
}

#[test]
fn y002_syntax_and_check_outside_the_leading_block() {
    let blank_first = "\n# syntax=docker/dockerfile:1\n\nFROM alpine\n";
    assert_eq!(codes(blank_first), [(2, "Y002")]);
    let after_arg = "ARG BASE=alpine\n# syntax=docker/dockerfile:1.4\nFROM $BASE\n";
    assert_eq!(codes(after_arg), [(2, "Y002")]);
    let check_late =
        "# syntax=docker/dockerfile:1.10\n# build checks:\n# check=skip=all\nFROM alpine\n";
    assert_eq!(codes(check_late), [(3, "Y002")]);
    let (_, _, message) = &findings(blank_first)[0];
    assert!(message.contains("built-in frontend"), "{message}");
}

#[test]
fn y002_directives_in_the_leading_block_are_clean() {
    assert_eq!(
        codes("# syntax=docker/dockerfile:1.10\n# check=skip=all\n\nFROM alpine\n"),
        []
    );
    assert_eq!(codes("FROM alpine\n# the syntax is simple\n"), []);
}

#[test]
fn y003_channel_tags_float() {
    assert_eq!(
        codes("# syntax=docker/dockerfile-upstream:master\nFROM alpine\n"),
        [(1, "Y003")]
    );
    assert_eq!(
        codes("# syntax=docker/dockerfile\nFROM alpine\n"),
        [(1, "Y003")]
    );
    assert_eq!(
        codes("# syntax=docker/dockerfile:latest\nFROM alpine\n"),
        [(1, "Y003")]
    );
}

#[test]
fn y003_versions_majors_and_digests_are_pinned() {
    for pin in [
        "docker/dockerfile:1",
        "docker/dockerfile:1.19",
        "docker/dockerfile:1.7-labs",
        "docker/dockerfile@sha256:2780b5c3bab67f1f76c781860de469442999ed1a0d7992a5efdf2cffc0e3d769",
    ] {
        assert_eq!(
            codes(&format!("# syntax={pin}\nFROM alpine\n")),
            [],
            "{pin}"
        );
    }
}

#[test]
fn y004_undeclared_and_positional_variables_in_copy_heredocs() {
    let text = "FROM alpine\nARG VERSION=1\nCOPY <<EOF /etc/app.conf\nversion=$VERSION\nhome=${APP_HOME}\nEOF\nADD <<-EOT /run.sh\n\texec app \"$@\"\n\tEOT\n";
    let found = findings(text);
    assert_eq!(
        found.iter().map(|(l, c, _)| (*l, *c)).collect::<Vec<_>>(),
        [(5, "Y004"), (8, "Y004")]
    );
    assert!(found[0].2.contains("$APP_HOME") && !found[0].2.contains("$VERSION"));
    assert!(found[0].2.contains("<<'EOF'"), "{}", found[0].2);
}

#[test]
fn y004_scripts_lose_even_declared_variables() {
    let text =
        "FROM alpine\nENV PORT=8080\nCOPY <<EOF /start.sh\n#!/bin/sh\nexec app --port $PORT\nEOF\n";
    assert_eq!(codes(text), [(5, "Y004")]);
}

#[test]
fn y004_quoted_delimiters_escapes_declared_names_and_run_heredocs_are_clean() {
    for text in [
        "FROM alpine\nCOPY <<'EOF' /start.sh\n#!/bin/sh\nexec app \"$@\"\nEOF\n",
        "FROM alpine\nCOPY <<\"EOF\" /a\n$HOME\nEOF\n",
        "FROM alpine\nCOPY <<EOF /start.sh\n#!/bin/sh\nexec app \"\\$@\" $(date)\nEOF\n",
        "FROM alpine\nARG VERSION\nENV NAME=x\nCOPY <<EOF /etc/app.conf\n$VERSION ${NAME:-y}\nEOF\n",
        "FROM alpine AS base\nENV NAME=x\nFROM base\nCOPY <<EOF /a\n$NAME\nEOF\n",
        "FROM alpine\nRUN <<EOF\necho $HOME \"$@\"\nEOF\n",
        "# escape=`\nFROM alpine\nCOPY <<EOF /a\n`$HOME\nEOF\n",
    ] {
        assert_eq!(codes(text), [], "{text}");
    }
}

#[test]
fn y005_unknown_keywords_fail_the_build() {
    let typo = "FROM alpine\nCOPPY app /app\n";
    assert_eq!(codes(typo), [(2, "Y005")]);
    let (_, _, message) = &findings(typo)[0];
    assert!(message.contains("did you mean COPY?"), "{message}");
    let template = "FROM alpine\n{{ if .debug }}\nRUN true\n{{ end }}\nan ordinary sentence\n";
    assert_eq!(
        codes(template),
        [(2, "Y005")],
        "once a file, as BuildKit stops there"
    );
    let (_, _, message) = &findings(template)[0];
    assert!(message.contains("(and 2 more lines)"), "{message}");
    assert!(message.contains("fill in the template"), "{message}");
    let (_, _, message) = &findings("FROM alpine\nan a\n")[0];
    assert!(
        !message.contains("did you mean"),
        "no ADD for `an`: {message}"
    );
}

#[test]
fn y005_every_instruction_in_any_case_is_known() {
    let text = "ARG A=1\nfrom alpine\nRun true\nADD a b\nCMD x\nCOPY a b\nENTRYPOINT x\n\
                ENV A=1\nEXPOSE 80\nHEALTHCHECK NONE\nLABEL a=b\nMAINTAINER me\n\
                ONBUILD RUN x\nSHELL [\"sh\"]\nSTOPSIGNAL 9\nUSER u\nVOLUME /v\nWORKDIR /w\n";
    assert_eq!(codes(text), []);
}
