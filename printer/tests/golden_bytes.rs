//! Byte-exact ESC/POS output for small receipts (hex written from the Epson command reference by hand).

use court_printer::receipt::{Align, Receipt};
use court_printer::{render, Profile};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn show(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(cases: &[(&str, &str, Receipt, &str)]) {
    for (name, profile, receipt, want) in cases {
        let p = Profile::load_embedded(profile).unwrap();
        let got = render(receipt, &p).unwrap();
        assert_eq!(show(&got), show(&hex(want)), "{name} on {profile}");
    }
}

#[test]
fn golden_receipts() {
    check(&[
        // ESC @, text, LF, GS V A 0 (feed to the cutter and cut).
        ("ascii line and cut", "generic-80", Receipt::new().text("Hi").cut(), "1b40 4869 0a 1d564100"),
        // No cutter: four lines of feed instead (ESC d 4).
        ("cut without cutter", "generic-58", Receipt::new().text("Hi").cut(), "1b40 4869 0a 1b6404"),
        // Chinese: ESC a 1, ESC E 1, GS ! 0x11, FS ! 0x0C, FS & 法院(GB18030 B7A8 D4BA) FS ., LF.
        (
            "chinese title",
            "generic-80",
            Receipt::new().styled("法院", Align::Center, true, 2, 2),
            "1b40 1b6101 1b4501 1d2111 1c210c 1c26 b7a8d4ba 1c2e 0a",
        ),
        // Styles are sent only when they change: the second line carries no style command.
        ("unchanged style", "generic-80", Receipt::new().text("a").text("b"), "1b40 61 0a 62 0a"),
        // 䶮 is a GB 18030 code (FE9F) the generic-80 font holds.
        ("rare name native", "generic-80", Receipt::new().text("䶮"), "1b40 1c26 fe9f 1c2e 0a"),
        // Key-value padded to 32 columns on 58 mm.
        (
            "key value 58",
            "generic-58",
            Receipt::new().kv("No.", "B023"),
            &format!("1b40 4e6f2e {} 42303233 0a", "20".repeat(25)),
        ),
        // Native QR: model 2, module 4, error correction M (49), store "AB", print.
        (
            "native qr",
            "generic-80",
            Receipt::new().qr_with("AB", 4, Align::Left),
            "1b40 1d286b0400314132 00 1d286b03003143 04 1d286b03003145 31 1d286b0500315030 4142 1d286b0300315130",
        ),
        // Feed: ESC d n.
        ("feed", "generic-80", Receipt::new().feed(3), "1b40 1b6403"),
    ]);
}

#[test]
fn fallbacks_are_rasters() {
    // (profile, receipt, expected GS v 0 band count, paper width in bytes, bytes after the raster)
    let text_gap: &[u8] = &[0x1b, 0x4a, 0x06]; // ESC J 6: a text line's spacing below a rasterised line
    let cases: &[(&str, Receipt, usize, u8, &[u8])] = &[
        (
            "no-chinese-80",
            Receipt::new().text("法院"),
            1,
            72,
            text_gap,
        ),
        ("no-qr-58", Receipt::new().text("张䶮"), 1, 48, text_gap),
        ("generic-58", Receipt::new().text("张䶮"), 1, 48, text_gap),
        (
            "no-qr-58",
            Receipt::new().qr("https://court.example/q/B023"),
            1,
            48,
            &[],
        ),
    ];
    for (profile, receipt, bands, wb, tail) in cases {
        let p = Profile::load_embedded(profile).unwrap();
        let got = render(receipt, &p).unwrap();
        let heads: Vec<usize> = got
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == &[0x1d, 0x76, 0x30, 0x00])
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            heads.len(),
            *bands,
            "{profile}: {}",
            show(&got[..got.len().min(40)])
        );
        let h = heads[0];
        assert_eq!(got[h + 4], *wb, "{profile}: width bytes");
        let rows = got[h + 6] as usize + 256 * got[h + 7] as usize;
        assert_eq!(
            &got[h + 8 + *wb as usize * rows..],
            *tail,
            "{profile}: what follows the raster"
        );
        assert!(
            !got.windows(2).any(|w| w == [0x1c, 0x26]),
            "{profile}: no FS & for rasterised text"
        );
    }
}

#[test]
fn bad_items_are_typed_errors() {
    let p = Profile::load_embedded("generic-80").unwrap();
    let cases: &[(Receipt, &str)] = &[
        (
            Receipt::new().styled("x", Align::Left, false, 5, 1),
            "width_mul is 5",
        ),
        (
            Receipt::new().styled("x", Align::Left, false, 1, 0),
            "height_mul is 0",
        ),
        (
            Receipt::new().qr_with("x", 0, Align::Left),
            "module_size is 0",
        ),
        (Receipt::new().qr("x".repeat(3000)), "QR data of 3000 bytes"),
        (
            Receipt::new().barcode(court_printer::BarcodeKind::Ean13, "12ab"),
            "EAN-13",
        ),
        (
            Receipt::new().image(court_printer::Bitmap::new(600, 8), Align::Left),
            "image is 600 dots wide; the paper is 576",
        ),
    ];
    for (r, want) in cases {
        let e = render(r, &p).unwrap_err().to_string();
        assert!(e.contains(want), "{e} should contain {want}");
    }
}
