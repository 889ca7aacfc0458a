//! Docker's build checks that read how the text spells instructions
//! (K007-K014, and K006's variables), on parsed Dockerfile text: a flagged and a clean case each.
//! The lines are those `docker buildx build --call=check` reports for the
//! same text (tests/lint/test_lint_checks.py compares with the engine).

/// `(line, message)` of every finding of rule `code` in Dockerfile `text`.
fn findings(code: &str, text: &str) -> Vec<(usize, String)> {
    let parsed = dockerfile::parse(text).expect("the test text parses");
    let options = lint::Options {
        selection: lint::Selection::new(&[code.to_owned()], &[]).expect("known code"),
        ..lint::Options::default()
    };
    lint::check_text(&parsed.document, &parsed.source_map, text, &options)
        .expect("no # check= directive to refuse")
        .into_iter()
        .map(|f| (f.line.expect("located"), f.message))
        .collect()
}

/// The lines of rule `code`'s findings in `text`.
fn lines(code: &str, text: &str) -> Vec<usize> {
    findings(code, text)
        .into_iter()
        .map(|(line, _)| line)
        .collect()
}

#[test]
fn k007_flags_as_in_another_case_than_from() {
    let text = "FROM alpine as a\nfrom alpine AS b\nFROM alpine As c\nFrom alpine as d\n";
    assert_eq!(lines("K007", text), [1, 2, 3]);
    let (_, message) = &findings("K007", text)[0];
    assert!(
        message.contains("'as' and 'FROM'") && message.ends_with("write AS"),
        "{message}"
    );
}

#[test]
fn k007_accepts_matching_case() {
    assert!(lines("K007", "FROM alpine AS a\nfrom alpine as b\nFROM alpine\n").is_empty());
}

#[test]
fn k008_flags_keywords_against_the_majority() {
    let text = "ARG v=1\narg w\nFROM alpine\nrun true\nRun true\nRUN true\nonbuild RUN x\n";
    assert_eq!(lines("K008", text), [4, 5, 7]);
    let lower = "from alpine\nrun true\nRUN true\nworkdir /\n";
    let found = findings("K008", lower);
    assert_eq!(found.len(), 1);
    assert!(found[0].1.contains("(lowercase): write run"), "{found:?}");
}

#[test]
fn k008_accepts_one_casing_and_ignores_the_preamble() {
    assert!(lines("K008", "arg v\nFROM alpine\nRUN true\n# a comment\n").is_empty());
    // a tie goes to uppercase
    assert_eq!(lines("K008", "FROM alpine\nrun true\n"), [2]);
}

#[test]
fn k009_flags_blank_lines_in_continuations_on_the_last_line() {
    let text = "FROM alpine\nRUN echo a \\\n\n    b \\\n\n    c\nEXPOSE \\\n\n80\n";
    assert_eq!(lines("K009", text), [6, 9]);
    assert!(findings("K009", text)[0].1.contains("blank line 3, 5"));
}

#[test]
fn k009_accepts_comments_inside_continuations() {
    assert!(lines(
        "K009",
        "FROM alpine\nRUN echo a \\\n# note\n    b\n\nRUN c\n"
    )
    .is_empty());
}

#[test]
fn k010_flags_legacy_env_and_label() {
    let text = "FROM alpine\nENV A 1\nLABEL b 2\nENV C=3\nlabel d=4\n";
    assert_eq!(lines("K010", text), [2, 3]);
}

#[test]
fn k010_accepts_key_value_pairs() {
    assert!(lines("K010", "FROM alpine\nENV A=1 B=\"2 3\"\nLABEL x=y\n").is_empty());
}

#[test]
fn k011_flags_maintainer() {
    assert_eq!(lines("K011", "FROM alpine\nMAINTAINER Jane <j@x>\n"), [2]);
}

#[test]
fn k011_accepts_the_authors_label() {
    assert!(lines(
        "K011",
        "FROM alpine\nLABEL org.opencontainers.image.authors=jane\n"
    )
    .is_empty());
}

#[test]
fn k012_flags_each_host_mapping() {
    let text = "FROM alpine\nEXPOSE 80:80 127.0.0.1:8080:8080 90 :91\n";
    let found = findings("K012", text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].1.contains("found '80:80': write EXPOSE 80"),
        "{found:?}"
    );
}

#[test]
fn k012_accepts_plain_ports() {
    assert!(lines("K012", "FROM alpine\nEXPOSE 80 443/tcp 53/udp\n").is_empty());
}

#[test]
fn k013_flags_uppercase_protocols() {
    let found = findings("K013", "FROM alpine\nEXPOSE 80/TCP 53/udp 54/Udp\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].1.ends_with("write 80/tcp"), "{found:?}");
}

#[test]
fn k013_accepts_lowercase_protocols() {
    assert!(lines("K013", "FROM alpine\nEXPOSE 80/tcp 53/udp 8080\n").is_empty());
}

#[test]
fn k014_flags_docker_secret_words() {
    let text = "FROM alpine\nARG DB_PASSWORD GITHUB_TOKEN=x KEY_VERSION SECRET_file\nENV API_KEY=1 Auth=2\n";
    let found = findings("K014", text);
    let names: Vec<&str> = found
        .iter()
        .map(|(_, m)| m.split('"').nth(1).expect("quoted name"))
        .collect();
    assert_eq!(
        names,
        [
            "DB_PASSWORD",
            "GITHUB_TOKEN",
            "KEY_VERSION",
            "SECRET_file",
            "API_KEY",
            "Auth"
        ]
    );
}

#[test]
fn k014_accepts_other_words_public_names_and_global_args() {
    let text =
        "ARG GLOBAL_TOKEN\nFROM alpine\nARG TOKENS MONKEY PUBLIC_KEY\nENV PASS=1 NPM_AUTHOR=x\n";
    assert!(lines("K014", text).is_empty());
}

#[test]
fn k006_expands_the_variables_the_stage_defines() {
    let env = "FROM alpine\nENV GOPATH=C:/gopath\nWORKDIR $GOPATH\n";
    assert_eq!(lines("K006", env), [3]);
    let arg = "FROM alpine\nARG DIR=app\nWORKDIR ${DIR}/src\n";
    assert_eq!(lines("K006", arg), [3]);
    let absolute = "FROM alpine\nENV HOME_DIR=/srv\nWORKDIR $HOME_DIR\nWORKDIR rel\n";
    assert!(lines("K006", absolute).is_empty());
    let unknown = "FROM alpine\nWORKDIR $FROM_THE_IMAGE\nWORKDIR rel\n";
    assert!(lines("K006", unknown).is_empty());
}
