//! An image in a registry, read as an OCI layout tarball without storing it.

use std::collections::VecDeque;
use std::io::{self, Cursor, Read};

use crate::client::{Client, RemoteManifest};
use crate::reference::ImageRef;

/// A tar stream of one platform's image in OCI image layout (`oci-layout`,
/// `index.json`, `blobs/sha256/...`): the manifest and small files come
/// first, then the config and each layer, streamed from the registry as the
/// reader reaches them. Its length is known in advance ([`Self::len`]), so a
/// progress bar can show it; each blob's digest and size are checked.
pub struct LayoutStream {
    client: Client,
    image: ImageRef,
    segments: VecDeque<Segment>,
    len: u64,
}

enum Segment {
    Bytes(Cursor<Vec<u8>>),
    Blob {
        digest: String,
        size: u64,
    },
    Open {
        reader: Box<dyn Read + Send>,
        left: u64,
        digest: String,
    },
}

impl LayoutStream {
    /// The layout of `manifest` (of `image`), read through `client`.
    pub fn new(
        client: Client,
        image: ImageRef,
        remote: &RemoteManifest,
    ) -> io::Result<LayoutStream> {
        let mut stream = LayoutStream {
            client,
            image,
            segments: VecDeque::new(),
            len: 0,
        };
        let index = serde_json::json!({
            "schemaVersion": 2,
            "manifests": [{
                "mediaType": remote.media_type,
                "digest": remote.digest,
                "size": remote.body.len(),
            }],
        });
        stream.push_bytes("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec())?;
        stream.push_bytes("index.json", index.to_string().into_bytes())?;
        stream.push_bytes(&blob_path(&remote.digest)?, remote.body.clone())?;
        for blob in std::iter::once(&remote.manifest.config).chain(&remote.manifest.layers) {
            stream.push_header(&blob_path(&blob.digest)?, blob.size)?;
            stream.segments.push_back(Segment::Blob {
                digest: blob.digest.clone(),
                size: blob.size,
            });
            stream.push_padding(blob.size);
        }
        stream
            .segments
            .push_back(Segment::Bytes(Cursor::new(vec![0u8; 1024])));
        stream.len += 1024;
        Ok(stream)
    }

    /// The stream's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the stream is empty (never: it holds at least the layout files).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push_bytes(&mut self, name: &str, bytes: Vec<u8>) -> io::Result<()> {
        let size = bytes.len() as u64;
        self.push_header(name, size)?;
        self.segments.push_back(Segment::Bytes(Cursor::new(bytes)));
        self.len += size;
        self.push_padding(size);
        Ok(())
    }

    fn push_header(&mut self, name: &str, size: u64) -> io::Result<()> {
        let mut header = tar::Header::new_ustar();
        header.set_path(name)?;
        header.set_size(size);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        self.segments
            .push_back(Segment::Bytes(Cursor::new(header.as_bytes().to_vec())));
        self.len += 512;
        Ok(())
    }

    fn push_padding(&mut self, size: u64) {
        let padding = (512 - size % 512) % 512;
        if padding > 0 {
            self.segments
                .push_back(Segment::Bytes(Cursor::new(vec![0u8; padding as usize])));
            self.len += padding;
        }
    }
}

/// `blobs/sha256/HEX` for a digest.
fn blob_path(digest: &str) -> io::Result<String> {
    match digest.split_once(':') {
        Some((algorithm, hex))
            if !algorithm.is_empty()
                && !hex.is_empty()
                && hex.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(format!("blobs/{algorithm}/{hex}"))
        }
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the manifest names a blob with digest {digest:?}"),
        )),
    }
}

impl Read for LayoutStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(front) = self.segments.front_mut() else {
                return Ok(0);
            };
            match front {
                Segment::Bytes(cursor) => {
                    let read = cursor.read(buf)?;
                    if read > 0 || buf.is_empty() {
                        return Ok(read);
                    }
                }
                Segment::Blob { digest, size } => {
                    let reader = self
                        .client
                        .blob(&self.image, digest)
                        .map_err(|e| io::Error::other(e.to_string()))?;
                    *front = Segment::Open {
                        reader,
                        left: *size,
                        digest: std::mem::take(digest),
                    };
                    continue;
                }
                Segment::Open {
                    reader,
                    left,
                    digest,
                } => {
                    if *left > 0 {
                        let want = buf.len().min(usize::try_from(*left).unwrap_or(usize::MAX));
                        let read = reader.read(&mut buf[..want])?;
                        if read == 0 {
                            return Err(io::Error::new(
                                io::ErrorKind::UnexpectedEof,
                                format!("blob {digest} ended {left} bytes short of the size its manifest gives"),
                            ));
                        }
                        *left -= read as u64;
                        return Ok(read);
                    }
                    // The end of the blob: reading once more checks its digest.
                    let mut extra = [0u8; 1];
                    if reader.read(&mut extra)? != 0 {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("blob {digest} is longer than its manifest says"),
                        ));
                    }
                }
            }
            self.segments.pop_front();
        }
    }
}
