//! Stage 1b: judge the raw values and build the validated `Config`. Every problem is collected with its key path
//! and what is accepted; nothing stops at the first.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use super::raw::RawConfig;
use super::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Kiosk,
    Window,
    Display,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    pub fn size(self) -> (u32, u32) {
        match self {
            Orientation::Portrait => (1080, 1920),
            Orientation::Landscape => (1920, 1080),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendMode {
    Standalone,
    Remote,
}

#[derive(Debug, Clone)]
pub struct CourtConfig {
    pub name: String,
    pub name_en: String,
    pub code: String,
    pub time_zone: chrono_tz::Tz,
    pub help_desk: String,
}

#[derive(Debug, Clone)]
pub struct KioskConfig {
    pub id: String,
    pub role: Role,
    pub orientation: Orientation,
    pub idle_timeout_s: u32,
    pub idle_warning_s: u32,
    pub languages: Vec<String>,
    pub default_language: String,
    pub large_text: bool,
}

#[derive(Debug, Clone)]
pub struct FeatureConfig {
    pub ticket: bool,
    pub fees: bool,
    pub risk: bool,
}

#[derive(Debug, Clone)]
pub struct PrinterConfig {
    pub uri: String,
    pub paper_mm: u32,
    pub profile: String,
}

#[derive(Debug, Clone)]
pub struct BackendConfig {
    pub mode: BackendMode,
    pub url: Option<url::Url>,
    pub token: String,
    pub sync_interval_s: u32,
}

#[derive(Debug, Clone)]
pub struct StorageConfig {
    pub data_dir: PathBuf,
}

#[derive(Debug, Clone)]
pub struct PriorityClass {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub weight: u32,
}

#[derive(Debug, Clone)]
pub struct QueueConfig {
    pub ticket_url_base: String,
    pub windows_open: u32,
    pub history_window: u32,
    pub priority: Vec<PriorityClass>,
}

#[derive(Debug, Clone)]
pub struct ServiceConfig {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub prefix: char,
    pub enabled: bool,
    pub avg_minutes: u32,
    /// A few words for the home tile.
    pub tagline: String,
    pub tagline_en: String,
    pub summary: String,
    pub summary_en: String,
}

#[derive(Debug, Clone)]
pub struct FeesConfig {
    pub rounding_unit_fen: u32,
    /// Court-fixed figures, as written (yuan); the fee module checks them against the national ranges.
    pub fixed: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct RiskConfig {
    pub enabled_case_types: Vec<String>,
}

/// The validated configuration. `raw` keeps what was written, for `config show`.
#[derive(Debug, Clone)]
pub struct Config {
    pub court: CourtConfig,
    pub kiosk: KioskConfig,
    pub features: FeatureConfig,
    pub printer: PrinterConfig,
    pub backend: BackendConfig,
    pub storage: StorageConfig,
    pub queue: QueueConfig,
    pub services: Vec<ServiceConfig>,
    pub fees: FeesConfig,
    pub risk: RiskConfig,
    pub raw: RawConfig,
}

impl Config {
    pub fn service(&self, code: &str) -> Option<&ServiceConfig> {
        self.services.iter().find(|s| s.code == code)
    }
}

struct Checker<'a> {
    problems: &'a mut Vec<Problem>,
}

impl Checker<'_> {
    fn bad(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn non_empty(&mut self, path: &str, value: &str) {
        if value.trim().is_empty() {
            self.bad(path, "must not be empty");
        }
    }

    fn range(&mut self, path: &str, value: i64, lo: i64, hi: i64) -> u32 {
        if value < lo || value > hi {
            self.bad(
                path,
                format!("{value} is out of range; accepted: a whole number from {lo} to {hi}"),
            );
            return lo.max(0) as u32;
        }
        value as u32
    }
}

pub fn validate(raw: RawConfig, problems: &mut Vec<Problem>) -> Option<Config> {
    let mut c = Checker { problems };
    let r = &raw;

    c.non_empty("court.name", &r.court.name);
    c.non_empty("court.code", &r.court.code);
    let time_zone = match r.court.time_zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => tz,
        Err(_) => {
            c.bad(
                "court.time_zone",
                format!(
                    "{:?} is not an IANA time zone; accepted e.g. \"Asia/Shanghai\"",
                    r.court.time_zone
                ),
            );
            chrono_tz::Asia::Shanghai
        }
    };

    let id_ok = !r.kiosk.id.is_empty()
        && r.kiosk.id.len() <= 64
        && r.kiosk
            .id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
    if !id_ok {
        c.bad(
            "kiosk.id",
            format!(
                "{:?} is not accepted; use 1–64 ASCII letters, digits, '-' or '_'",
                r.kiosk.id
            ),
        );
    }
    let role = match r.kiosk.role.as_str() {
        "kiosk" => Role::Kiosk,
        "window" => Role::Window,
        "display" => Role::Display,
        other => {
            c.bad(
                "kiosk.role",
                format!("{other:?} is not a role; accepted: kiosk, window, display"),
            );
            Role::Kiosk
        }
    };
    let orientation = match r.kiosk.orientation.as_str() {
        "portrait" => Orientation::Portrait,
        "landscape" => Orientation::Landscape,
        other => {
            c.bad("kiosk.orientation", format!("{other:?} is not accepted; accepted: portrait (1080×1920), landscape (1920×1080)"));
            Orientation::Portrait
        }
    };
    let idle_timeout_s = c.range("kiosk.idle_timeout_s", r.kiosk.idle_timeout_s, 15, 3600);
    let idle_warning_s = c.range("kiosk.idle_warning_s", r.kiosk.idle_warning_s, 5, 300);
    let known_langs = ["zh", "en"];
    for (i, l) in r.kiosk.languages.iter().enumerate() {
        if !known_langs.contains(&l.as_str()) {
            c.bad(
                format!("kiosk.languages[{i}]"),
                format!("{l:?} is not a language of this kiosk; accepted: zh, en"),
            );
        }
    }
    if r.kiosk.languages.is_empty() {
        c.bad(
            "kiosk.languages",
            "must list at least one language; accepted: zh, en",
        );
    }
    if !r.kiosk.languages.contains(&r.kiosk.default_language) {
        c.bad(
            "kiosk.default_language",
            format!(
                "{:?} must be one of kiosk.languages",
                r.kiosk.default_language
            ),
        );
    }

    let paper_mm = match r.printer.paper_mm {
        58 => 58,
        80 => 80,
        other => {
            c.bad(
                "printer.paper_mm",
                format!("{other} is not a paper width; accepted: 58, 80"),
            );
            80
        }
    };
    check_printer_uri(&mut c, &r.printer.uri);
    c.non_empty("printer.profile", &r.printer.profile);

    let mode = match r.backend.mode.as_str() {
        "standalone" => BackendMode::Standalone,
        "remote" => BackendMode::Remote,
        other => {
            c.bad(
                "backend.mode",
                format!("{other:?} is not a mode; accepted: standalone, remote"),
            );
            BackendMode::Standalone
        }
    };
    let url = if r.backend.url.is_empty() {
        if mode == BackendMode::Remote {
            c.bad(
                "backend.url",
                "must be set when backend.mode = \"remote\"; accepted: an http:// or https:// URL",
            );
        }
        None
    } else {
        match url::Url::parse(&r.backend.url) {
            Ok(u) if (u.scheme() == "http" || u.scheme() == "https") && u.host().is_some() => {
                Some(u)
            }
            _ => {
                c.bad("backend.url", format!("{:?} is not a valid URL; accepted: http://HOST[:PORT] or https://HOST[:PORT]", r.backend.url));
                None
            }
        }
    };
    if mode == BackendMode::Remote && r.backend.token.is_empty() {
        c.bad("backend.token", "must be set when backend.mode = \"remote\" (the device token from `court-backend device add`)");
    }
    let sync_interval_s = c.range(
        "backend.sync_interval_s",
        r.backend.sync_interval_s,
        1,
        3600,
    );

    c.non_empty("storage.data_dir", &r.storage.data_dir);

    if !(r.queue.ticket_url_base.starts_with("https://")
        || r.queue.ticket_url_base.starts_with("http://"))
    {
        c.bad(
            "queue.ticket_url_base",
            format!(
                "{:?} is not accepted; accepted: an http:// or https:// address",
                r.queue.ticket_url_base
            ),
        );
    }
    let windows_open = c.range("queue.windows_open", r.queue.windows_open, 1, 100);
    let history_window = c.range("queue.history_window", r.queue.history_window, 1, 1000);
    let mut priority = Vec::new();
    let mut seen = HashSet::new();
    for (i, p) in r.queue.priority.iter().enumerate() {
        let base = format!("queue.priority[{i}]");
        if !is_code(&p.code) {
            c.bad(
                format!("{base}.code"),
                format!(
                    "{:?} is not a code; accepted: lower-case kebab-case",
                    p.code
                ),
            );
        } else if !seen.insert(p.code.clone()) {
            c.bad(
                format!("{base}.code"),
                format!("{:?} appears twice", p.code),
            );
        }
        c.non_empty(&format!("{base}.name"), &p.name);
        let weight = c.range(&format!("{base}.weight"), p.weight, 0, 100);
        priority.push(PriorityClass {
            code: p.code.clone(),
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            weight,
        });
    }

    let mut services = Vec::new();
    let mut codes = HashSet::new();
    let mut prefixes = HashSet::new();
    if r.services.is_empty() {
        c.bad("services", "at least one service is needed");
    }
    for (i, s) in r.services.iter().enumerate() {
        let base = format!("services[{i}]");
        if !is_code(&s.code) {
            c.bad(
                format!("{base}.code"),
                format!(
                    "{:?} is not a code; accepted: lower-case kebab-case, e.g. \"filing\"",
                    s.code
                ),
            );
        } else if !codes.insert(s.code.clone()) {
            c.bad(
                format!("{base}.code"),
                format!("{:?} appears twice", s.code),
            );
        }
        c.non_empty(&format!("{base}.name"), &s.name);
        c.non_empty(&format!("{base}.name_en"), &s.name_en);
        let mut chars = s.prefix.chars();
        let prefix = match (chars.next(), chars.next()) {
            (Some(ch), None) if ch.is_ascii_uppercase() => {
                if !prefixes.insert(ch) {
                    c.bad(
                        format!("{base}.prefix"),
                        format!("{ch:?} is used by another service; each needs its own letter"),
                    );
                }
                ch
            }
            _ => {
                c.bad(
                    format!("{base}.prefix"),
                    format!(
                        "{:?} is not accepted; accepted: one capital letter A–Z",
                        s.prefix
                    ),
                );
                'Z'
            }
        };
        let avg_minutes = c.range(&format!("{base}.avg_minutes"), s.avg_minutes, 1, 240);
        services.push(ServiceConfig {
            code: s.code.clone(),
            name: s.name.clone(),
            name_en: s.name_en.clone(),
            prefix,
            enabled: s.enabled,
            avg_minutes,
            tagline: s.tagline.clone(),
            tagline_en: s.tagline_en.clone(),
            summary: s.summary.clone(),
            summary_en: s.summary_en.clone(),
        });
    }

    let rounding_unit_fen = match r.fees.rounding_unit_fen {
        1 | 10 | 100 => r.fees.rounding_unit_fen as u32,
        other => {
            c.bad(
                "fees.rounding_unit_fen",
                format!("{other} is not accepted; accepted: 1 (fen), 10 (jiao), 100 (yuan)"),
            );
            1
        }
    };
    crate::config_hooks::check_fees(&r.fees, &mut |p, m| c.bad(p, m));
    let service_codes: Vec<&str> = r.services.iter().map(|s| s.code.as_str()).collect();
    crate::config_hooks::check_risk(&r.risk, &service_codes, &mut |p, m| c.bad(p, m));

    if !c.problems.is_empty() {
        return None;
    }
    Some(Config {
        court: CourtConfig {
            name: r.court.name.clone(),
            name_en: r.court.name_en.clone(),
            code: r.court.code.clone(),
            time_zone,
            help_desk: r.court.help_desk.clone(),
        },
        kiosk: KioskConfig {
            id: r.kiosk.id.clone(),
            role,
            orientation,
            idle_timeout_s,
            idle_warning_s,
            languages: r.kiosk.languages.clone(),
            default_language: r.kiosk.default_language.clone(),
            large_text: r.kiosk.large_text,
        },
        features: FeatureConfig {
            ticket: r.features.ticket,
            fees: r.features.fees,
            risk: r.features.risk,
        },
        printer: PrinterConfig {
            uri: r.printer.uri.clone(),
            paper_mm,
            profile: r.printer.profile.clone(),
        },
        backend: BackendConfig {
            mode,
            url,
            token: r.backend.token.clone(),
            sync_interval_s,
        },
        storage: StorageConfig {
            data_dir: PathBuf::from(&r.storage.data_dir),
        },
        queue: QueueConfig {
            ticket_url_base: r.queue.ticket_url_base.clone(),
            windows_open,
            history_window,
            priority,
        },
        services,
        fees: FeesConfig {
            rounding_unit_fen,
            fixed: r.fees.fixed.clone(),
        },
        risk: RiskConfig {
            enabled_case_types: r.risk.enabled_case_types.clone(),
        },
        raw,
    })
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Printer URIs: tcp://HOST:PORT, usb://VID:PID, dev:/dev/…, serial:/dev/…[?baud=N], file:PATH, preview:DIR.
fn check_printer_uri(c: &mut Checker<'_>, uri: &str) {
    const ACCEPTED: &str =
        "accepted: tcp://HOST:PORT, usb://VID:PID, dev:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=9600, file:PATH, preview:DIR";
    let ok = if let Some(rest) = uri.strip_prefix("tcp://") {
        rest.rsplit_once(':')
            .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok())
    } else if let Some(rest) = uri.strip_prefix("usb://") {
        rest.split_once(':').is_some_and(|(v, p)| {
            u16::from_str_radix(v, 16).is_ok() && u16::from_str_radix(p, 16).is_ok()
        })
    } else if let Some(rest) = uri.strip_prefix("dev:") {
        rest.starts_with('/')
    } else if let Some(rest) = uri.strip_prefix("serial:") {
        rest.starts_with('/')
    } else if let Some(rest) = uri.strip_prefix("file:") {
        !rest.is_empty()
    } else if let Some(rest) = uri.strip_prefix("preview:") {
        !rest.is_empty()
    } else {
        false
    };
    if !ok {
        c.bad(
            "printer.uri",
            format!("{uri:?} is not a printer address; {ACCEPTED}"),
        );
    }
}
