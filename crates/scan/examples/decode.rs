//! The physical floor for `bench/verify/run.sh`: decompresses every gzip layer of an
//! uncompressed image tarball with the decoder verify uses (flate2 on zlib-rs), on up to N
//! threads, and throws the bytes away. No tar parsing, no search.
//! `decode IMAGE.tar [--jobs N]`; prints the uncompressed byte count.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

/// Where each gzip member's bytes are in the tarball.
fn gzip_members(path: &str) -> io::Result<Vec<(u64, u64)>> {
    let mut archive = tar::Archive::new(File::open(path)?);
    let mut members = Vec::new();
    for entry in archive.entries_with_seek()? {
        let mut entry = entry?;
        let mut magic = [0u8; 2];
        if entry.size() >= 2 && entry.read_exact(&mut magic).is_ok() && magic == [0x1f, 0x8b] {
            members.push((entry.raw_file_position(), entry.size()));
        }
    }
    Ok(members)
}

fn decode(path: &str, offset: u64, size: u64) -> io::Result<u64> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let reader = BufReader::with_capacity(1 << 20, file.take(size));
    io::copy(
        &mut flate2::read::MultiGzDecoder::new(reader),
        &mut io::sink(),
    )
}

fn run() -> Result<u64, String> {
    let mut args = std::env::args().skip(1);
    let mut image = None;
    let mut jobs = thread::available_parallelism().map_or(1, usize::from);
    while let Some(arg) = args.next() {
        if arg == "--jobs" {
            let n = args.next().ok_or("--jobs needs a number")?;
            jobs = n.parse().map_err(|e| format!("--jobs {n}: {e}"))?;
        } else {
            image = Some(arg);
        }
    }
    let image = image.ok_or("usage: decode IMAGE.tar [--jobs N]")?;
    let members = gzip_members(&image).map_err(|e| format!("{image}: {e}"))?;
    let next = AtomicUsize::new(0);
    let total = AtomicU64::new(0);
    thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.max(1))
            .map(|_| {
                scope.spawn(|| -> io::Result<()> {
                    while let Some(&(offset, size)) =
                        members.get(next.fetch_add(1, Ordering::SeqCst))
                    {
                        total.fetch_add(decode(&image, offset, size)?, Ordering::SeqCst);
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .map_err(|_| "a thread panicked".to_owned())?
                .map_err(|e| e.to_string())
        })
    })?;
    Ok(total.load(Ordering::SeqCst))
}

fn main() -> ExitCode {
    match run() {
        Ok(bytes) => {
            println!("{bytes}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("decode: {e}");
            ExitCode::from(2)
        }
    }
}
