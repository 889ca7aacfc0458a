//! ## What it does
//! Flags an `EXPOSE` port whose protocol is not lowercase (`80/TCP`), as
//! Docker's build check `ExposeProtoCasing` does; one finding per such port.
//!
//! ## Why is this bad?
//! The image records the protocol as written, and tools that compare it
//! with `tcp` or `udp` do not match `TCP`.
//!
//! ## Example
//! ```dockerfile
//! EXPOSE 53/UDP
//! ```
//!
//! ## Use instead
//! ```dockerfile
//! EXPOSE 53/udp
//! ```

use crate::checker::Checker;
use crate::ports::PortSpec;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (id, raw) in checker.exposed_ports() {
        let Some(protocol) = PortSpec::parse(raw).protocol() else {
            continue;
        };
        let lower = protocol.to_lowercase();
        if protocol != lower {
            out.push(
                Finding::new(
                    rule,
                    id,
                    format!(
                        "Defined protocol '{raw}' in EXPOSE instruction should be lowercase: write {}",
                        raw.replace(protocol, &lower)
                    ),
                )
                .at(raw),
            );
        }
    }
}
