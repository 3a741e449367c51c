//! The decoder reads what the renderer writes, and hand-written jobs decode to the expected text, QR data and
//! cuts.

use court_printer::receipt::{Align, Receipt};
use court_printer::{preview, render, Profile};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// (job in hex, text lines, QR payloads, cuts, warnings that must appear)
type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], usize, &'a [&'a str]);

#[test]
fn hand_written_jobs() {
    let cases: &[Case] = &[
        ("1b40 4869 0a", &["Hi"], &[], 0, &[]),
        // FS & + GB18030 two-byte 法院 + four-byte 𠀀 (95 32 82 36) + FS .
        ("1b40 1c26 b7a8d4ba 95328236 1c2e 0a", &["法院𠀀"], &[], 0, &[]),
        // 䶮 (FE9F) and size commands (GS !, FS !, ESC !) do not change the text.
        ("1d2111 1c210c 1c26 fe9f 1c2e 0a 1b2130 41 0a", &["䶮", "A"], &[], 0, &[]),
        // ESC d prints the line like LF; GS V A 0 and GS V 1 are cuts.
        ("41 1b6403 42 0a 1d564100 1d5601", &["A", "B"], &[], 2, &[]),
        // Native QR: store "AB", print.
        (
            "1d286b0400314132 00 1d286b0300314304 1d286b0300314531 1d286b0500315030 4142 1d286b0300315130",
            &[],
            &["AB"],
            0,
            &[],
        ),
        // Two-byte text outside FS & is still read but flagged; an unknown command is listed.
        ("b7a8 0a 1b99", &["法"], &[], 0, &["outside FS &", "unknown command ESC 0x99"]),
    ];
    for (job, lines, qrs, cuts, warns) in cases {
        let p = preview::decode(&hex(job));
        assert_eq!(
            p.text_lines,
            lines.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{job}"
        );
        assert_eq!(
            p.qr_codes,
            qrs.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "{job}"
        );
        assert_eq!(p.cuts, *cuts, "{job}");
        for w in *warns {
            assert!(
                p.warnings.iter().any(|x| x.contains(w)),
                "{job}: {:?} lacks {w}",
                p.warnings
            );
        }
        if warns.is_empty() {
            assert!(p.warnings.is_empty(), "{job}: {:?}", p.warnings);
        }
    }
}

#[test]
fn rendered_tickets_read_back() {
    let r = Receipt::new()
        .title("焦作市中级人民法院")
        .kv("业务", "立案登记")
        .styled("B023", Align::Center, true, 4, 4)
        .text("当事人 张䶮")
        .qr("https://court.example/q/B023")
        .cut();
    // (profile, width, lines that must be read as text, QR read natively, rasters)
    let cases: &[(&str, u32, &[&str], bool, usize)] = &[
        (
            "generic-80",
            576,
            &["焦作市中级人民法院", "B023", "当事人 张䶮"],
            true,
            0,
        ),
        ("generic-58", 384, &["焦作市中级人", "B023"], true, 1),
        ("no-chinese-80", 576, &["B023"], true, 3),
        ("no-qr-58", 384, &["B023"], false, 2),
    ];
    for (name, width, lines, native_qr, rasters) in cases {
        let profile = Profile::load_embedded(name).unwrap();
        let bytes = render(&r, &profile).unwrap();
        let p = preview::decode(&bytes);
        assert_eq!(
            p.image.width(),
            *width,
            "{name}: width guessed from the job"
        );
        assert!(p.init && p.warnings.is_empty(), "{name}: {:?}", p.warnings);
        for l in *lines {
            assert!(
                p.text_lines.iter().any(|t| t.contains(l)),
                "{name}: {l} not in {:?}",
                p.text_lines
            );
        }
        assert_eq!(!p.qr_codes.is_empty(), *native_qr, "{name}");
        assert_eq!(p.rasters, *rasters, "{name}: rasters");
        assert_eq!(p.cuts, usize::from(profile.cutter), "{name}: cuts");
        let png = p.png().unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}
