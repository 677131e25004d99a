//! The blocks of a v1-encoded Yjs update, read with the detail yrs keeps to itself.
//!
//! yrs decodes an update into blocks without exposing what an item refers to (its origins, or
//! its parent), and a release build reads a clock or a length too large for 32 bits by wrapping it
//! around. Two checks need what it hides (both found by fuzzing, see docs/fuzzing.md): the
//! protocol refuses an update whose clocks, as written, run past 2^32 - 1, and the room checks that
//! every item it integrated hangs on items the document has. Each part of a block is read with
//! yrs's own decoder; only the clocks and the lengths that add up to clocks are read as 64-bit
//! numbers. An item whose content kind Yjs does not know is an error here, as it is in Yjs. So
//! is a subdocument: Debrief's documents have none, and yrs (0.28) never frees one it decodes
//! and integrates, about 2.6 KB each time (found by fuzzing), which any peer could repeat.

use yrs::block::{
    ClientID, ItemContent, BLOCK_GC_REF_NUMBER, BLOCK_ITEM_ANY_REF_NUMBER,
    BLOCK_ITEM_DELETED_REF_NUMBER, BLOCK_ITEM_DOC_REF_NUMBER, BLOCK_SKIP_REF_NUMBER, HAS_ORIGIN,
    HAS_PARENT_SUB, HAS_RIGHT_ORIGIN,
};
use yrs::encoding::read::{Cursor, Error, Read};
use yrs::updates::decoder::{Decoder, DecoderV1};
use yrs::ID;

/// One block of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub client: ClientID,
    /// Its first clock, as written (past 2^32 - 1 when the update overflows).
    pub clock: u64,
    /// How many clocks it spans.
    pub len: u64,
    /// The items it refers to: its left and right origins, or its parent when it has neither.
    /// Empty for a GC or skip block and for an item whose parent is a root type.
    pub refs: Vec<ID>,
    /// A skip: clocks the update does not hold.
    pub skip: bool,
}

impl Block {
    /// The clock after its last.
    pub fn end(&self) -> u64 {
        self.clock + self.len
    }
}

/// The blocks of `update` (v1), in the order written. The delete set after them is read through
/// too, without keeping it: like every count read here, its claims are followed entry by entry,
/// so a claim the bytes cannot hold fails when the bytes run out, before yrs reserves room for it.
pub fn read(update: &[u8]) -> Result<Vec<Block>, Error> {
    let mut decoder = DecoderV1::new(Cursor::new(update));
    let clients: u32 = decoder.read_var()?;
    let mut blocks = Vec::new();
    for _ in 0..clients {
        let count: u32 = decoder.read_var()?;
        let client = decoder.read_client()?;
        let mut clock: u64 = decoder.read_var()?;
        for _ in 0..count {
            let info = decoder.read_info()?;
            // Yjs reads an item's content kind from the low five bits, yrs from four: a kind
            // only yrs knows (bit 4 set, e.g. 0x32 read as JSON) throws in every stock client,
            // and yrs re-encodes some such items with other lengths (found by fuzzing).
            let kind = info & 0b1_1111;
            if !matches!(info, BLOCK_SKIP_REF_NUMBER | BLOCK_GC_REF_NUMBER)
                && !(1..=9).contains(&kind)
            {
                return Err(Error::Custom(format!(
                    "unknown content kind {kind} (info byte {info:#04x})"
                )));
            }
            let (len, refs) = match info {
                BLOCK_SKIP_REF_NUMBER | BLOCK_GC_REF_NUMBER => (decoder.read_var()?, Vec::new()),
                info => item(&mut decoder, info)?,
            };
            blocks.push(Block {
                client,
                clock,
                len,
                refs,
                skip: info == BLOCK_SKIP_REF_NUMBER,
            });
            clock = clock.saturating_add(len);
        }
    }
    let clients: u32 = decoder.read_var()?;
    for _ in 0..clients {
        decoder.read_var::<u64>()?; // the client
        let ranges: u32 = decoder.read_var()?;
        for _ in 0..ranges {
            decoder.read_var::<u32>()?; // clock
            decoder.read_var::<u32>()?; // length
        }
    }
    Ok(blocks)
}

/// How deep `Any` values (maps and arrays of them) may nest in an update. yrs decodes them
/// recursively: a frame of nested one-element arrays would overflow its stack.
const MAX_ANY_DEPTH: usize = 64;

/// Reads past one `Any` value without keeping it. yrs reserves room for as many map or array
/// entries as a value claims before reading them: 46 bytes claiming 2^28 map entries made it
/// set 260 MB (found by fuzzing). Entries are followed one by one here instead.
fn skip_any(decoder: &mut DecoderV1, depth: usize) -> Result<(), Error> {
    if depth > MAX_ANY_DEPTH {
        return Err(Error::Custom(format!(
            "values nested more than {MAX_ANY_DEPTH} deep"
        )));
    }
    match decoder.read_u8()? {
        116 => drop(decoder.read_buf()?),
        117 => {
            let len: u64 = decoder.read_var()?;
            for _ in 0..len {
                skip_any(decoder, depth + 1)?;
            }
        }
        118 => {
            let len: u64 = decoder.read_var()?;
            for _ in 0..len {
                decoder.read_string()?;
                skip_any(decoder, depth + 1)?;
            }
        }
        119 => drop(decoder.read_string()?),
        120 | 121 | 126 | 127 => {}
        122 => drop(decoder.read_i64()?),
        123 => drop(decoder.read_f64()?),
        124 => drop(decoder.read_f32()?),
        125 => drop(decoder.read_var::<i64>()?),
        _ => return Err(Error::UnexpectedValue),
    }
    Ok(())
}

/// Reads one item (its info byte already read): its length and what it refers to.
fn item(decoder: &mut DecoderV1, info: u8) -> Result<(u64, Vec<ID>), Error> {
    let mut refs = Vec::with_capacity(2);
    if info & HAS_ORIGIN != 0 {
        refs.push(decoder.read_left_id()?);
    }
    if info & HAS_RIGHT_ORIGIN != 0 {
        refs.push(decoder.read_right_id()?);
    }
    if info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) == 0 {
        if decoder.read_parent_info()? {
            decoder.read_string()?; // a root type, by name
        } else {
            refs.push(decoder.read_left_id()?);
        }
        if info & HAS_PARENT_SUB != 0 {
            decoder.read_string()?;
        }
    }
    let len = if info & 0b1111 == BLOCK_ITEM_DELETED_REF_NUMBER {
        decoder.read_var()?
    } else if info & 0b1111 == BLOCK_ITEM_ANY_REF_NUMBER {
        let len: u64 = decoder.read_var()?;
        for _ in 0..len {
            skip_any(decoder, 0)?;
        }
        len
    } else if info & 0b1111 == BLOCK_ITEM_DOC_REF_NUMBER {
        return Err(Error::Custom(
            "a subdocument, which Debrief does not take".into(),
        ));
    } else {
        clocks(&ItemContent::decode(decoder, info)?)
    };
    Ok((len, refs))
}

/// How many clocks an item with `content` spans, as Yjs counts them (text in UTF-16 units).
fn clocks(content: &ItemContent) -> u64 {
    match content {
        ItemContent::Any(values) => values.len() as u64,
        ItemContent::JSON(values) => values.len() as u64,
        ItemContent::String(text) => text.len_utf16() as u64,
        ItemContent::Deleted(len) => u64::from(*len),
        ItemContent::Binary(_)
        | ItemContent::Doc(..)
        | ItemContent::Embed(_)
        | ItemContent::Format(..)
        | ItemContent::Type(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yrs::{Array, Doc, Map, ReadTxn, StateVector, Text, Transact, WriteTxn};

    #[test]
    fn reads_clocks_lengths_and_origins_as_written() {
        let doc = Doc::with_client_id(7);
        let text = doc.get_or_insert_text("body");
        text.insert(&mut doc.transact_mut(), 0, "hello");
        let before = doc.transact().state_vector();
        text.insert(&mut doc.transact_mut(), 5, " wörld");
        let update = doc.transact().encode_diff_v1(&before);
        let client = ClientID::new(7);
        // " wörld" after "hello": clocks 5 to 10, its left origin the "o" at clock 4.
        assert_eq!(
            read(&update).unwrap(),
            [Block {
                client,
                clock: 5,
                len: 6,
                refs: vec![ID::new(client, 4)],
                skip: false,
            }]
        );
    }

    #[test]
    fn a_content_kind_yjs_does_not_know_is_an_error() {
        // Found by the room fuzz target: info byte 0x32 is JSON content to yrs (0x32 & 0xf) and
        // kind 18 to Yjs (0x32 & 0x1f), which has none; yrs also re-encoded the item with
        // another length, so a document rebuilt from the room's log counted other clocks.
        let update = include_bytes!("room/testdata/unknown-kind.v1");
        use yrs::updates::decoder::Decode;
        assert!(yrs::Update::decode_v1(update).is_ok());
        assert!(matches!(read(update), Err(Error::Custom(why)) if why.contains("kind 18")));
    }

    #[test]
    fn reads_every_kind_of_content() {
        let doc = Doc::with_client_id(3);
        {
            let mut txn = doc.transact_mut();
            let map = txn.get_or_insert_map("meta");
            map.insert(&mut txn, "title", "Outage");
            map.insert(&mut txn, "n", 3);
            let list = txn.get_or_insert_array("items");
            list.insert_range(&mut txn, 0, [1, 2, 3]);
            let text = txn.get_or_insert_text("body");
            text.insert(&mut txn, 0, "abc");
            text.format(&mut txn, 0, 2, [("bold".into(), true.into())].into());
            let nested = map.insert(&mut txn, "nested", yrs::MapPrelim::default());
            nested.insert(&mut txn, "k", "v");
        }
        let update = doc.transact().encode_diff_v1(&StateVector::default());
        let blocks = read(&update).unwrap();
        let written = doc.transact().state_vector().get(&ClientID::new(3));
        assert_eq!(
            blocks.iter().map(Block::end).max(),
            Some(u64::from(written))
        );
    }

    #[test]
    fn a_subdocument_is_an_error() {
        // Found by the room fuzz target: the target's memory grew about 240 bytes a session;
        // yrs leaked every subdocument it decoded and integrated (2.6 KB each).
        let doc = Doc::new();
        {
            let mut txn = doc.transact_mut();
            let map = txn.get_or_insert_map("meta");
            map.insert(&mut txn, "sub", Doc::new());
        }
        let update = doc.transact().encode_diff_v1(&StateVector::default());
        assert!(matches!(read(&update), Err(Error::Custom(why)) if why.contains("subdocument")));
    }

    #[test]
    fn a_truncated_update_is_an_error() {
        let doc = Doc::new();
        doc.get_or_insert_text("body")
            .insert(&mut doc.transact_mut(), 0, "hello");
        let update = doc.transact().encode_diff_v1(&StateVector::default());
        assert!(read(&update[..update.len() - 4]).is_err());
    }
}
