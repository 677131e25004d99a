use std::time::Instant;
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Text, Transact, Update};

fn rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let chunk = "y".repeat(256);
    let per_batch: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(40);
    let entries: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(1000);
    let separate = std::env::args().nth(3).as_deref() == Some("separate");
    let writer = Doc::new();
    let text = writer.get_or_insert_text("text");
    let mut log = Vec::new();
    for _ in 0..2 * entries {
        let mut batch = Vec::new();
        for _ in 0..per_batch {
            let mut txn = writer.transact_mut();
            let len = text.len(&txn);
            text.insert(&mut txn, len, &chunk);
            batch.push(txn.encode_update_v1());
        }
        log.push(yrs::merge_updates_v1(&batch).unwrap());
    }
    // snapshot of the first half
    let doc = Doc::new();
    {
        let mut txn = doc.transact_mut();
        for u in &log[..entries] {
            txn.apply_update(Update::decode_v1(u).unwrap()).unwrap();
        }
    }
    let snapshot = doc
        .transact()
        .encode_state_as_update_v2(&StateVector::default());
    println!("snapshot {} bytes; {}", snapshot.len(), rss());
    let start = Instant::now();
    let doc = Doc::new();
    if separate {
        doc.transact_mut()
            .apply_update(Update::decode_v2(&snapshot).unwrap())
            .unwrap();
        for u in &log[entries..] {
            doc.transact_mut()
                .apply_update(Update::decode_v1(u).unwrap())
                .unwrap();
        }
    } else {
        let mut txn = doc.transact_mut();
        txn.apply_update(Update::decode_v2(&snapshot).unwrap())
            .unwrap();
        for u in &log[entries..] {
            txn.apply_update(Update::decode_v1(u).unwrap()).unwrap();
        }
    }
    let out = doc
        .transact()
        .encode_state_as_update_v2(&StateVector::default());
    println!(
        "rebuild ({}) {:?}, snapshot {} bytes; {}",
        if separate {
            "txn per update"
        } else {
            "one txn"
        },
        start.elapsed(),
        out.len(),
        rss()
    );
}
