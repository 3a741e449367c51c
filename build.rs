//! Compiles the Slint UI. Debug builds keep debug info in the compiled UI so that the headless UI tests can find
//! elements by `accessible-label` (i-slint-backend-testing needs it).
fn main() {
    // Source strings are zh-CN (the default language); English lives in ui/translations/en/.
    // No default translation context: one msgid means one thing across the whole UI.
    let mut config = slint_build::CompilerConfiguration::new()
        .with_bundled_translations("ui/translations")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None);
    if std::env::var("PROFILE").as_deref() != Ok("release") {
        config = config.with_debug_info(true);
    }
    if let Err(e) = slint_build::compile_with_config("ui/index.slint", config) {
        println!("cargo:warning=slint compile failed: {e}");
        std::process::exit(1);
    }
}
