//! "Did you mean" suggestions as BuildKit makes them (`util/suggest`): the
//! first option within an edit distance below 3, closer ones winning.

/// The option nearest to `name`, if one is within an edit distance of 2.
pub(crate) fn closest<'a>(
    name: &str,
    options: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best = None;
    let mut best_distance = 3;
    for option in options {
        let distance = strsim::levenshtein(name, option);
        if distance < best_distance {
            best = Some(option);
            best_distance = distance;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_nearest_option_wins() {
        assert_eq!(closest("PATHH", ["PATH", "A"]), Some("PATH"));
        assert_eq!(closest("1", ["PATH", "A", "B"]), Some("A"));
        assert_eq!(closest("NOPE", ["PATH", "LONGER"]), None);
    }
}
