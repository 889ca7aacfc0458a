//! Docker's build checks (`docker buildx build --call=check`), under their
//! own names, with the same triggers and lines.

pub(crate) mod consistent_instruction_casing;
pub(crate) mod copy_ignored_file;
pub(crate) mod duplicate_stage_name;
pub(crate) mod expose_invalid_format;
pub(crate) mod expose_proto_casing;
pub(crate) mod from_as_casing;
pub(crate) mod from_platform_flag_const_disallowed;
pub(crate) mod invalid_base_image_platform;
pub(crate) mod invalid_default_arg_in_from;
pub(crate) mod invalid_definition_description;
pub(crate) mod json_args_recommended;
pub(crate) mod legacy_key_value_format;
pub(crate) mod maintainer_deprecated;
pub(crate) mod multiple_instructions_disallowed;
pub(crate) mod no_empty_continuation;
pub(crate) mod redundant_target_platform;
pub(crate) mod reserved_stage_name;
pub(crate) mod secrets_used_in_arg_or_env;
pub(crate) mod stage_name_casing;
pub(crate) mod undefined_arg_in_from;
pub(crate) mod undefined_var;
pub(crate) mod workdir_relative_path;

/// The casing of a keyword that is written all in one case, as BuildKit's
/// casing checks tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Casing {
    /// All lowercase (`run`).
    Lower,
    /// All uppercase (`RUN`).
    Upper,
}

impl Casing {
    /// The casing of `word`; `None` when it mixes cases (`Run`).
    pub(crate) fn of(word: &str) -> Option<Self> {
        if word == word.to_lowercase() {
            Some(Casing::Lower)
        } else if word == word.to_uppercase() {
            Some(Casing::Upper)
        } else {
            None
        }
    }

    /// `word` written in this casing.
    pub(crate) fn apply(self, word: &str) -> String {
        match self {
            Casing::Lower => word.to_lowercase(),
            Casing::Upper => word.to_uppercase(),
        }
    }

    /// `lowercase` or `uppercase`, as Docker's messages say.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Casing::Lower => "lowercase",
            Casing::Upper => "uppercase",
        }
    }
}
