//! ## What it does
//! Flags an `EXPOSE` port that names an IP address or a host port
//! (`80:80`, `127.0.0.1:8080:80`), as Docker's build check
//! `ExposeInvalidFormat` does; one finding per such port.
//!
//! ## Why is this bad?
//! `EXPOSE` only documents the container's port: the image cannot choose the
//! host's address or port, so the extra parts are ignored, and Docker has
//! announced that they will become an error.
//!
//! ## Example
//! ```dockerfile
//! EXPOSE 8080:80
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! EXPOSE 80
//! ```

use crate::checker::Checker;
use crate::ports::PortSpec;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, raw) in checker.exposed_ports() {
        let port = PortSpec::parse(raw);
        if port.ip.is_empty() && port.host_port.is_empty() {
            continue;
        }
        out.push(
            Finding::new(
                rule,
                id,
                format!(
                    "EXPOSE instruction should not define an IP address or host-port mapping, found '{raw}': write EXPOSE {}",
                    port.container
                ),
            )
            .at(raw),
        );
    }
}
