//! The decoder takes any bytes without panicking: 100 000 random and mutated jobs (fixed seed, so a failure
//! reproduces). The cargo-fuzz target in fuzz/ explores the same function with coverage guidance.

use court_printer::receipt::{Align, Receipt};
use court_printer::{preview, render, Profile};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Real jobs to mutate: every profile's ticket, plus rasters and QR codes.
fn seeds() -> Vec<Vec<u8>> {
    // Short jobs mutate as well as long ones and keep 100 000 decodes quick; the raster paths are still in:
    // no-chinese-80 rasterises the Chinese line, no-qr-58 the QR.
    let r = Receipt::new()
        .styled("法院 B023", Align::Center, true, 2, 2)
        .kv("No.", "张䶮")
        .qr_with("B023", 1, Align::Right)
        .barcode(court_printer::BarcodeKind::Code39, "B023")
        .feed(1)
        .cut();
    ["generic-80", "generic-58", "no-chinese-80", "no-qr-58"]
        .iter()
        .map(|p| render(&r, &Profile::load_embedded(p).unwrap()).unwrap())
        .collect()
}

/// Interesting bytes: command prefixes and their arguments.
const DICT: &[u8] = &[
    0x1B, 0x1D, 0x1C, 0x10, 0x04, 0x0A, b'@', b'!', b'(', b'k', b'v', b'0', b'V', b'&', b'.', 0xFE,
    0x81, 0x30, 0xFF, 0x00,
];

fn mutate(rng: &mut StdRng, job: &[u8]) -> Vec<u8> {
    let mut v = job.to_vec();
    for _ in 0..rng.gen_range(1..8) {
        if v.is_empty() {
            v.push(rng.gen());
            continue;
        }
        let i = rng.gen_range(0..v.len());
        match rng.gen_range(0..5) {
            0 => v[i] = rng.gen(),
            1 => v[i] = DICT[rng.gen_range(0..DICT.len())],
            2 => v.truncate(i),
            3 => v.insert(i, DICT[rng.gen_range(0..DICT.len())]),
            _ => {
                let end = (i + rng.gen_range(1..16)).min(v.len());
                let slice = v[i..end].to_vec();
                let at = rng.gen_range(0..v.len());
                v.splice(at..at, slice);
            }
        }
    }
    v
}

#[test]
fn hundred_thousand_random_and_mutated_jobs() {
    let seeds = seeds();
    let mut rng = StdRng::seed_from_u64(0x00C0_0125);
    let mut warned = 0usize;
    for i in 0..100_000u32 {
        let job = if i % 2 == 0 {
            let len = rng.gen_range(0..96);
            (0..len)
                .map(|_| {
                    if rng.gen_bool(0.3) {
                        DICT[rng.gen_range(0..DICT.len())]
                    } else {
                        rng.gen()
                    }
                })
                .collect()
        } else {
            mutate(&mut rng, &seeds[(i as usize / 2) % seeds.len()])
        };
        let p = preview::decode(&job);
        assert!(
            p.image.width() == 384 || p.image.width() == 576,
            "job {i}: width {}",
            p.image.width()
        );
        assert!(p.image.height() <= preview::MAX_HEIGHT, "job {i}");
        if !p.warnings.is_empty() {
            warned += 1;
        }
    }
    // The random half is mostly malformed: the decoder must have said so rather than silently accepting it.
    assert!(warned > 30_000, "only {warned} jobs produced warnings");
}

#[test]
fn hostile_headers_are_bounded() {
    // (job, a warning that must appear)
    let cases: &[(&[u8], &str)] = &[
        (
            &[0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF],
            "ends inside a command",
        ),
        (
            &[0x1D, 0x28, 0x6B, 0xFF, 0xFF, 0x31],
            "ends inside a command",
        ),
        (&[0x1B], "ends inside a command"),
        (&[0x1C, 0x26, 0xFE], "incomplete GB18030"),
        (&[0x1B, 0x99], "unknown command ESC 0x99"),
        (
            &[0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30],
            "QR print without stored data",
        ),
    ];
    for (job, want) in cases {
        let p = preview::decode(job);
        assert!(
            p.warnings.iter().any(|w| w.contains(want)),
            "{job:02X?}: {:?}",
            p.warnings
        );
    }
    // Many feeds: the preview stops at MAX_HEIGHT and says so.
    let feeds: Vec<u8> = std::iter::repeat_n([0x1B, 0x64, 0xFF], 2000)
        .flatten()
        .collect();
    let p = preview::decode(&feeds);
    assert_eq!(p.image.height(), preview::MAX_HEIGHT);
    assert!(p.warnings.iter().any(|w| w.contains("only the first")));
}
