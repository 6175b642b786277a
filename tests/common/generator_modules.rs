// The fixture generator's library modules (`examples/make_fixtures`), for
// the tests that build reports with it. Included at a test crate's root
// (`include!("common/generator_modules.rs");`), since the modules name
// each other as `crate::…`; each test uses only some of them.

#[allow(dead_code)]
#[path = "../../examples/make_fixtures/blocks.rs"]
mod blocks;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/canvas.rs"]
mod canvas;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/metrics.rs"]
mod metrics;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/pdf.rs"]
mod pdf;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/records.rs"]
mod records;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/style.rs"]
mod style;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/table.rs"]
mod table;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/templates.rs"]
mod templates;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/tmpl_card.rs"]
mod tmpl_card;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/tmpl_kpi.rs"]
mod tmpl_kpi;
#[allow(dead_code)]
#[path = "../../examples/make_fixtures/tmpl_matrix.rs"]
mod tmpl_matrix;
