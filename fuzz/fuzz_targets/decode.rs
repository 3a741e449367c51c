//! Fuzz the ESC/POS decoder: any bytes must decode without panicking, into a preview of paper width.
//! Run: `cargo +nightly fuzz run decode -- -max_total_time=120` from the repository root.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let p = court_printer::preview::decode(data);
    assert!(p.image.width() == 384 || p.image.width() == 576);
    assert!(p.image.height() <= court_printer::preview::MAX_HEIGHT);
    // The virtual printer frames commands with the same tokenizer: it must always make progress.
    let mut pos = 0;
    while pos < data.len() {
        match court_printer::preview::next_command(&data[pos..]) {
            court_printer::preview::Step::Complete(_, n) => {
                assert!(n >= 1);
                pos += n;
            }
            court_printer::preview::Step::Incomplete => break,
        }
    }
});
