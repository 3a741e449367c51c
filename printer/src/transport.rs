//! Transports chosen by the printer URI, status queries and [`print_job`].
//!
//! | URI | transport | status / result |
//! |---|---|---|
//! | `tcp://HOST:PORT` | raw TCP (port 9100) | DLE EOT read back → `printed` or `failed` |
//! | `serial:/dev/ttyUSB0?baud=9600` | serial line (8N1) | DLE EOT read back → `printed` or `failed` |
//! | `dev:/dev/usb/lp0` | a printer device file (kernel usblp) | no read-back → `unconfirmed` |
//! | `usb://VID:PID` (hex) | USB bulk endpoints (pure-Rust `nusb`, through the escpos crate's driver) | DLE EOT read back → `printed` or `failed` |
//! | `file:PATH` | appends the job to a file | virtual status → `unconfirmed` |
//! | `preview:DIR` | writes `N.bin`, `N.png`, `N.txt` (N increasing, never overwritten) | virtual status → `previewed` |
//!
//! Relative `file:` and `preview:` paths are resolved against the `base_dir` the caller passes (the kiosk's data
//! directory), or the working directory when it passes none. Connecting and each write are limited to
//! [`IO_TIMEOUT`]; a printer that does not answer a status query within [`IO_TIMEOUT`] is a typed error.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use crate::preview;
use crate::profile::Profile;
use crate::status::{self, BadReply, Status};

/// Connect and write timeout (each).
pub const IO_TIMEOUT: Duration = Duration::from_secs(3);
const CHUNK: usize = 4096;

/// A parsed printer address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterUri {
    Tcp { host: String, port: u16 },
    Usb { vid: u16, pid: u16 },
    Dev(PathBuf),
    Serial { path: PathBuf, baud: u32 },
    File(PathBuf),
    Preview(PathBuf),
}

/// Why talking to a printer failed.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("printer address {uri:?}: {why}; accepted: tcp://HOST:PORT, usb://VID:PID, dev:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=9600, file:PATH, preview:DIR")]
    BadUri { uri: String, why: String },
    #[error("cannot connect to {target}: {source}")]
    Connect {
        target: String,
        source: std::io::Error,
    },
    #[error("{target}: {op} timed out after {secs} s", secs = IO_TIMEOUT.as_secs())]
    Timeout { target: String, op: &'static str },
    #[error("{target}: {op} failed: {source}")]
    Io {
        target: String,
        op: &'static str,
        source: std::io::Error,
    },
    #[error("{target} gives no status (no read-back on this transport)")]
    NoReadBack { target: String },
    #[error("{target} did not answer DLE EOT {n}")]
    NoReply { target: String, n: u8 },
    #[error("{target}: {source}")]
    BadReply { target: String, source: BadReply },
}

impl PrinterUri {
    /// Parse a printer URI (see the module table).
    pub fn parse(uri: &str) -> Result<PrinterUri, TransportError> {
        let bad = |why: &str| TransportError::BadUri {
            uri: uri.to_string(),
            why: why.to_string(),
        };
        let (scheme, rest) = uri.split_once(':').ok_or_else(|| bad("no scheme"))?;
        match scheme {
            "tcp" => {
                let hp = rest
                    .strip_prefix("//")
                    .ok_or_else(|| bad("tcp needs tcp://HOST:PORT"))?;
                let hp = hp.trim_end_matches('/');
                let (host, port) = hp
                    .rsplit_once(':')
                    .ok_or_else(|| bad("tcp needs a port (raw printing is 9100)"))?;
                let host = host.trim_start_matches('[').trim_end_matches(']');
                if host.is_empty() {
                    return Err(bad("tcp needs a host"));
                }
                let port = port
                    .parse::<u16>()
                    .map_err(|_| bad("the port is not a number 1–65535"))?;
                if port == 0 {
                    return Err(bad("the port is not a number 1–65535"));
                }
                Ok(PrinterUri::Tcp {
                    host: host.to_string(),
                    port,
                })
            }
            "usb" => {
                let v = rest
                    .strip_prefix("//")
                    .ok_or_else(|| bad("usb needs usb://VID:PID"))?;
                let (vid, pid) = v
                    .split_once(':')
                    .ok_or_else(|| bad("usb needs usb://VID:PID in hex"))?;
                let hex = |s: &str| u16::from_str_radix(s.trim_start_matches("0x"), 16);
                match (hex(vid), hex(pid)) {
                    (Ok(vid), Ok(pid)) => Ok(PrinterUri::Usb { vid, pid }),
                    _ => Err(bad(
                        "VID and PID are 4-digit hex numbers, e.g. usb://0416:5011",
                    )),
                }
            }
            "dev" => {
                if rest.is_empty() {
                    return Err(bad("dev needs a device path, e.g. dev:/dev/usb/lp0"));
                }
                Ok(PrinterUri::Dev(PathBuf::from(rest)))
            }
            "serial" => {
                let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
                if path.is_empty() {
                    return Err(bad(
                        "serial needs a device path, e.g. serial:/dev/ttyUSB0?baud=9600",
                    ));
                }
                let mut baud = 9600;
                for kv in query.split('&').filter(|s| !s.is_empty()) {
                    match kv.split_once('=') {
                        Some(("baud", b)) => {
                            baud = b
                                .parse()
                                .ok()
                                .filter(|b| *b > 0)
                                .ok_or_else(|| bad("baud is not a positive number"))?
                        }
                        _ => return Err(bad("serial accepts only ?baud=N")),
                    }
                }
                Ok(PrinterUri::Serial {
                    path: PathBuf::from(path),
                    baud,
                })
            }
            "file" => {
                let p = rest.strip_prefix("//").unwrap_or(rest);
                if p.is_empty() {
                    return Err(bad("file needs a path"));
                }
                Ok(PrinterUri::File(PathBuf::from(p)))
            }
            "preview" => {
                let p = rest.strip_prefix("//").unwrap_or(rest);
                if p.is_empty() {
                    return Err(bad("preview needs a directory"));
                }
                Ok(PrinterUri::Preview(PathBuf::from(p)))
            }
            _ => Err(bad(&format!("unknown scheme {scheme:?}"))),
        }
    }

    /// Resolve relative `file:`/`preview:` paths against `base_dir`.
    pub fn resolved(self, base_dir: Option<&Path>) -> PrinterUri {
        let join = |p: PathBuf| match base_dir {
            Some(b) if p.is_relative() => b.join(p),
            _ => p,
        };
        match self {
            PrinterUri::File(p) => PrinterUri::File(join(p)),
            PrinterUri::Preview(p) => PrinterUri::Preview(join(p)),
            other => other,
        }
    }

    /// Whether a status can be read back from the printer itself.
    pub fn can_read_back(&self) -> bool {
        matches!(
            self,
            PrinterUri::Tcp { .. } | PrinterUri::Serial { .. } | PrinterUri::Usb { .. }
        )
    }

    /// A short name for messages and logs (no credentials are ever part of a printer URI).
    pub fn target(&self) -> String {
        match self {
            PrinterUri::Tcp { host, port } => format!("tcp://{host}:{port}"),
            PrinterUri::Usb { vid, pid } => format!("usb://{vid:04x}:{pid:04x}"),
            PrinterUri::Dev(p) => format!("dev:{}", p.display()),
            PrinterUri::Serial { path, baud } => format!("serial:{}?baud={baud}", path.display()),
            PrinterUri::File(p) => format!("file:{}", p.display()),
            PrinterUri::Preview(p) => format!("preview:{}", p.display()),
        }
    }
}

/// A byte stream to a printer that can also answer DLE EOT.
trait Link {
    fn send(&mut self, data: &[u8]) -> Result<(), TransportError>;
    fn query(&mut self, n: u8) -> Result<u8, TransportError>;
}

struct Tcp {
    s: TcpStream,
    target: String,
}

impl Tcp {
    fn open(host: &str, port: u16) -> Result<Tcp, TransportError> {
        let target = format!("tcp://{host}:{port}");
        let conn = |source| TransportError::Connect {
            target: target.clone(),
            source,
        };
        let addrs: Vec<_> = (host, port).to_socket_addrs().map_err(conn)?.collect();
        let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address");
        for a in addrs {
            match TcpStream::connect_timeout(&a, IO_TIMEOUT) {
                Ok(s) => {
                    let io = |source| TransportError::Io {
                        target: target.clone(),
                        op: "socket setup",
                        source,
                    };
                    s.set_write_timeout(Some(IO_TIMEOUT)).map_err(io)?;
                    s.set_read_timeout(Some(IO_TIMEOUT)).map_err(io)?;
                    let _ = s.set_nodelay(true);
                    return Ok(Tcp { s, target });
                }
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Err(TransportError::Timeout {
                        target,
                        op: "connect",
                    })
                }
                Err(e) => last = e,
            }
        }
        Err(conn(last))
    }
}

fn io_err(target: &str, op: &'static str, e: std::io::Error) -> TransportError {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => TransportError::Timeout {
            target: target.to_string(),
            op,
        },
        _ => TransportError::Io {
            target: target.to_string(),
            op,
            source: e,
        },
    }
}

fn read_one(r: &mut dyn Read, target: &str, n: u8) -> Result<u8, TransportError> {
    let mut b = [0u8; 1];
    match r.read(&mut b) {
        Ok(1) => Ok(b[0]),
        Ok(_) => Err(TransportError::NoReply {
            target: target.to_string(),
            n,
        }),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            Err(TransportError::NoReply {
                target: target.to_string(),
                n,
            })
        }
        Err(e) => Err(io_err(target, "status read", e)),
    }
}

impl Link for Tcp {
    fn send(&mut self, data: &[u8]) -> Result<(), TransportError> {
        for chunk in data.chunks(CHUNK) {
            self.s
                .write_all(chunk)
                .map_err(|e| io_err(&self.target, "write", e))?;
        }
        self.s.flush().map_err(|e| io_err(&self.target, "write", e))
    }
    fn query(&mut self, n: u8) -> Result<u8, TransportError> {
        self.send(&[0x10, 0x04, n])?;
        read_one(&mut self.s, &self.target, n)
    }
}

struct Serial {
    port: Box<dyn serialport::SerialPort>,
    target: String,
}

impl Link for Serial {
    fn send(&mut self, data: &[u8]) -> Result<(), TransportError> {
        for chunk in data.chunks(CHUNK) {
            self.port
                .write_all(chunk)
                .map_err(|e| io_err(&self.target, "write", e))?;
        }
        self.port
            .flush()
            .map_err(|e| io_err(&self.target, "write", e))
    }
    fn query(&mut self, n: u8) -> Result<u8, TransportError> {
        self.send(&[0x10, 0x04, n])?;
        read_one(&mut self.port, &self.target, n)
    }
}

/// Run a blocking driver call in a helper thread and give up after [`IO_TIMEOUT`] (the escpos crate's USB
/// driver waits 5 s; the kiosk waits at most 3).
fn with_deadline<T: Send + 'static>(
    target: &str,
    op: &'static str,
    f: impl FnOnce() -> escpos::errors::Result<T> + Send + 'static,
) -> Result<T, TransportError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(IO_TIMEOUT) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(TransportError::Io {
            target: target.to_string(),
            op,
            source: std::io::Error::other(e.to_string()),
        }),
        Err(_) => Err(TransportError::Timeout {
            target: target.to_string(),
            op,
        }),
    }
}

struct Usb {
    driver: escpos::driver::NativeUsbDriver,
    target: String,
}

impl Usb {
    fn open(vid: u16, pid: u16, target: String) -> Result<Usb, TransportError> {
        let driver = with_deadline(&target, "connect", move || {
            escpos::driver::NativeUsbDriver::open(vid, pid)
        })
        .map_err(|e| match e {
            TransportError::Io { target, source, .. } => TransportError::Connect { target, source },
            other => other,
        })?;
        Ok(Usb { driver, target })
    }
}

impl Link for Usb {
    fn send(&mut self, data: &[u8]) -> Result<(), TransportError> {
        use escpos::driver::Driver as _;
        for chunk in data.chunks(CHUNK) {
            let d = self.driver.clone();
            let v = chunk.to_vec();
            with_deadline(&self.target, "write", move || d.write(&v))?;
        }
        Ok(())
    }
    fn query(&mut self, n: u8) -> Result<u8, TransportError> {
        use escpos::driver::Driver as _;
        self.send(&[0x10, 0x04, n])?;
        let d = self.driver.clone();
        let read = with_deadline(&self.target, "status read", move || {
            let mut b = [0u8; 64];
            let k = d.read(&mut b)?;
            Ok((k, b[0]))
        });
        match read {
            Ok((k, b)) if k >= 1 => Ok(b),
            Ok(_) | Err(TransportError::Timeout { .. }) => Err(TransportError::NoReply {
                target: self.target.clone(),
                n,
            }),
            Err(e) => Err(e),
        }
    }
}

fn open_link(uri: &PrinterUri) -> Result<Box<dyn Link>, TransportError> {
    match uri {
        PrinterUri::Tcp { host, port } => Ok(Box::new(Tcp::open(host, *port)?)),
        PrinterUri::Serial { path, baud } => {
            let target = uri.target();
            let port = serialport::new(path.to_string_lossy(), *baud)
                .timeout(IO_TIMEOUT)
                .open()
                .map_err(|e| TransportError::Connect {
                    target: target.clone(),
                    source: std::io::Error::other(e.to_string()),
                })?;
            Ok(Box::new(Serial { port, target }))
        }
        PrinterUri::Usb { vid, pid } => Ok(Box::new(Usb::open(*vid, *pid, uri.target())?)),
        _ => Err(TransportError::NoReadBack {
            target: uri.target(),
        }),
    }
}

fn query_link(link: &mut dyn Link, target: &str) -> Result<Status, TransportError> {
    let mut replies = [0u8; 4];
    for (i, n) in status::QUERIES.iter().enumerate() {
        replies[i] = link.query(*n)?;
    }
    status::parse(replies).map_err(|source| TransportError::BadReply {
        target: target.to_string(),
        source,
    })
}

/// The printer's status. `file:` and `preview:` printers answer [`Status::virtual_printer`]; `dev:` has no
/// read-back ([`TransportError::NoReadBack`]). Call it on a timer from
/// the shell (each call opens and closes its own connection).
pub fn query_status(uri: &str, base_dir: Option<&Path>) -> Result<Status, TransportError> {
    let uri = PrinterUri::parse(uri)?.resolved(base_dir);
    match &uri {
        PrinterUri::File(_) | PrinterUri::Preview(_) => Ok(Status::virtual_printer()),
        PrinterUri::Dev(_) => Err(TransportError::NoReadBack {
            target: uri.target(),
        }),
        PrinterUri::Tcp { .. } | PrinterUri::Serial { .. } | PrinterUri::Usb { .. } => {
            let mut link = open_link(&uri)?;
            query_link(link.as_mut(), &uri.target())
        }
    }
}

/// What became of a job.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum JobResult {
    /// Sent, and the printer reported no fault before and after the job.
    Printed,
    /// Written to a `preview:` directory (no paper involved).
    Previewed { bin: PathBuf, png: PathBuf },
    /// Written, but the transport cannot tell whether anything printed (`file:`, `dev:`). Never shown as printed.
    Unconfirmed { reason: String },
    /// Not printed (or the printer faulted during the job).
    Failed { reason: String },
}

impl JobResult {
    /// Short word for logs and the CLI: printed, previewed, unconfirmed, failed.
    pub fn word(&self) -> &'static str {
        match self {
            JobResult::Printed => "printed",
            JobResult::Previewed { .. } => "previewed",
            JobResult::Unconfirmed { .. } => "unconfirmed",
            JobResult::Failed { .. } => "failed",
        }
    }
}

/// Send one job: status before (a faulted printer gets nothing), the bytes, status after where the transport
/// can read back. Never panics, never blocks longer than the timeouts.
pub fn print_job(uri: &str, base_dir: Option<&Path>, profile: &Profile, job: &[u8]) -> JobResult {
    let failed = |reason: String| JobResult::Failed { reason };
    let uri = match PrinterUri::parse(uri) {
        Ok(u) => u.resolved(base_dir),
        Err(e) => return failed(e.to_string()),
    };
    let target = uri.target();
    let result = match &uri {
        PrinterUri::Preview(dir) => match store_preview_job(dir, job, Some(profile.width_dots())) {
            Ok(stored) => JobResult::Previewed { bin: stored.bin, png: stored.png },
            Err(e) => failed(format!("{target}: cannot store the job: {e}")),
        },
        PrinterUri::File(path) => match append_file(path, job) {
            Ok(()) => JobResult::Unconfirmed { reason: format!("{target}: written to a file, nothing printed") },
            Err(e) => failed(format!("{target}: cannot append the job: {e}")),
        },
        PrinterUri::Dev(path) => match write_device(path, job) {
            Ok(()) => JobResult::Unconfirmed {
                reason: format!("{target}: written to the device; it gives no status, so printing is not confirmed"),
            },
            Err(e) => failed(e.to_string()),
        },
        PrinterUri::Tcp { .. } | PrinterUri::Serial { .. } | PrinterUri::Usb { .. } => {
            match send_checked(&uri, job) {
                Ok(r) => r,
                Err(e) => failed(e.to_string()),
            }
        }
    };
    tracing::info!(printer = %target, bytes = job.len(), result = result.word(), "print job");
    result
}

/// Render `receipt` for `profile` and [`print_job`] it; a receipt that cannot be rendered is a failed job.
pub fn print_receipt(
    uri: &str,
    base_dir: Option<&Path>,
    profile: &Profile,
    receipt: &crate::receipt::Receipt,
) -> JobResult {
    match crate::render(receipt, profile) {
        Ok(job) => print_job(uri, base_dir, profile, &job),
        Err(e) => JobResult::Failed {
            reason: format!("the receipt cannot be printed: {e}"),
        },
    }
}

fn send_checked(uri: &PrinterUri, job: &[u8]) -> Result<JobResult, TransportError> {
    let target = uri.target();
    let mut link = open_link(uri)?;
    let before = query_link(link.as_mut(), &target)?;
    if let Some(p) = before.problem() {
        return Ok(JobResult::Failed {
            reason: format!("{p} (before the job; nothing sent)"),
        });
    }
    link.send(job)?;
    let after = query_link(link.as_mut(), &target)?;
    Ok(match after.problem() {
        Some(p) => JobResult::Failed {
            reason: format!("{p} (after the job was sent)"),
        },
        None => JobResult::Printed,
    })
}

fn append_file(path: &Path, job: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    f.write_all(job)?;
    f.flush()
}

/// Write to a device file in a helper thread so that a printer that stops accepting data (paper out, offline)
/// cannot block the caller longer than [`IO_TIMEOUT`] per chunk.
fn write_device(path: &Path, job: &[u8]) -> Result<(), TransportError> {
    let target = format!("dev:{}", path.display());
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|source| TransportError::Connect {
            target: target.clone(),
            source,
        })?;
    let (tx, rx) = mpsc::channel::<std::io::Result<()>>();
    let data = job.to_vec();
    std::thread::spawn(move || {
        for chunk in data.chunks(CHUNK) {
            let r = f.write_all(chunk);
            let failed = r.is_err();
            if tx.send(r).is_err() || failed {
                return;
            }
        }
        let _ = tx.send(f.flush());
    });
    let chunks = job.len().div_ceil(CHUNK) + 1;
    for _ in 0..chunks {
        match rx.recv_timeout(IO_TIMEOUT) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(io_err(&target, "write", e)),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(TransportError::Timeout {
                    target,
                    op: "write",
                })
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(())
}

/// Files written for one job in a preview directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJob {
    pub number: u64,
    pub bin: PathBuf,
    pub png: PathBuf,
    pub txt: PathBuf,
}

/// Store a job as `N.bin`, `N.png` (the decoded paper) and `N.txt` (text lines, QR data, decoder warnings) in
/// `dir`, N one more than the highest there; an existing file is never overwritten.
pub fn store_preview_job(dir: &Path, job: &[u8], width: Option<u32>) -> std::io::Result<StoredJob> {
    std::fs::create_dir_all(dir)?;
    let highest = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".bin")
                .and_then(|n| n.parse::<u64>().ok())
        })
        .max()
        .unwrap_or(0);
    let mut n = highest + 1;
    let (mut bin_file, bin) = loop {
        let path = dir.join(format!("{n}.bin"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => break (f, path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(e),
        }
    };
    bin_file.write_all(job)?;
    let p = preview::decode_with_width(job, width);
    let png = dir.join(format!("{n}.png"));
    let bytes = p.png().map_err(std::io::Error::other)?;
    write_new(&png, &bytes)?;
    let txt = dir.join(format!("{n}.txt"));
    write_new(&txt, preview_text(&p).as_bytes())?;
    Ok(StoredJob {
        number: n,
        bin,
        png,
        txt,
    })
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)
}

/// The `N.txt` / `preview --text` rendering of a decoded job: text lines, then `[QR] data` lines, then
/// `[warning] …` lines.
pub fn preview_text(p: &preview::Preview) -> String {
    let mut s = String::new();
    for l in &p.text_lines {
        s.push_str(l);
        s.push('\n');
    }
    for q in &p.qr_codes {
        s.push_str(&format!("[QR] {q}\n"));
    }
    for w in &p.warnings {
        s.push_str(&format!("[warning] {w}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        let ok: &[(&str, PrinterUri)] = &[
            (
                "tcp://192.168.1.50:9100",
                PrinterUri::Tcp {
                    host: "192.168.1.50".into(),
                    port: 9100,
                },
            ),
            (
                "tcp://printer.local:9100/",
                PrinterUri::Tcp {
                    host: "printer.local".into(),
                    port: 9100,
                },
            ),
            (
                "usb://0416:5011",
                PrinterUri::Usb {
                    vid: 0x0416,
                    pid: 0x5011,
                },
            ),
            ("dev:/dev/usb/lp0", PrinterUri::Dev("/dev/usb/lp0".into())),
            (
                "serial:/dev/ttyUSB0?baud=115200",
                PrinterUri::Serial {
                    path: "/dev/ttyUSB0".into(),
                    baud: 115200,
                },
            ),
            (
                "serial:/dev/ttyS0",
                PrinterUri::Serial {
                    path: "/dev/ttyS0".into(),
                    baud: 9600,
                },
            ),
            ("file:/tmp/x.bin", PrinterUri::File("/tmp/x.bin".into())),
            ("file:jobs.bin", PrinterUri::File("jobs.bin".into())),
            (
                "preview:/var/lib/p",
                PrinterUri::Preview("/var/lib/p".into()),
            ),
        ];
        for (s, want) in ok {
            assert_eq!(&PrinterUri::parse(s).unwrap(), want, "{s}");
        }
        let bad: &[(&str, &str)] = &[
            ("lp0", "no scheme"),
            ("tcp://host", "port"),
            ("tcp://:9100", "host"),
            ("tcp://h:99999", "port"),
            ("usb://xyz:1", "hex"),
            ("serial:/dev/ttyS0?baud=fast", "baud"),
            ("serial:/dev/ttyS0?parity=odd", "baud=N"),
            ("ipp://printer", "unknown scheme"),
            ("preview:", "directory"),
        ];
        for (s, want) in bad {
            let e = PrinterUri::parse(s).unwrap_err().to_string();
            assert!(e.contains(want), "{s}: {e}");
        }
    }

    #[test]
    fn relative_paths_resolve_against_base() {
        let base = Path::new("/var/lib/court-kiosk");
        let cases: &[(&str, PrinterUri)] = &[
            (
                "file:out/jobs.bin",
                PrinterUri::File("/var/lib/court-kiosk/out/jobs.bin".into()),
            ),
            ("file:/abs.bin", PrinterUri::File("/abs.bin".into())),
            (
                "preview:prev",
                PrinterUri::Preview("/var/lib/court-kiosk/prev".into()),
            ),
        ];
        for (s, want) in cases {
            assert_eq!(
                &PrinterUri::parse(s).unwrap().resolved(Some(base)),
                want,
                "{s}"
            );
        }
    }
}
