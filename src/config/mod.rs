//! Configuration in two stages (see ARCHITECTURE.md).
//!
//! Stage 1 (`load`): the embedded `kiosk-config/default.toml`, with an optional machine file layered over it
//! (tables merge key by key; any other value replaces), is parsed into `Raw*` structs section by section and then
//! validated. Every problem is collected — unknown keys, wrong types, bad values — each naming its key path and
//! what is accepted. Stage 2 (elsewhere: printer, store, sync) builds live objects from the validated `Config`.

mod raw;
pub mod raw_types {
    pub use super::raw::{RawConfig, RawFees, RawRisk};
}
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

pub use validate::{
    BackendConfig, BackendMode, Config, CourtConfig, FeatureConfig, FeesConfig, KioskConfig,
    Orientation, PrinterConfig, PriorityClass, QueueConfig, RiskConfig, Role, ServiceConfig,
    StorageConfig,
};

/// The default configuration, compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("../../kiosk-config/default.toml");

/// One problem found in a configuration: where (a dotted key path, or the file) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// All the problems of one configuration, in the order found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigErrors {
    pub source_name: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} problem(s) in the configuration ({}):",
            self.problems.len(),
            self.source_name
        )?;
        for p in &self.problems {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

/// Loads the effective configuration: the embedded default, the machine file at `path` over it (if any), and
/// `data_dir` over `storage.data_dir` (the `--data-dir` flag).
pub fn load(path: Option<&Path>, data_dir: Option<&Path>) -> Result<Config, ConfigErrors> {
    let machine = match path {
        None => None,
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => Some((p.display().to_string(), text)),
            Err(e) => {
                return Err(ConfigErrors {
                    source_name: p.display().to_string(),
                    problems: vec![Problem {
                        path: p.display().to_string(),
                        message: format!("cannot read the configuration file: {e}"),
                    }],
                })
            }
        },
    };
    let mut cfg = from_texts(machine.as_ref().map(|(n, t)| (n.as_str(), t.as_str())))?;
    if let Some(dir) = data_dir {
        cfg.storage.data_dir = PathBuf::from(dir);
    }
    Ok(cfg)
}

/// Stage 1 over texts already read: the embedded default plus an optional `(name, text)` machine file.
pub fn from_texts(machine: Option<(&str, &str)>) -> Result<Config, ConfigErrors> {
    let source_name = machine
        .map(|(n, _)| n.to_string())
        .unwrap_or_else(|| "embedded default".into());
    let mut problems = Vec::new();
    let mut merged = match DEFAULT_TOML.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem {
                path: "kiosk-config/default.toml".into(),
                message: format!("not valid TOML: {e}"),
            });
            return Err(ConfigErrors {
                source_name,
                problems,
            });
        }
    };
    if let Some((name, text)) = machine {
        match text.parse::<toml::Table>() {
            Ok(over) => merge(&mut merged, over),
            Err(e) => {
                problems.push(Problem {
                    path: name.to_string(),
                    message: format!("not valid TOML: {}", e.message()),
                });
                return Err(ConfigErrors {
                    source_name,
                    problems,
                });
            }
        }
    }
    let raw = raw::parse(merged, &mut problems);
    let cfg = validate::validate(raw, &mut problems);
    match cfg {
        Some(cfg) if problems.is_empty() => Ok(cfg),
        _ => Err(ConfigErrors {
            source_name,
            problems,
        }),
    }
}

/// Layers `over` onto `base`: tables merge key by key, any other value (arrays included) replaces.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// The effective configuration as TOML, with secrets (the device token) masked.
pub fn show(cfg: &Config) -> String {
    let mut raw = cfg.raw.clone();
    if !raw.backend.token.is_empty() {
        raw.backend.token = mask(&raw.backend.token);
    }
    toml::to_string_pretty(&raw)
        .unwrap_or_else(|e| format!("# cannot print the configuration: {e}\n"))
}

fn mask(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("****{tail}")
}

#[cfg(test)]
mod tests;
