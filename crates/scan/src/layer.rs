//! Scanning one layer's tar stream: every file's name, link target, PAX records and contents,
//! and, recursively, the files inside the archives and compressed streams a layer holds.

use std::cell::Cell;
use std::fmt;
use std::io::{self, Read};

use tar::EntryType;

use crate::collector::{HitCollector, LocalHits, Place};
use crate::compression::{looks_like_tar, looks_like_zip, peek, Compression, SNIFF_LEN};
use crate::hit::FoundIn;
use crate::patterns::{Owner, PatternSet};
use crate::progress::CountingReader;
use crate::report::human_bytes;
use crate::stream_search::{SearchingReader, StreamSearcher};
use crate::tar_guard::{GuardedReader, MetadataBudget};

/// How far verify opens the archives and compressed streams inside layer files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How many archives and compressed streams deep a layer file is opened (`x.tar.gz` is
    /// two: the gzip stream and the tar inside it). 0 searches layer files as bytes only.
    pub nesting: usize,
    /// The most bytes expanded (decompressed or extracted) from one layer file and
    /// everything nested in it.
    pub expanded: u64,
}

impl Default for Limits {
    /// 8 levels, 4 GiB per layer file.
    fn default() -> Self {
        Self {
            nesting: 8,
            expanded: 4 << 30,
        }
    }
}

/// The most notes kept per layer; further ones are counted.
const MAX_NOTES: usize = 100;

/// What scanning a layer saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LayerStats {
    /// Tar entries (files, directories, links) of the layer itself.
    pub(crate) files: u64,
    /// Bytes of the uncompressed tar stream.
    pub(crate) bytes: u64,
    /// Nested content that could not be searched completely, one line each.
    pub(crate) notes: Vec<String>,
}

/// The pieces a layer scan searches with and reports into.
pub(crate) struct LayerScanner<'s, 'p> {
    /// The automaton.
    pub(crate) patterns: &'p PatternSet,
    /// The reusable window buffer.
    pub(crate) searcher: &'s mut StreamSearcher,
    /// Where hits go.
    pub(crate) hits: &'s mut HitCollector<'p>,
    /// How far nested archives are opened.
    pub(crate) limits: Limits,
}

/// A file format that holds further files or bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Compressed(Compression),
    Tar,
    Zip,
}

impl Container {
    fn sniff(head: &[u8]) -> Option<Self> {
        match Compression::sniff(head) {
            Compression::None if looks_like_tar(head) && head.len() >= 512 => Some(Self::Tar),
            Compression::None if looks_like_zip(head) => Some(Self::Zip),
            Compression::None => None,
            compressed => Some(Self::Compressed(compressed)),
        }
    }
}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compressed(c) => write!(f, "{c} stream"),
            Self::Tar => f.write_str("tar archive"),
            Self::Zip => f.write_str("zip archive"),
        }
    }
}

/// The notes of a walk through one layer, and which secrets (and encodings) the contents of
/// the container being opened held.
#[derive(Debug, Default)]
struct Walk {
    notes: Vec<String>,
    more_notes: usize,
    seen: Vec<Owner>,
}

impl Walk {
    fn note(&mut self, note: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(note);
        } else {
            self.more_notes += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.more_notes > 0 {
            self.notes
                .push(format!("... and {} more such notes", self.more_notes));
        }
        self.notes
    }
}

/// The error that stops an expansion at [`Limits::expanded`].
#[derive(Debug)]
struct ExpansionBound {
    limit: u64,
}

impl fmt::Display for ExpansionBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "it expands to more than {}, the bound per layer file; only the bytes before the \
             bound were searched inside it",
            human_bytes(self.limit)
        )
    }
}

impl std::error::Error for ExpansionBound {}

/// Where a walk is: the layer member, how many archives deep, and the expansion budget of
/// the layer file being opened.
#[derive(Clone, Copy)]
struct Depth<'a> {
    member: &'a str,
    level: usize,
    expanded: &'a Cell<u64>,
}

/// A reader of expanded bytes that counts them against the layer file's budget.
struct Expanding<'w, R> {
    inner: R,
    expanded: &'w Cell<u64>,
    limit: u64,
}

impl<R: Read> Read for Expanding<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.expanded.get() + n as u64;
        if total > self.limit {
            return Err(io::Error::other(ExpansionBound { limit: self.limit }));
        }
        self.expanded.set(total);
        Ok(n)
    }
}

impl LayerScanner<'_, '_> {
    /// Scans the uncompressed tar stream `reader` of the archive member `member`.
    ///
    /// The stream is read to its very end, past the tar end marker, so a compressed layer's
    /// trailer and checksum are verified.
    pub(crate) fn scan<R: Read>(&mut self, member: &str, reader: R) -> io::Result<LayerStats> {
        let mut counted = CountingReader::new(reader);
        let mut walk = Walk::default();
        let unused = Cell::new(0);
        let top = Depth {
            member,
            level: 0,
            expanded: &unused,
        };
        let files = self.scan_entries(top, &mut counted, "", &mut walk)?;
        io::copy(&mut counted, &mut io::sink())?;
        Ok(LayerStats {
            files,
            bytes: counted.count(),
            notes: walk.finish(),
        })
    }

    /// Walks a tar stream's entries; their paths are `prefix` followed by the entry's path.
    /// Each file of the layer itself gets an expansion budget of its own.
    fn scan_entries(
        &mut self,
        at: Depth<'_>,
        reader: &mut dyn Read,
        prefix: &str,
        walk: &mut Walk,
    ) -> io::Result<u64> {
        let member = at.member;
        let budget = MetadataBudget::default();
        let mut archive = tar::Archive::new(GuardedReader::new(reader, &budget));
        let mut files = 0u64;
        let mut entries = archive.entries()?;
        while let Some(entry) = budget.capped(|| entries.next()) {
            let mut entry = entry?;
            files += 1;
            let path = format!("{prefix}{}", display_path(&entry.path_bytes()));
            self.search_path(member, &path, prefix.len());
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
            let fresh = Cell::new(0);
            let here = Depth {
                expanded: if at.level == 0 { &fresh } else { at.expanded },
                ..at
            };
            let expected = entry.size();
            let sparse = entry.header().entry_type() == EntryType::GNUSparse;
            let read = self.scan_content(here, &mut entry, &path, walk)?;
            if !sparse && read < expected {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("file {path} ends after {read} of its {expected} bytes"),
                ));
            }
        }
        Ok(files)
    }

    /// Searches a file's bytes and, when they are an archive or a compressed stream, the
    /// files or bytes inside. Returns the bytes read; an error is one of `reader` itself.
    fn scan_content(
        &mut self,
        at: Depth<'_>,
        reader: &mut dyn Read,
        path: &str,
        walk: &mut Walk,
    ) -> io::Result<u64> {
        let mut peeked = peek(reader, SNIFF_LEN)?;
        let place = Place {
            member: at.member,
            found_in: FoundIn::FileContent,
            path,
        };
        let container = Container::sniff(&peeked.head);
        let container = match container {
            Some(c) if at.level >= self.limits.nesting => {
                walk.note(format!(
                    "{path}: a {c} nested more than {} deep was searched as raw bytes only",
                    self.limits.nesting
                ));
                None
            }
            other => other,
        };
        let Some(container) = container else {
            let mut local = LocalHits::default();
            let read =
                self.searcher
                    .search(self.patterns, &mut peeked.reader, |owner, offset| {
                        local.note(owner, offset)
                    })?;
            local.flush_noting(self.hits, place, &mut walk.seen);
            return Ok(read);
        };
        let mut counted = CountingReader::new(&mut peeked.reader);
        let mut raw = SearchingReader::new(&mut counted, self.patterns);
        let seen_outside = std::mem::take(&mut walk.seen);
        let deeper = Depth {
            level: at.level + 1,
            ..at
        };
        let inside = self.expand(deeper, &mut raw, container, path, walk);
        let mut raw_hits = raw.finish()?;
        // A secret found inside is reported there, not again as bytes of the container.
        raw_hits.forget(&walk.seen);
        for owner in seen_outside {
            if !walk.seen.contains(&owner) {
                walk.seen.push(owner);
            }
        }
        match inside {
            Ok(()) => raw_hits.flush_noting(self.hits, place, &mut walk.seen),
            Err(e) => {
                let bound = e.get_ref().and_then(|r| r.downcast_ref::<ExpansionBound>());
                let why = match bound {
                    Some(bound) => bound.to_string(),
                    None => format!("it could not be read completely as a {container} ({e})"),
                };
                walk.note(format!("{path}: {why}; its raw bytes were searched"));
                raw_hits.flush_noting(self.hits, place, &mut walk.seen);
            }
        }
        Ok(counted.count())
    }

    /// Opens a container and scans what it holds.
    fn expand(
        &mut self,
        at: Depth<'_>,
        reader: &mut dyn Read,
        container: Container,
        path: &str,
        walk: &mut Walk,
    ) -> io::Result<()> {
        let prefix = path_prefix(path);
        match container {
            Container::Compressed(compression) => {
                let mut decoded = Expanding {
                    inner: compression.decoder(reader)?,
                    expanded: at.expanded,
                    limit: self.limits.expanded,
                };
                self.scan_content(at, &mut decoded, &prefix, walk)
                    .map(|_| ())
            }
            Container::Tar => self.scan_entries(at, reader, &prefix, walk).map(|_| ()),
            Container::Zip => self.expand_zip(at, reader, &prefix, walk),
        }
    }

    /// Copies a zip archive to an anonymous temporary file (zip's directory is at its end)
    /// and scans each entry's name and contents; entry paths start with `prefix`.
    fn expand_zip(
        &mut self,
        at: Depth<'_>,
        reader: &mut dyn Read,
        prefix: &str,
        walk: &mut Walk,
    ) -> io::Result<()> {
        let mut spool = tempfile::tempfile()?;
        let mut spooled = Expanding {
            inner: reader,
            expanded: at.expanded,
            limit: self.limits.expanded,
        };
        io::copy(&mut spooled, &mut spool)?;
        let mut archive = zip::ZipArchive::new(spool).map_err(io::Error::other)?;
        for index in 0..archive.len() {
            let mut file = match archive.by_index(index) {
                Ok(file) => file,
                Err(e) => {
                    walk.note(format!("{prefix}: zip entry {index} not searched: {e}"));
                    continue;
                }
            };
            let inner = format!("{prefix}{}", display_path(file.name_raw()));
            self.search_path(at.member, &inner, prefix.len());
            if file.is_dir() {
                continue;
            }
            let mut entry = Expanding {
                inner: &mut file,
                expanded: at.expanded,
                limit: self.limits.expanded,
            };
            if let Err(e) = self.scan_content(at, &mut entry, &inner, walk) {
                walk.note(format!("{inner}: could not be read completely ({e})"));
            }
        }
        Ok(())
    }

    /// Searches a displayed path; offsets count from its start, but only the part after
    /// `skip` (the enclosing archive's path, already searched) is searched.
    fn search_path(&mut self, member: &str, path: &str, skip: usize) {
        let own = path.as_bytes().get(skip..).unwrap_or_default();
        for (owner, offset) in self.patterns.find_in(own) {
            self.hits.add(
                owner,
                Place {
                    member,
                    found_in: FoundIn::FileName,
                    path,
                },
                offset + skip as u64,
                1,
            );
        }
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

/// The prefix of the paths inside an archive or compressed stream at `path`:
/// `/app/x.jar` → `/app/x.jar!`; the decompressed content of `/a.tgz` is `/a.tgz!`, and the
/// files of the tar inside it are `/a.tgz!/...`.
fn path_prefix(path: &str) -> String {
    if path.ends_with('!') {
        path.to_owned()
    } else {
        format!("{path}!")
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

    #[test]
    fn containers_are_recognised_by_their_first_bytes() {
        assert_eq!(Container::sniff(b"PK\x03\x04rest"), Some(Container::Zip));
        assert_eq!(
            Container::sniff(&[0x1f, 0x8b, 8, 0]),
            Some(Container::Compressed(Compression::Gzip))
        );
        assert_eq!(Container::sniff(b"plain text"), None);
    }
}
