//! Checks and parses instruction arguments a recipe passes: one-line values,
//! COPY/ADD paths, ports, durations, RUN network and security modes.

use dockerfile::{ExecOrShell, NetworkMode, SecurityMode};

use crate::error::DslError;
use crate::location::Location;
use crate::recipe::check_single_line;

fn bad(what: &str, value: &str, problem: &str, at: &Location) -> DslError {
    DslError::BadValue {
        what: what.to_owned(),
        value: value.to_owned(),
        problem: problem.to_owned(),
        at: at.clone(),
    }
}

/// Rejects a line break in a value a one-line instruction holds.
pub fn check_line(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
    check_single_line(what, value, at)
}

/// COPY/ADD sources and destination: at least one source, the destination
/// defaulting to the only source, every path on one line.
pub fn copy_paths(
    sources: Vec<String>,
    dest: Option<String>,
    what: &str,
    at: &Location,
) -> Result<(Vec<String>, String), DslError> {
    if sources.is_empty() {
        return Err(bad(what, "", "needs at least one source", at));
    }
    for source in &sources {
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
pub fn exec_or_shell(
    argv: Vec<String>,
    shell: bool,
    what: &str,
    at: &Location,
) -> Result<ExecOrShell, DslError> {
    if shell {
        let line = argv.join(" ");
        check_single_line(what, &line, at)?;
        return Ok(ExecOrShell::Shell(line));
    }
    Ok(ExecOrShell::Exec(argv))
}

/// True for `80`, `8080/tcp`, `53/udp`, `8000-8010` or a `$VARIABLE`.
fn is_port(value: &str) -> bool {
    let (ports, proto) = value.split_once('/').unwrap_or((value, "tcp"));
    let numbers = ports
        .split_once('-')
        .map_or(vec![ports], |(a, b)| vec![a, b]);
    value.starts_with('$')
        || matches!(proto, "tcp" | "udp" | "sctp")
            && numbers
                .iter()
                .all(|n| n.parse::<u16>().is_ok_and(|p| p > 0))
}

/// Checks `EXPOSE` ports.
pub fn check_ports(ports: &[String], at: &Location) -> Result<(), DslError> {
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
pub fn check_duration(what: &str, value: &str, at: &Location) -> Result<(), DslError> {
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
    match value {
        "default" => Ok(NetworkMode::Default),
        "none" => Ok(NetworkMode::None),
        "host" => Ok(NetworkMode::Host),
        _ => Err(bad(
            "network=",
            value,
            "must be \"default\", \"none\" or \"host\"",
            at,
        )),
    }
}

/// `RUN --security=`: sandbox or insecure.
pub fn security_mode(value: &str, at: &Location) -> Result<SecurityMode, DslError> {
    match value {
        "sandbox" => Ok(SecurityMode::Sandbox),
        "insecure" => Ok(SecurityMode::Insecure),
        _ => Err(bad(
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
        for bad in ["0", "http", "80/icmp", "70000", ""] {
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
