//! `EXPOSE` port specifications, `[ip:][host-port:]port[/protocol]`, split
//! the way BuildKit splits them.

/// One `EXPOSE` word, split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PortSpec<'a> {
    /// The IP address part (`127.0.0.1` of `127.0.0.1:80:80`), possibly empty.
    pub ip: &'a str,
    /// The host port part (the first `80` of `80:80`), possibly empty.
    pub host_port: &'a str,
    /// The container port with its protocol (`80/tcp`).
    pub container: &'a str,
}

impl<'a> PortSpec<'a> {
    /// Splits `raw` at its colons: the last part is the container port, the
    /// one before it the host port, and everything before that the IP.
    pub fn parse(raw: &'a str) -> Self {
        let (rest, container) = raw.rsplit_once(':').unwrap_or(("", raw));
        let (ip, host_port) = match raw.matches(':').count() {
            0 | 1 => ("", rest),
            _ => rest.rsplit_once(':').unwrap_or(("", rest)),
        };
        Self {
            ip,
            host_port,
            container,
        }
    }

    /// The protocol after `/` (`tcp` of `80/tcp`), if written.
    pub fn protocol(&self) -> Option<&'a str> {
        self.container.split('/').nth(1)
    }
}

#[cfg(test)]
mod tests {
    use super::PortSpec;

    #[test]
    fn splits_like_buildkit() {
        let split = |raw| {
            let p = PortSpec::parse(raw);
            (p.ip, p.host_port, p.container)
        };
        assert_eq!(split("80"), ("", "", "80"));
        assert_eq!(split("80:81"), ("", "80", "81"));
        assert_eq!(split(":81"), ("", "", "81"));
        assert_eq!(split("127.0.0.1:80:81/udp"), ("127.0.0.1", "80", "81/udp"));
        assert_eq!(split("::1:80:81"), ("::1", "80", "81"));
        assert_eq!(PortSpec::parse("80/TCP").protocol(), Some("TCP"));
        assert_eq!(PortSpec::parse("80").protocol(), None);
    }
}
