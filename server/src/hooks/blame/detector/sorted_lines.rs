//! Lookup in a table embedded as text: sorted lines, each a key, a separator and a value.
//!
//! The learned scorer's weights and the WordNet classes are tens of thousands of lines. Read in
//! place by binary search they cost no heap at all, where a hash map of them would cost a few
//! hundred kilobytes to a megabyte and its building at start-up.

use std::cmp::Ordering;

/// The value of `key` in `table`: lines sorted by key in byte order, key and value split by the
/// first `separator` (a line without one is a key with an empty value). `table` must hold only
/// such lines (no header).
pub fn find<'a>(table: &'a str, key: &str, separator: char) -> Option<&'a str> {
    let bytes = table.as_bytes();
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        let line = &table[start..end];
        let (line_key, value) = line.split_once(separator).unwrap_or((line, ""));
        match line_key.as_bytes().cmp(key.as_bytes()) {
            Ordering::Equal => return Some(value),
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start,
        }
    }
    None
}

/// `src` without its leading `#` comment lines.
pub fn without_header(src: &str) -> &str {
    let mut rest = src;
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_no_other() {
        let keys: Vec<String> = (0..200).map(|i| format!("k{i:03}")).collect();
        let table: String = keys.iter().map(|k| format!("{k}\tv{k}\n")).collect();
        for k in &keys {
            assert_eq!(find(&table, k, '\t'), Some(format!("v{k}").as_str()));
        }
        for missing in ["", "a", "k", "k0000", "k200", "z"] {
            assert_eq!(find(&table, missing, '\t'), None, "{missing}");
        }
        assert_eq!(find("", "a", '\t'), None);
        assert_eq!(find("only\t1", "only", '\t'), Some("1"));
    }

    #[test]
    fn the_header_goes() {
        assert_eq!(without_header("# a\n# b\nx 1\n"), "x 1\n");
        assert_eq!(without_header("# only"), "");
    }
}
