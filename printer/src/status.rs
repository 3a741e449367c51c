//! Real-time status: DLE EOT n (10 04 n), n = 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor.
//! Each answer is one byte with the fixed pattern 0xx1xx10 (bit 1 = 1, bit 4 = 1, bits 0 and 7 = 0).
//!
//! | n | bits used |
//! |---|---|
//! | 1 | bit 3 offline |
//! | 2 | bit 2 cover open, bit 3 paper fed by the feed button, bit 5 printing stopped by paper end, bit 6 error |
//! | 3 | bit 3 autocutter error, bit 5 unrecoverable error, bit 6 auto-recoverable error |
//! | 4 | bits 2 and 3 paper near end, bits 5 and 6 paper end |

use serde::Serialize;

/// DLE EOT requests in the order they are asked.
pub const QUERIES: [u8; 4] = [1, 2, 3, 4];

/// Paper sensor state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    Ok,
    NearEnd,
    Out,
}

/// A printer's state. Serialises to `{"online":…,"paper":"ok"|"near-end"|"out","cover_open":…,"error":null|"…",
/// "virtual":…}`.
///
/// `virtual` is true for `file:` and `preview:` printers: they have no sensors, so their status is always
/// online, paper ok, cover closed, no error — it says nothing about a real printer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub online: bool,
    pub paper: Paper,
    pub cover_open: bool,
    pub error: Option<String>,
    #[serde(rename = "virtual")]
    pub is_virtual: bool,
}

impl Status {
    /// The status reported for `file:` and `preview:` printers.
    pub fn virtual_printer() -> Status {
        Status {
            online: true,
            paper: Paper::Ok,
            cover_open: false,
            error: None,
            is_virtual: true,
        }
    }

    /// Whether a job can be sent: online, paper not out, cover closed, no error.
    pub fn ready(&self) -> bool {
        self.online && self.paper != Paper::Out && !self.cover_open && self.error.is_none()
    }

    /// Why the printer is not ready, in words for staff (Chinese and English); `None` when ready.
    pub fn problem(&self) -> Option<String> {
        if self.paper == Paper::Out {
            Some("打印机缺纸 / paper out".into())
        } else if self.cover_open {
            Some("打印机盖未关 / cover open".into())
        } else if let Some(e) = &self.error {
            Some(format!("打印机故障 / printer error: {e}"))
        } else if !self.online {
            Some("打印机离线 / printer offline".into())
        } else {
            None
        }
    }

    /// JSON for the CLI and the shell.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// A DLE EOT answer that does not have the fixed bit pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("DLE EOT {n} answer {byte:#04x} does not have the fixed bits 0xx1xx10")]
pub struct BadReply {
    pub n: u8,
    pub byte: u8,
}

fn check(n: u8, byte: u8) -> Result<u8, BadReply> {
    if byte & 0b1001_0011 == 0b0001_0010 {
        Ok(byte)
    } else {
        Err(BadReply { n, byte })
    }
}

/// Interpret the four answers to DLE EOT 1, 2, 3, 4.
pub fn parse(replies: [u8; 4]) -> Result<Status, BadReply> {
    let printer = check(1, replies[0])?;
    let offline = check(2, replies[1])?;
    let error = check(3, replies[2])?;
    let paper = check(4, replies[3])?;
    let paper = if paper & 0x60 != 0 || offline & 0x20 != 0 {
        Paper::Out
    } else if paper & 0x0C != 0 {
        Paper::NearEnd
    } else {
        Paper::Ok
    };
    let error = if error & 0x08 != 0 {
        Some("autocutter error".to_string())
    } else if error & 0x20 != 0 {
        Some("unrecoverable error".to_string())
    } else if error & 0x40 != 0 {
        Some("auto-recoverable error (e.g. head overheated)".to_string())
    } else if offline & 0x40 != 0 {
        Some("error".to_string())
    } else {
        None
    };
    Ok(Status {
        online: printer & 0x08 == 0,
        paper,
        cover_open: offline & 0x04 != 0,
        error,
        is_virtual: false,
    })
}

/// A simulated printer state (the virtual printer's `--fault`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    PaperOut,
    PaperNearEnd,
    CoverOpen,
    Offline,
    CutterError,
}

impl Fault {
    /// Names accepted by `--fault` and in the virtual printer's `fault` file.
    pub const NAMES: &'static str =
        "none, paper-out, paper-near-end, cover-open, offline, cutter-error";

    pub fn parse(s: &str) -> Option<Fault> {
        Some(match s.trim() {
            "none" | "" => Fault::None,
            "paper-out" => Fault::PaperOut,
            "paper-near-end" => Fault::PaperNearEnd,
            "cover-open" => Fault::CoverOpen,
            "offline" => Fault::Offline,
            "cutter-error" => Fault::CutterError,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::PaperOut => "paper-out",
            Fault::PaperNearEnd => "paper-near-end",
            Fault::CoverOpen => "cover-open",
            Fault::Offline => "offline",
            Fault::CutterError => "cutter-error",
        }
    }

    /// Whether a printer in this state prints a job it receives.
    pub fn prints(self) -> bool {
        matches!(self, Fault::None | Fault::PaperNearEnd)
    }

    /// The byte an Epson-compatible printer in this state answers to DLE EOT `n` (1–4); `None` for other n.
    /// Paper end stops printing and takes the printer offline; an open cover takes it offline; "offline" is
    /// waiting for online recovery (bit 5 of n = 1) with no other cause; a cutter error is an offline error.
    pub fn reply(self, n: u8) -> Option<u8> {
        const FIXED: u8 = 0x12;
        let bits = match (self, n) {
            (_, 0 | 5..) => return None,
            (Fault::None | Fault::PaperNearEnd, 1..=3) => 0,
            (Fault::PaperNearEnd, 4) => 0x0C,
            (Fault::PaperOut, 1) => 0x08,
            (Fault::PaperOut, 2) => 0x20,
            (Fault::PaperOut, 3) => 0,
            (Fault::PaperOut, 4) => 0x0C | 0x60,
            (Fault::CoverOpen, 1) => 0x08,
            (Fault::CoverOpen, 2) => 0x04,
            (Fault::Offline, 1) => 0x08 | 0x20,
            (Fault::CutterError, 1) => 0x08,
            (Fault::CutterError, 2) => 0x40,
            (Fault::CutterError, 3) => 0x08,
            _ => 0,
        };
        Some(FIXED | bits)
    }

    /// The four answers to DLE EOT 1–4.
    pub fn replies(self) -> [u8; 4] {
        QUERIES.map(|n| self.reply(n).unwrap_or(0x12))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fault_reads_back() {
        // (fault, online, paper, cover_open, error?)
        let cases: &[(Fault, bool, Paper, bool, bool)] = &[
            (Fault::None, true, Paper::Ok, false, false),
            (Fault::PaperNearEnd, true, Paper::NearEnd, false, false),
            (Fault::PaperOut, false, Paper::Out, false, false),
            (Fault::CoverOpen, false, Paper::Ok, true, false),
            (Fault::Offline, false, Paper::Ok, false, false),
            (Fault::CutterError, false, Paper::Ok, false, true),
        ];
        for &(f, online, paper, cover, err) in cases {
            let s = parse(f.replies()).unwrap();
            assert_eq!(
                (s.online, s.paper, s.cover_open, s.error.is_some()),
                (online, paper, cover, err),
                "{f:?}"
            );
            assert_eq!(s.ready(), f.prints(), "{f:?} ready");
            assert_eq!(Fault::parse(f.name()), Some(f));
        }
    }

    #[test]
    fn epson_bytes() {
        assert_eq!(Fault::None.replies(), [0x12, 0x12, 0x12, 0x12]);
        assert_eq!(Fault::PaperOut.replies(), [0x1A, 0x32, 0x12, 0x7E]);
        assert_eq!(Fault::CoverOpen.replies(), [0x1A, 0x16, 0x12, 0x12]);
    }

    #[test]
    fn bad_pattern_is_rejected() {
        for bad in [
            [0x00, 0x12, 0x12, 0x12],
            [0x12, 0x12, 0x12, 0xFF],
            [0x12, 0x13, 0x12, 0x12],
        ] {
            assert!(parse(bad).is_err(), "{bad:02X?}");
        }
    }

    #[test]
    fn json_contract() {
        let s = parse(Fault::PaperOut.replies()).unwrap();
        assert_eq!(
            s.to_json(),
            r#"{"online":false,"paper":"out","cover_open":false,"error":null,"virtual":false}"#
        );
        assert!(Status::virtual_printer()
            .to_json()
            .contains(r#""virtual":true"#));
    }
}
