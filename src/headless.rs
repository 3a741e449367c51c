//! A display-less Slint platform: the software renderer draws the window into memory, which is saved as PNG.
//! Used by `court-kiosk screenshot`; needs no X server, Wayland or GPU.

use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context as _};
use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, WindowAdapter};
use slint::PhysicalSize;
use slint::Rgb8Pixel;

struct HeadlessPlatform {
    window: Rc<MinimalSoftwareWindow>,
    start: Instant,
}

impl Platform for HeadlessPlatform {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.window.clone())
    }
    fn duration_since_start(&self) -> Duration {
        self.start.elapsed()
    }
}

/// Installs the headless platform for this process (once, before any component is created).
pub fn install(width: u32, height: u32) -> anyhow::Result<Rc<MinimalSoftwareWindow>> {
    let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
    window.set_size(PhysicalSize::new(width, height));
    slint::platform::set_platform(Box::new(HeadlessPlatform {
        window: window.clone(),
        start: Instant::now(),
    }))
    .map_err(|e| anyhow!("cannot set the headless platform: {e:?}"))?;
    Ok(window)
}

/// Draws the window as it is now and writes it to `out` as PNG.
pub fn save_png(
    window: &MinimalSoftwareWindow,
    width: u32,
    height: u32,
    out: &Path,
) -> anyhow::Result<()> {
    slint::platform::update_timers_and_animations();
    window.request_redraw();
    let mut buffer = vec![Rgb8Pixel::default(); (width as usize) * (height as usize)];
    let drawn = window.draw_if_needed(|renderer| {
        renderer.render(&mut buffer, width as usize);
    });
    if !drawn {
        return Err(anyhow!("the window did not draw (is the component shown?)"));
    }
    let bytes: Vec<u8> = buffer.iter().flat_map(|p| [p.r, p.g, p.b]).collect();
    let img = image::RgbImage::from_raw(width, height, bytes)
        .ok_or_else(|| anyhow!("frame buffer has the wrong size"))?;
    img.save_with_format(out, image::ImageFormat::Png)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}
