//! Cache mounts that cannot work as written.

pub(crate) mod apt_cache_not_locked;
pub(crate) mod apt_cache_with_docker_clean;
pub(crate) mod cache_mount_outside_tool_home;
pub(crate) mod layer_expects_cache_mount_content;
pub(crate) mod no_cache_flag_under_cache_mount;
pub(crate) mod rm_of_cache_mount;
