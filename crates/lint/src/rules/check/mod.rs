//! Docker's build checks (`docker buildx build --call=check`), under their
//! own names, with the same triggers and lines.

pub(crate) mod copy_ignored_file;
pub(crate) mod duplicate_stage_name;
pub(crate) mod from_platform_flag_const_disallowed;
pub(crate) mod invalid_default_arg_in_from;
pub(crate) mod invalid_definition_description;
pub(crate) mod json_args_recommended;
pub(crate) mod multiple_instructions_disallowed;
pub(crate) mod redundant_target_platform;
pub(crate) mod reserved_stage_name;
pub(crate) mod stage_name_casing;
pub(crate) mod undefined_arg_in_from;
pub(crate) mod undefined_var;
pub(crate) mod workdir_relative_path;
