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

use dockerfile::{Instruction, InstructionId};

use crate::checker::Checker;
use crate::ports::PortSpec;
use crate::{Finding, Rule};

pub(crate) fn check(rule: &'static Rule, checker: &Checker<'_>, out: &mut Vec<Finding>) {
    for (stage, body) in checker.document.stages.iter().map(|s| &s.body).enumerate() {
        for (index, instruction) in body.iter().enumerate() {
            let Instruction::Expose(ports) = instruction else {
                continue;
            };
            for raw in ports {
                let Some(protocol) = PortSpec::parse(raw).protocol() else {
                    continue;
                };
                if protocol != protocol.to_lowercase() {
                    out.push(
                        Finding::new(
                            rule,
                            InstructionId::Body { stage, index },
                            format!(
                                "Defined protocol '{raw}' in EXPOSE instruction should be lowercase: write {}",
                                raw.replace(protocol, &protocol.to_lowercase())
                            ),
                        )
                        .at(raw.as_str()),
                    );
                }
            }
        }
    }
}
