//! How the store's own append-only files (the [write-ahead log](super::wal) and the
//! [document logs](super::doc_logs)) frame a record: `len: u32 LE`, `crc32(body): u32 LE`, then
//! `body`. A record is written with one `write` call once it is whole, so a crash can only cut
//! the last one short; a record cut short or failing its checksum therefore ends the file's
//! readable part, and nothing after it was ever acknowledged.

use std::io;

/// Bytes before a record's body.
pub const HEADER: usize = 8;

/// Clears `buf` and builds one record in it, its body written by `body`.
pub fn frame(
    buf: &mut Vec<u8>,
    body: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
) -> io::Result<()> {
    buf.clear();
    buf.extend_from_slice(&[0; HEADER]);
    body(buf)?;
    let body_len = u32::try_from(buf.len() - HEADER)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "record too large"))?;
    let crc = crc32fast::hash(&buf[HEADER..]);
    buf[..4].copy_from_slice(&body_len.to_le_bytes());
    buf[4..HEADER].copy_from_slice(&crc.to_le_bytes());
    Ok(())
}

/// The body of the first record in `bytes` and the bytes after it; `None` when that record is
/// cut short or fails its checksum.
pub fn unframe(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let crc = u32::from_le_bytes(bytes.get(4..HEADER)?.try_into().ok()?);
    let body = bytes.get(HEADER..HEADER.checked_add(len)?)?;
    if crc32fast::hash(body) != crc {
        return None;
    }
    Some((body, &bytes[HEADER + len..]))
}

/// Drops a record buffer that a large write grew, so it does not stay allocated.
pub fn shrink(buf: &mut Vec<u8>) {
    if buf.capacity() > 64 * 1024 {
        *buf = Vec::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_and_a_damaged_one_does_not() {
        let mut buf = Vec::new();
        frame(&mut buf, |b| {
            b.extend_from_slice(b"body");
            Ok(())
        })
        .unwrap();
        let mut two = buf.clone();
        two.extend_from_slice(&buf);
        let (body, rest) = unframe(&two).unwrap();
        assert_eq!(body, b"body");
        assert_eq!(unframe(rest), Some((&b"body"[..], &b""[..])));

        assert_eq!(unframe(&buf[..buf.len() - 1]), None, "cut short");
        let mut flipped = buf.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(unframe(&flipped), None, "checksum");
        assert_eq!(unframe(&[0xff; 8]), None, "a length past the end");
        assert_eq!(unframe(&[]), None);
    }
}
