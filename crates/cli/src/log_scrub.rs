//! The build-log scrubber for the secrets a build is given.

use engine::LogScrubber;

use engine::SecretArg;

/// A scrubber for every supplied secret's value and encodings, plus a
/// warning for each secret it cannot cover (unreadable, or too short to
/// redact without blanking ordinary output).
pub(crate) fn scrubber_for(secrets: &[SecretArg]) -> (LogScrubber, Vec<String>) {
    let mut patterns = Vec::new();
    let mut warnings = Vec::new();
    for arg in secrets {
        let secret = arg
            .read_bytes()
            .map_err(|e| e.to_string())
            .and_then(|bytes| scan::Secret::new(arg.id.clone(), &bytes).map_err(|e| e.to_string()));
        match secret {
            Ok(secret) => patterns.extend(secret.patterns()),
            Err(reason) => warnings.push(format!(
                "secret '{}' is not scrubbed from the build log: {reason}",
                arg.id
            )),
        }
    }
    (LogScrubber::new(patterns), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_secrets_are_covered_and_short_ones_warn() {
        let dir = tempfile::tempdir().expect("tempdir");
        let long = dir.path().join("long");
        let short = dir.path().join("short");
        std::fs::write(&long, "s3cr3t-value\n").expect("write");
        std::fs::write(&short, "abc").expect("write");
        let args: Vec<SecretArg> = [&long, &short]
            .iter()
            .zip(["long", "short"])
            .map(|(path, id)| {
                format!("id={id},src={}", path.display())
                    .parse()
                    .expect("valid")
            })
            .collect();
        let (scrubber, warnings) = scrubber_for(&args);
        assert!(scrubber.is_active());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with("secret 'short' is not scrubbed from the build log"));
        let mut out = Vec::new();
        scrubber
            .copy(
                &b"value: s3cr3t-value, hex: 7333637233742d76616c7565!"[..],
                &mut out,
            )
            .expect("in memory");
        assert_eq!(String::from_utf8_lossy(&out), "value: ***, hex: ***!");
    }
}
