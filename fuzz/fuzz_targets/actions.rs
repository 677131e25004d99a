//! Any text as a Markdown document for the action-item extractor: no panic, and every item
//! points at a block and a line of it that exist.
#![no_main]

use debrief::blocks::markdown;
use debrief::blocks::outline::outline;
use debrief::hooks::actions::{extract, Words};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Markdown nested past the reader's depth limit is refused whole, not extracted.
    let Ok(document) = markdown::read(&text) else {
        return;
    };
    let blocks = outline(&document.blocks);
    for item in extract(&blocks, Words::builtin()) {
        let block = blocks.get(item.block).expect("the item's block exists");
        assert!(
            item.line_in_block < block.text.split('\n').count(),
            "line {} of {:?}",
            item.line_in_block,
            block.text
        );
        let line = item
            .source_line(&blocks)
            .expect("a Markdown block has a line");
        assert!(line >= 1 && line <= lines(&text), "line {line}");
    }
});

/// Lines as CommonMark counts them: `\n`, `\r\n` and a lone `\r` each end one.
fn lines(text: &str) -> usize {
    text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1
}
