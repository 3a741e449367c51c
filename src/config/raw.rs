//! Stage 1a: the merged TOML table → `Raw*` structs, one section at a time so that a problem in one section does
//! not hide the problems of the others. Unknown keys are collected with their full path (serde_ignored); a wrong
//! type is reported with its path (serde_path_to_error). Values are kept as written; `validate` judges them.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::Problem;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawCourt {
    pub name: String,
    pub name_en: String,
    pub code: String,
    pub time_zone: String,
    pub help_desk: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawKiosk {
    pub id: String,
    pub role: String,
    pub orientation: String,
    pub idle_timeout_s: i64,
    pub idle_warning_s: i64,
    pub languages: Vec<String>,
    pub default_language: String,
    pub large_text: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawFeatures {
    pub ticket: bool,
    pub fees: bool,
    pub risk: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawPrinter {
    pub uri: String,
    pub paper_mm: i64,
    pub profile: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawBackend {
    pub mode: String,
    pub url: String,
    pub token: String,
    pub sync_interval_s: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawStorage {
    pub data_dir: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawPriority {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub weight: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawQueue {
    pub ticket_url_base: String,
    pub windows_open: i64,
    pub history_window: i64,
    pub priority: Vec<RawPriority>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawService {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub prefix: String,
    pub enabled: bool,
    pub avg_minutes: i64,
    pub tagline: String,
    pub tagline_en: String,
    pub summary: String,
    pub summary_en: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawFees {
    pub rounding_unit_fen: i64,
    /// Court-fixed figures inside national ranges, yuan as written (e.g. `divorce = "200"`).
    pub fixed: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawRisk {
    pub enabled_case_types: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RawConfig {
    pub court: RawCourt,
    pub kiosk: RawKiosk,
    pub features: RawFeatures,
    pub printer: RawPrinter,
    pub backend: RawBackend,
    pub storage: RawStorage,
    pub queue: RawQueue,
    pub services: Vec<RawService>,
    pub fees: RawFees,
    pub risk: RawRisk,
}

const SECTIONS: &[&str] = &[
    "court", "kiosk", "features", "printer", "backend", "storage", "queue", "services", "fees",
    "risk",
];

/// Parses every known section; unknown top-level keys and per-section problems go to `problems`.
pub fn parse(mut table: toml::Table, problems: &mut Vec<Problem>) -> RawConfig {
    for key in table.keys() {
        if !SECTIONS.contains(&key.as_str()) {
            problems.push(Problem {
                path: key.clone(),
                message: format!(
                    "unknown section or key; accepted top-level sections: {}",
                    SECTIONS.join(", ")
                ),
            });
        }
    }
    let mut take = |name: &str| table.remove(name);
    RawConfig {
        court: section(take("court"), "court", problems),
        kiosk: section(take("kiosk"), "kiosk", problems),
        features: section(take("features"), "features", problems),
        printer: section(take("printer"), "printer", problems),
        backend: section(take("backend"), "backend", problems),
        storage: section(take("storage"), "storage", problems),
        queue: section(take("queue"), "queue", problems),
        services: section(take("services"), "services", problems),
        fees: section(take("fees"), "fees", problems),
        risk: section(take("risk"), "risk", problems),
    }
}

fn section<T: DeserializeOwned + Default>(
    value: Option<toml::Value>,
    name: &str,
    problems: &mut Vec<Problem>,
) -> T {
    let Some(value) = value else {
        return T::default();
    };
    let mut unknown = Vec::new();
    let result: Result<T, _> = {
        let mut record = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
        let ignoring = serde_ignored::Deserializer::new(value, &mut record);
        serde_path_to_error::deserialize(ignoring)
    };
    for path in unknown {
        problems.push(Problem {
            path: format!("{name}.{path}"),
            message: "unknown key (not part of this section)".into(),
        });
    }
    match result {
        Ok(v) => v,
        Err(e) => {
            let inner = e.path().to_string();
            let path = if inner == "." || inner.is_empty() {
                name.to_string()
            } else {
                format!("{name}.{inner}")
            };
            problems.push(Problem {
                path,
                message: format!("wrong type: {}", e.inner()),
            });
            T::default()
        }
    }
}
