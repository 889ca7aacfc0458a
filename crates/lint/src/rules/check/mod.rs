//! Docker's build checks (`docker buildx build --call=check`), under their
//! own names, with the same triggers and lines.

pub(crate) mod duplicate_stage_name;
pub(crate) mod json_args_recommended;
pub(crate) mod multiple_instructions_disallowed;
pub(crate) mod reserved_stage_name;
pub(crate) mod stage_name_casing;
pub(crate) mod workdir_relative_path;
