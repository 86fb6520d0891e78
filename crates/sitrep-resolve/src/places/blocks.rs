//! A table stored as independent zstd frames, unpacked frame by frame on
//! first use.
//!
//! Why: unpacking the gazetteer's tables whole (80 MB of records, postings
//! and names) and zeroing the memory they land in was two thirds of every
//! run's start, though a run reads a few hundred of the 1.2 million places.
//! Cut into frames of ~4 KB, a table costs a small index at load, and each
//! frame is unpacked the first time something in it is read. (Frames were
//! ~64 KB until 2026-12-06: a run reads a few hundred scattered places,
//! nearly one frame each, so unpacking 64 KB for one 32-byte record was a
//! tenth of a whole run's CPU samples; 4 KB frames cost the files 2.2 MB.)
//!
//! The file is plain zstd: a skippable frame holding the index, then the
//! data frames, so `zstd -d` still gives the whole table. The index is
//! `SRBLK1`, a u32 frame count, then per frame its unpacked and packed
//! lengths (u32 LE each). A file without the index (one frame, as sitrep
//! wrote before 2026-12-06) is read as a table of one frame.
//!
//! Loading checks the index against the file; a frame is checked when it
//! is unpacked (its length against the index, its content by the `check`
//! given to [`Blocks::open`]), and a frame that fails to unpack or to pass
//! the check stops the run with a message naming the file: these are
//! sitrep's own shipped tables, and a wrong value read from one would be
//! silently wrong output. (Loading read every frame's header too until
//! 2026-12-06: that touched every page of 30 MB of files at each start, a
//! twentieth of a one-document run, to check what unpacking checks again.)

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sitrep_core::FileBytes;

use crate::error::KbError;

/// Zstd's magic number of a skippable frame (the last nibble is free).
const SKIPPABLE: u32 = 0x184D_2A5E;
const INDEX_MAGIC: &[u8; 6] = b"SRBLK1";
/// Larger than any frame sitrep writes by far: a frame claiming more is
/// corrupt, not a reason to allocate it.
const MAX_FRAME_BYTES: u64 = 1 << 30;

/// What a table holds: bytes, or u32 LE words.
pub trait Element: Copy + Send + Sync + 'static {
    const SIZE: usize;
    fn unpack(raw: Vec<u8>) -> Box<[Self]>;
}

impl Element for u8 {
    const SIZE: usize = 1;
    fn unpack(raw: Vec<u8>) -> Box<[u8]> {
        raw.into_boxed_slice()
    }
}

impl Element for u32 {
    const SIZE: usize = 4;
    fn unpack(raw: Vec<u8>) -> Box<[u32]> {
        raw.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    }
}

/// Checks a frame's elements when it is unpacked.
pub type Check<T> = Box<dyn Fn(&[T]) -> Result<(), String> + Send + Sync>;

/// A table of `T` read from a block-wise zstd file.
pub struct Blocks<T: Element> {
    path: PathBuf,
    file: FileBytes,
    /// Per frame, the index of its first element (ascending), then the total.
    starts: Vec<usize>,
    /// Per frame, its packed bytes' range in `file`.
    packed: Vec<Range<usize>>,
    frames: Vec<OnceLock<Box<[T]>>>,
    check: Check<T>,
}

impl<T: Element> Blocks<T> {
    /// Opens a table file, reading its index (no frame is unpacked).
    pub fn open(path: &Path, check: Check<T>) -> Result<Blocks<T>, KbError> {
        let file = FileBytes::open(path).map_err(|e| KbError::io(path, e))?;
        let bad = |what: String| KbError::corrupt(path, what);
        let frames = match read_index(&file) {
            Some(index) => index.map_err(bad)?,
            None => {
                // One frame: its header says how large it is.
                let n = match zstd::zstd_safe::get_frame_content_size(&file) {
                    Ok(Some(n)) if n <= MAX_FRAME_BYTES => n as usize,
                    _ => return Err(bad("not a zstd frame of known size".into())),
                };
                vec![(n, 0..file.len())]
            }
        };
        let mut starts = Vec::with_capacity(frames.len() + 1);
        let mut packed = Vec::with_capacity(frames.len());
        let mut at = 0usize;
        for (i, (raw, range)) in frames.into_iter().enumerate() {
            if raw % T::SIZE != 0 {
                return Err(bad(format!("frame {i} is not a whole number of items")));
            }
            starts.push(at);
            at += raw / T::SIZE;
            packed.push(range);
        }
        starts.push(at);
        Ok(Blocks {
            path: path.to_path_buf(),
            file,
            frames: (0..packed.len()).map(|_| OnceLock::new()).collect(),
            starts,
            packed,
            check,
        })
    }

    /// Number of elements in the table.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The elements `range`, or `None` when it is out of the table or
    /// crosses a frame (the writer never cuts inside an item).
    pub fn get(&self, range: Range<usize>) -> Option<&[T]> {
        if range.start >= self.len() || range.end > self.len() || range.start > range.end {
            return None;
        }
        let f = self.starts.partition_point(|&s| s <= range.start) - 1;
        let start = self.starts[f];
        if range.end > self.starts[f + 1] {
            return None;
        }
        self.frame(f).get(range.start - start..range.end - start)
    }

    fn frame(&self, f: usize) -> &[T] {
        self.frames[f].get_or_init(|| {
            let bytes = (self.starts[f + 1] - self.starts[f]) * T::SIZE;
            let unpacked = unpack(&self.file[self.packed[f].clone()], bytes)
                .and_then(|b| match b.len() == bytes {
                    true => Ok(T::unpack(b)),
                    false => Err("shorter than its header says".to_string()),
                })
                .and_then(|items| (self.check)(&items).map(|()| items));
            match unpacked {
                Ok(items) => items,
                Err(e) => panic!(
                    "corrupt knowledge base file {}: frame {f}: {e}; rebuild it with `sitrep kb build`",
                    self.path.display()
                ),
            }
        })
    }
}

thread_local! {
    /// One zstd context per thread, made on first use: a frame is small,
    /// and making a context for each (what `zstd::bulk::decompress` does)
    /// cost as much as a tenth of unpacking it.
    static CONTEXT: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Unpacks one frame of `bytes` unpacked bytes.
fn unpack(packed: &[u8], bytes: usize) -> Result<Vec<u8>, String> {
    CONTEXT.with(|cell| {
        // A frame being unpacked never unpacks another, so the context is
        // free; were it ever borrowed, a fresh one does the same work.
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return zstd::bulk::decompress(packed, bytes).map_err(|e| e.to_string());
        };
        if slot.is_none() {
            *slot = Some(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?);
        }
        match slot.as_mut() {
            Some(d) => d.decompress(packed, bytes).map_err(|e| e.to_string()),
            None => Err("no zstd context".to_string()),
        }
    })
}

/// The frames of a file that starts with the index: per frame, its
/// unpacked length and its packed bytes. `None` when there is no index.
#[allow(clippy::type_complexity)]
fn read_index(file: &[u8]) -> Option<Result<Vec<(usize, Range<usize>)>, String>> {
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(file.get(at..at + 4)?.try_into().ok()?))
    };
    if u32_at(0)? != SKIPPABLE || file.get(8..14)? != INDEX_MAGIC {
        return None;
    }
    let parse = || -> Result<Vec<(usize, Range<usize>)>, String> {
        let size = u32_at(4).ok_or("truncated index")? as usize;
        let n = u32_at(14).ok_or("truncated index")? as usize;
        if size != 6 + 4 + n * 8 {
            return Err("index size does not match its frame count".into());
        }
        let mut at = 8 + size;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let raw = u32_at(18 + i * 8).ok_or("truncated index")? as usize;
            let len = u32_at(22 + i * 8).ok_or("truncated index")? as usize;
            if at + len > file.len() {
                return Err(format!("frame {i} runs past the end of the file"));
            }
            out.push((raw, at..at + len));
            at += len;
        }
        if at != file.len() {
            return Err("bytes after the last frame".into());
        }
        Ok(out)
    };
    Some(parse())
}

/// Packs `bytes` as frames of about `target` bytes each, cut only at
/// offsets in `cuts` (ascending; where an item starts), at zstd `level`.
pub fn pack(
    bytes: &[u8],
    cuts: impl IntoIterator<Item = usize>,
    target: usize,
    level: i32,
) -> std::io::Result<Vec<u8>> {
    let mut bounds = vec![0usize];
    for c in cuts {
        if c > bytes.len() {
            break;
        }
        if c >= bounds[bounds.len() - 1] + target && c < bytes.len() {
            bounds.push(c);
        }
    }
    bounds.push(bytes.len());
    let mut frames = Vec::new();
    for w in bounds.windows(2) {
        frames.push((
            w[1] - w[0],
            zstd::bulk::compress(&bytes[w[0]..w[1]], level)?,
        ));
    }
    let too_big = || std::io::Error::other("a frame larger than 4 GB");
    let mut index = INDEX_MAGIC.to_vec();
    index.extend_from_slice(
        &u32::try_from(frames.len())
            .map_err(|_| too_big())?
            .to_le_bytes(),
    );
    for (raw, packed) in &frames {
        index.extend_from_slice(&u32::try_from(*raw).map_err(|_| too_big())?.to_le_bytes());
        index.extend_from_slice(
            &u32::try_from(packed.len())
                .map_err(|_| too_big())?
                .to_le_bytes(),
        );
    }
    let mut out = SKIPPABLE.to_le_bytes().to_vec();
    out.extend_from_slice(
        &u32::try_from(index.len())
            .map_err(|_| too_big())?
            .to_le_bytes(),
    );
    out.extend_from_slice(&index);
    for (_, packed) in frames {
        out.extend_from_slice(&packed);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sitrep-blocks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn ok<T>() -> Check<T> {
        Box::new(|_| Ok(()))
    }

    #[test]
    fn frames_cut_at_items_and_read_back() {
        let words: Vec<u32> = (0..10_000).collect();
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        // Items of 3 words: a frame never splits one.
        let packed = pack(&bytes, (0..bytes.len()).step_by(12), 4096, 3).unwrap();
        // Plain zstd reads the whole table.
        assert_eq!(zstd::stream::decode_all(&packed[..]).unwrap(), bytes);
        let b: Blocks<u32> = Blocks::open(&temp("w.zst", &packed), ok()).unwrap();
        assert_eq!(b.len(), 10_000);
        assert!(b.frames.len() > 5);
        for i in (0..9_999).step_by(3) {
            assert_eq!(b.get(i..i + 3).unwrap(), &words[i..i + 3]);
        }
        assert!(b.get(9_999..10_001).is_none());
    }

    #[test]
    fn a_single_frame_file_is_one_block() {
        let bytes = b"hello blocks".to_vec();
        let packed = zstd::bulk::compress(&bytes, 3).unwrap();
        let b: Blocks<u8> = Blocks::open(&temp("one.zst", &packed), ok()).unwrap();
        assert_eq!(b.get(6..12).unwrap(), b"blocks");
    }

    #[test]
    fn a_truncated_file_fails_at_open() {
        let bytes = vec![7u8; 100_000];
        let packed = pack(&bytes, 0..bytes.len(), 10_000, 3).unwrap();
        let cut = &packed[..packed.len() - 3];
        assert!(Blocks::<u8>::open(&temp("cut.zst", cut), ok()).is_err());
    }
}
