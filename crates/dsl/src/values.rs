//! Checks and parses instruction arguments a recipe passes: one-line values,
//! COPY/ADD paths, ports, durations, RUN network and security modes.

use dockerfile::{ExecOrShell, NetworkMode, SecurityMode};

use crate::error::DslError;
use crate::location::Location;
use crate::recipe::{check_no_nul, check_single_line, check_word};

fn bad(what: &str, value: &str, problem: &str, at: &Location) -> DslError {
    DslError::BadValue {
        what: what.to_owned(),
        value: value.to_owned(),
        problem: problem.to_owned(),
        at: at.clone(),
    }
}

/// Refuses an empty value; `needs` says what to pass instead.
pub(crate) fn check_not_empty(
    what: &str,
    value: &str,
    needs: &str,
    at: &Location,
) -> Result<(), DslError> {
    if value.is_empty() {
        return Err(bad(
            what,
            value,
            &format!("is empty, which BuildKit refuses; pass {needs}"),
            at,
        ));
    }
    Ok(())
}

/// Refuses a value that ends in an escape character: written at the end of
/// a line, it would join the next instruction onto this one.
pub(crate) fn check_no_continuation(
    what: &str,
    value: &str,
    at: &Location,
) -> Result<(), DslError> {
    if value.trim_end().ends_with(['\\', '`']) {
        return Err(bad(
            what,
            value,
            "ends in an escape character, which would join the next line onto this instruction; drop it",
            at,
        ));
    }
    Ok(())
}

/// A value printed as one bare word (USER, STOPSIGNAL, COPY flags, FROM):
/// one line, no white space, quotes or backslashes, every `${` finished,
/// no leading `--`.
pub(crate) fn check_bare_word(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    check_word(what, value, at)?;
    if value.starts_with("--") {
        return Err(bad(
            what,
            value,
            "starts with --, which BuildKit reads as an instruction flag; pass the value without the dashes",
            at,
        ));
    }
    if value.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | '`')) {
        return Err(bad(
            what,
            value,
            "contains white space, a quote or a backslash, which BuildKit would split or strip here; pass one plain word",
            at,
        ));
    }
    Ok(())
}

/// A COPY/ADD flag value (`--chown=`, `--from=`...): a bare word, not empty.
pub(crate) fn check_flag_value(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    check_not_empty(what, value, "a value, or leave the option out", at)?;
    check_bare_word(what, value, at)
}

/// A shell or ARG variable name: a letter or `_`, then letters, digits and
/// `_` (the names BuildKit's lexer and a POSIX shell expand).
pub(crate) fn check_variable_name(what: &str, name: &str, at: &Location) -> Result<(), DslError> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(bad(
            what,
            name,
            "is not a variable name; use letters, digits and _, not starting with a digit",
            at,
        ));
    }
    Ok(())
}

/// A stage name as BuildKit accepts it: a letter, then letters, digits,
/// `-`, `_` and `.` (BuildKit compares names in lower case).
pub(crate) fn check_stage_name(name: &str, at: &Location) -> Result<(), DslError> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        return Err(bad(
            "stage name",
            name,
            "is not a name BuildKit accepts; start with a letter and use letters, digits, '-', '_' and '.', e.g. \"build-1\"",
            at,
        ));
    }
    Ok(())
}

/// An octal mode given as a number (`0o755`): not negative.
pub fn mode_number(mode: i64, at: &Location) -> Result<String, DslError> {
    if mode < 0 {
        return Err(bad(
            "mode",
            &mode.to_string(),
            "is negative; pass an octal mode like 0o755",
            at,
        ));
    }
    Ok(format!("{mode:o}"))
}

/// Refuses text BuildKit would read as the start of a heredoc: a word
/// `<<NAME` or `<<-NAME` (any non-empty NAME, quoted or not; `<<<` is a
/// here-string); it would take the following lines of the file as its body.
pub(crate) fn check_no_heredoc(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    let starts_heredoc = value.split_whitespace().any(|word| {
        word.strip_prefix("<<")
            .filter(|rest| !rest.starts_with('<'))
            .map(|rest| rest.strip_prefix('-').unwrap_or(rest))
            .is_some_and(|name| !name.is_empty())
    });
    if starts_heredoc {
        return Err(bad(
            what,
            value,
            "contains `<<NAME`, which BuildKit reads as a heredoc that swallows the lines after it; pass a multi-line script as run()'s only argument instead",
            at,
        ));
    }
    Ok(())
}

/// COPY/ADD sources and destination: at least one source, the destination
/// defaulting to the only source, every path on one line.
pub(crate) fn copy_paths(
    sources: Vec<String>,
    dest: Option<String>,
    what: &str,
    at: &Location,
) -> Result<(Vec<String>, String), DslError> {
    if sources.is_empty() {
        return Err(bad(what, "", "needs at least one source", at));
    }
    for source in &sources {
        check_not_empty(&format!("{what} source"), source, "a path", at)?;
        check_single_line(&format!("{what} source"), source, at)?;
    }
    let dest = match (dest.filter(|d| !d.is_empty()), sources.as_slice()) {
        (Some(dest), _) => dest,
        (None, [only]) => only.clone(),
        (None, _) => {
            return Err(bad(
                what,
                &sources.join(" "),
                "has several sources, so it needs a destination directory, e.g. \"/app/\"",
                at,
            ));
        }
    };
    check_single_line(&format!("{what} destination"), &dest, at)?;
    Ok((sources, dest))
}

/// The exec (JSON) form of `argv`, or with `shell` its words joined as one
/// shell line.
pub(crate) fn exec_or_shell(
    argv: Vec<String>,
    shell: bool,
    what: &str,
    at: &Location,
) -> Result<ExecOrShell, DslError> {
    if shell {
        let line = argv.join(" ");
        check_single_line(what, &line, at)?;
        check_no_continuation(what, &line, at)?;
        return Ok(ExecOrShell::Shell(line));
    }
    for word in &argv {
        check_no_nul(what, word, at)?;
    }
    Ok(ExecOrShell::Exec(argv))
}

/// True for `80`, `8080/tcp`, `53/udp`, `8000-8010` or a `$VARIABLE`.
fn is_port(value: &str) -> bool {
    let (ports, proto) = value.split_once('/').unwrap_or((value, "tcp"));
    let numbers = ports
        .split_once('-')
        .map_or(vec![ports], |(a, b)| vec![a, b]);
    let variable = value.starts_with('$')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '$' | '{' | '}' | '_' | '/' | '-'))
        && dockerfile::quote::unfinished_expansion(value).is_none();
    variable
        || matches!(proto, "tcp" | "udp" | "sctp")
            && numbers
                .iter()
                .all(|n| n.parse::<u16>().is_ok_and(|p| p > 0))
}

/// Checks `EXPOSE` ports.
pub(crate) fn check_ports(ports: &[String], at: &Location) -> Result<(), DslError> {
    match ports.iter().find(|p| !is_port(p)) {
        Some(port) => Err(bad(
            "expose()",
            port,
            "is not a port; pass ports like 80, \"8080/tcp\" or \"53/udp\"",
            at,
        )),
        None => Ok(()),
    }
}

/// True for a Go duration as `HEALTHCHECK` takes it: `30s`, `1m30s`, `500ms`.
fn is_duration(value: &str) -> bool {
    let mut rest = value;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        match ["ns", "us", "µs", "ms", "h", "m", "s"]
            .iter()
            .find(|u| rest.starts_with(**u))
        {
            Some(unit) => rest = &rest[unit.len()..],
            None => return false,
        }
    }
    true
}

/// Checks a `HEALTHCHECK` duration option.
pub(crate) fn check_duration(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    if is_duration(value) {
        Ok(())
    } else {
        Err(bad(
            what,
            value,
            "is not a duration like 30s, 1m30s or 500ms",
            at,
        ))
    }
}

/// `RUN --network=`: default, none or host.
pub fn network_mode(value: &str, at: &Location) -> Result<NetworkMode, DslError> {
    match NetworkMode::from_name(value) {
        Some(mode) => Ok(mode),
        None => Err(bad(
            "network=",
            value,
            "must be \"default\", \"none\" or \"host\"",
            at,
        )),
    }
}

/// `RUN --security=`: sandbox or insecure.
pub fn security_mode(value: &str, at: &Location) -> Result<SecurityMode, DslError> {
    match SecurityMode::from_name(value) {
        Some(mode) => Ok(mode),
        None => Err(bad(
            "security=",
            value,
            "must be \"sandbox\" or \"insecure\"",
            at,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_durations() {
        for good in ["80", "8080/tcp", "53/udp", "8000-8010", "$PORT"] {
            assert!(is_port(good), "{good}");
        }
        for bad in ["0", "http", "80/icmp", "70000", "", "$\n<<", "${P", "$P 1"] {
            assert!(!is_port(bad), "{bad}");
        }
        for good in ["30s", "1m30s", "500ms", "1.5h"] {
            assert!(is_duration(good), "{good}");
        }
        for bad in ["", "30", "s", "1x"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn copy_paths_default_and_refuse() {
        let at = Location::new("r.py", 2);
        assert_eq!(
            copy_paths(vec!["a".into()], None, "copy()", &at),
            Ok((vec!["a".into()], "a".into()))
        );
        let err =
            copy_paths(vec!["a".into(), "b".into()], None, "copy()", &at).expect_err("no dest");
        assert!(
            err.to_string().contains("needs a destination directory"),
            "{err}"
        );
        assert!(copy_paths(vec![], Some("/d".into()), "copy()", &at).is_err());
        assert!(copy_paths(vec!["a\nb".into()], Some("/d".into()), "copy()", &at).is_err());
    }
}
