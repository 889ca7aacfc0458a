//! Scanning one layer's tar stream: every file's name, link target, PAX records and contents.

use std::io::{self, Read};

use tar::EntryType;

use crate::collector::{HitCollector, LocalHits, Place};
use crate::hit::FoundIn;
use crate::patterns::PatternSet;
use crate::progress::CountingReader;
use crate::stream_search::StreamSearcher;
use crate::tar_guard::{GuardedReader, MetadataBudget};

/// What scanning a layer saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct LayerStats {
    /// Tar entries (files, directories, links).
    pub(crate) files: u64,
    /// Bytes of the uncompressed tar stream.
    pub(crate) bytes: u64,
}

/// The pieces a layer scan searches with and reports into.
pub(crate) struct LayerScanner<'s, 'p> {
    /// The automaton.
    pub(crate) patterns: &'p PatternSet,
    /// The reusable window buffer.
    pub(crate) searcher: &'s mut StreamSearcher,
    /// Where hits go.
    pub(crate) hits: &'s mut HitCollector<'p>,
}

impl LayerScanner<'_, '_> {
    /// Scans the uncompressed tar stream `reader` of the archive member `member`.
    ///
    /// The stream is read to its very end, past the tar end marker, so a compressed layer's
    /// trailer and checksum are verified.
    pub(crate) fn scan<R: Read>(&mut self, member: &str, reader: R) -> io::Result<LayerStats> {
        let budget = MetadataBudget::default();
        let mut archive =
            tar::Archive::new(GuardedReader::new(CountingReader::new(reader), &budget));
        let mut files = 0u64;
        let mut local = LocalHits::default();
        let mut entries = archive.entries()?;
        loop {
            budget.limit();
            let next = entries.next();
            budget.lift();
            let Some(entry) = next else {
                break;
            };
            let mut entry = entry?;
            files += 1;
            let name = entry.path_bytes().into_owned();
            let path = display_path(&name);
            self.search_small(&name, member, FoundIn::FileName, &path);
            if let Some(link) = entry.link_name_bytes() {
                let link = link.into_owned();
                self.search_small(&link, member, FoundIn::LinkTarget, &path);
            }
            if let Some(extensions) = entry.pax_extensions()? {
                let mut records = Vec::new();
                for extension in extensions {
                    let extension = extension?;
                    let key = extension.key_bytes();
                    if key != b"path" && key != b"linkpath" {
                        records.push((key.to_vec(), extension.value_bytes().to_vec()));
                    }
                }
                for (key, value) in records {
                    let at = format!("{path} [{}]", String::from_utf8_lossy(&key));
                    self.search_small(&value, member, FoundIn::PaxHeader, &at);
                }
            }
            let expected = entry.size();
            let sparse = entry.header().entry_type() == EntryType::GNUSparse;
            let read = self
                .searcher
                .search(self.patterns, &mut entry, |owner, offset| {
                    local.note(owner, offset)
                })?;
            if !sparse && read < expected {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("file {path} ends after {read} of its {expected} bytes"),
                ));
            }
            local.flush(
                self.hits,
                Place {
                    member,
                    found_in: FoundIn::FileContent,
                    path: &path,
                },
            );
        }
        let mut rest = archive.into_inner().into_inner();
        io::copy(&mut rest, &mut io::sink())?;
        Ok(LayerStats {
            files,
            bytes: rest.count(),
        })
    }

    fn search_small(&mut self, bytes: &[u8], member: &str, found_in: FoundIn, path: &str) {
        for (owner, offset) in self.patterns.find_in(bytes) {
            self.hits.add(
                owner,
                Place {
                    member,
                    found_in,
                    path,
                },
                offset,
                1,
            );
        }
    }
}

/// A layer path as a person reads it: `./etc/x` and `etc/x` both become `/etc/x`.
pub(crate) fn display_path(name: &[u8]) -> String {
    let text = String::from_utf8_lossy(name);
    let trimmed = text.trim_start_matches("./").trim_start_matches('/');
    format!("/{trimmed}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rooted() {
        assert_eq!(display_path(b"./etc/passwd"), "/etc/passwd");
        assert_eq!(display_path(b"etc/"), "/etc/");
        assert_eq!(display_path(b"./"), "/");
    }
}
