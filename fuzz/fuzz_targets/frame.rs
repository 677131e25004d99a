//! Any bytes as a WebSocket binary frame: decoding never panics, and the message it yields
//! encodes back to a frame that decodes to the same message.
#![no_main]

use debrief::protocol::{self, decode_frame, Incoming};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(message) = decode_frame(data) else {
        return;
    };
    match message {
        Incoming::SyncStep1(sv) => {
            match decode_frame(&protocol::sync_step1(sv.clone()))
                .expect("a step 1 we encoded decodes")
            {
                Incoming::SyncStep1(again) => assert_eq!(again, sv),
                other => panic!("step 1 came back as {other:?}"),
            }
        }
        Incoming::Update { raw, .. } => {
            match decode_frame(&protocol::sync_update(raw.to_vec()))
                .expect("an update we encoded decodes")
            {
                Incoming::Update { raw: again, .. } => assert_eq!(again, raw),
                other => panic!("an update came back as {other:?}"),
            }
        }
        Incoming::Awareness(update) => {
            match decode_frame(&protocol::awareness(update.clone()))
                .expect("presence we encoded decodes")
            {
                Incoming::Awareness(again) => assert_eq!(again, update),
                other => panic!("presence came back as {other:?}"),
            }
        }
        Incoming::QueryAwareness | Incoming::Auth => {}
    }
});
