//! Secret content reaching a layer or the image's metadata.

pub(crate) mod credential_named_arg_or_env;
pub(crate) mod credential_shaped_literal;
pub(crate) mod secret_passed_to_persisting_command;
pub(crate) mod secret_written_to_file;
